extension JSONScanner {
    /// Parses a string starting at the opening quote. Strings without escapes (the common case)
    /// are validated in place and copied once.
    mutating func parseString() throws(JSONParseError) -> String {
        let open = pos
        pos += 1
        let start = pos
        while pos < end {
            let b = buffer[pos]
            if b == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<pos]), as: UTF8.self)
                pos += 1
                return s
            }
            if b == UInt8(ascii: "\\") { return try parseEscapedString(contentStart: start, open: open) }
            if b < 0x20 {
                throw error(.controlCharacterInString, "control character (byte 0x\(String(b, radix: 16, uppercase: true))) in string: it must be escaped")
            }
            if b < 0x80 { pos += 1 } else { try skipUTF8Sequence() }
        }
        throw error(.unexpectedEndOfInput, "unterminated string (opened at offset \(open))")
    }

    private mutating func parseEscapedString(contentStart: Int, open: Int) throws(JSONParseError) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(pos - contentStart + 16)
        out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[contentStart..<pos]))
        while pos < end {
            let b = buffer[pos]
            if b == UInt8(ascii: "\"") {
                pos += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") {
                try appendEscape(into: &out)
            } else if b < 0x20 {
                throw error(.controlCharacterInString, "control character (byte 0x\(String(b, radix: 16, uppercase: true))) in string: it must be escaped")
            } else if b < 0x80 {
                out.append(b)
                pos += 1
            } else {
                let s = pos
                try skipUTF8Sequence()
                out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[s..<pos]))
            }
        }
        throw error(.unexpectedEndOfInput, "unterminated string (opened at offset \(open))")
    }

    private mutating func appendEscape(into out: inout [UInt8]) throws(JSONParseError) {
        let escapeStart = pos
        pos += 1
        guard pos < end else { throw error(.unexpectedEndOfInput, "unterminated escape sequence") }
        let c = buffer[pos]
        pos += 1
        switch c {
        case UInt8(ascii: "\""): out.append(0x22)
        case UInt8(ascii: "\\"): out.append(0x5C)
        case UInt8(ascii: "/"): out.append(0x2F)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try readHex4()
            if scalar >= 0xD800 && scalar <= 0xDBFF {
                // A high surrogate must be followed by \u and a low surrogate.
                guard end - pos >= 6, buffer[pos] == UInt8(ascii: "\\"), buffer[pos + 1] == UInt8(ascii: "u") else {
                    throw error(.loneSurrogate, "lone high surrogate \\u\(String(scalar, radix: 16, uppercase: true)) in string", at: escapeStart)
                }
                pos += 2
                let low = try readHex4()
                guard low >= 0xDC00 && low <= 0xDFFF else {
                    throw error(.loneSurrogate, "high surrogate not followed by a low surrogate in string", at: escapeStart)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                throw error(.loneSurrogate, "lone low surrogate \\u\(String(scalar, radix: 16, uppercase: true)) in string", at: escapeStart)
            }
            appendUTF8(scalar, into: &out)
        default:
            throw error(.invalidEscape, "invalid escape sequence '\\\(describeByte(at: pos - 1))' in string", at: escapeStart)
        }
    }

    private mutating func readHex4() throws(JSONParseError) -> UInt32 {
        guard end - pos >= 4 else { throw error(.invalidUnicodeEscape, "\\u must be followed by four hex digits") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = buffer[pos]
            let d: UInt32
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c - 87)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c - 55)
            default: throw error(.invalidUnicodeEscape, "\\u must be followed by four hex digits")
            }
            v = v << 4 | d
            pos += 1
        }
        return v
    }

    private func appendUTF8(_ scalar: UInt32, into out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (scalar >> 18)))
            out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    /// Validates one multi-byte UTF-8 sequence at `pos` (RFC 3629 table: no overlong forms,
    /// no surrogates, nothing above U+10FFFF) and moves past it.
    @inline(__always) mutating func skipUTF8Sequence() throws(JSONParseError) {
        let length = UTF8Validation.multibyteSequenceLength(buffer.baseAddress!, at: pos, count: end)
        guard length > 0 else {
            throw error(.invalidUTF8, "invalid UTF-8 sequence starting with byte 0x\(String(buffer[pos], radix: 16, uppercase: true))")
        }
        pos += length
    }
}
