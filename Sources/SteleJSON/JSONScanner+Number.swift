extension JSONScanner {
    /// Parses an RFC 8259 number. Plain integers that fit `Int64` are accumulated directly (no
    /// text, no allocation); anything else keeps its text and gets its nearest `Double`.
    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = pos
        var negative = false
        if buffer[pos] == UInt8(ascii: "-") {
            negative = true
            pos += 1
        }
        guard pos < end, isDigit(buffer[pos]) else {
            throw error(.invalidNumber, "invalid number: expected a digit", at: pos)
        }
        var overflow = false
        var magnitude: UInt64 = 0
        if buffer[pos] == UInt8(ascii: "0") {
            pos += 1
            if pos < end && isDigit(buffer[pos]) {
                throw error(.invalidNumber, "invalid number: leading zeros are not allowed", at: start)
            }
        } else {
            while pos < end && isDigit(buffer[pos]) {
                let d = UInt64(buffer[pos] &- 48)
                if !overflow {
                    let (m1, o1) = magnitude.multipliedReportingOverflow(by: 10)
                    let (m2, o2) = m1.addingReportingOverflow(d)
                    if o1 || o2 { overflow = true } else { magnitude = m2 }
                }
                pos += 1
            }
        }
        var isInteger = true
        if pos < end && buffer[pos] == UInt8(ascii: ".") {
            isInteger = false
            pos += 1
            guard pos < end, isDigit(buffer[pos]) else {
                throw error(.invalidNumber, "invalid number: expected a digit after '.'", at: pos)
            }
            while pos < end && isDigit(buffer[pos]) { pos += 1 }
        }
        if pos < end && (buffer[pos] == UInt8(ascii: "e") || buffer[pos] == UInt8(ascii: "E")) {
            isInteger = false
            pos += 1
            if pos < end && (buffer[pos] == UInt8(ascii: "+") || buffer[pos] == UInt8(ascii: "-")) { pos += 1 }
            guard pos < end, isDigit(buffer[pos]) else {
                throw error(.invalidNumber, "invalid number: expected a digit in the exponent", at: pos)
            }
            while pos < end && isDigit(buffer[pos]) { pos += 1 }
        }
        if isInteger && !overflow {
            if negative {
                if magnitude <= UInt64(Int64.max) { return .int(-Int64(magnitude)) }
                if magnitude == UInt64(Int64.max) + 1 { return .int(Int64.min) }
            } else if magnitude <= UInt64(Int64.max) {
                return .int(Int64(magnitude))
            }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<pos]), as: UTF8.self)
        return .number(JSONNumber(validatedText: text, double: Double(text) ?? .nan))
    }

    @inline(__always) func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }
}
