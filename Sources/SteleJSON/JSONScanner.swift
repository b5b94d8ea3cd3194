/// Records value positions while scanning; the no-op recorder compiles away.
protocol PositionRecorder {
    mutating func enter(token: String)
    mutating func enterIndex(_ index: Int)
    mutating func leave()
    mutating func recordValue(_ range: Range<Int>)
    mutating func recordKey(_ range: Range<Int>)
}

struct NoPositionRecorder: PositionRecorder {
    @inline(__always) mutating func enter(token: String) {}
    @inline(__always) mutating func enterIndex(_ index: Int) {}
    @inline(__always) mutating func leave() {}
    @inline(__always) mutating func recordValue(_ range: Range<Int>) {}
    @inline(__always) mutating func recordKey(_ range: Range<Int>) {}
}

struct SourceMapRecorder: PositionRecorder {
    var path: [String] = [""]
    var ranges: [String: Range<Int>] = [:]
    var keyRanges: [String: Range<Int>] = [:]

    mutating func enter(token: String) { path.append(path[path.count - 1] + "/" + JSONPointer.escape(token)) }
    mutating func enterIndex(_ index: Int) { path.append(path[path.count - 1] + "/" + String(index)) }
    mutating func leave() { path.removeLast() }
    mutating func recordValue(_ range: Range<Int>) { ranges[path[path.count - 1]] = range }
    mutating func recordKey(_ range: Range<Int>) { keyRanges[path[path.count - 1]] = range }
}

/// The scanning state: a cursor over the input bytes. All reads are bounds-checked against
/// `end`; nothing here traps on any input.
struct JSONScanner<Recorder: PositionRecorder> {
    let buffer: UnsafeBufferPointer<UInt8>
    let options: JSONParser.Options
    var recorder: Recorder
    var pos: Int = 0
    var depth: Int = 0
    var end: Int { buffer.count }

    init(buffer: UnsafeBufferPointer<UInt8>, options: JSONParser.Options, recorder: Recorder) {
        self.buffer = buffer
        self.options = options
        self.recorder = recorder
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        guard buffer.count <= options.maxBytes else {
            throw error(.sizeLimitExceeded, "document of \(buffer.count) bytes exceeds the limit of \(options.maxBytes) bytes", at: options.maxBytes)
        }
        skipWhitespace()
        guard pos < end else { throw error(.emptyInput, "empty input: expected a JSON value") }
        let value = try parseValue()
        skipWhitespace()
        guard pos == end else { throw error(.trailingContent, "unexpected content after the JSON value") }
        return value
    }

    // MARK: errors

    func error(_ code: JSONParseError.Code, _ detail: String, at offset: Int? = nil) -> JSONParseError {
        let off = offset ?? pos
        let position = Self.position(in: buffer, offset: off)
        return JSONParseError(code: code, offset: off, position: position, detail: detail)
    }

    /// Line:column computed only when an error is reported.
    static func position(in buffer: UnsafeBufferPointer<UInt8>, offset: Int) -> SourcePosition {
        let limit = min(offset, buffer.count)
        var line = 1, column = 1
        var i = 0
        while i < limit {
            let b = buffer[i]
            if b == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
            i += 1
        }
        return SourcePosition(line: line, column: column, offset: offset)
    }

    func describeByte(at offset: Int) -> String {
        guard offset < end else { return "end of input" }
        let b = buffer[offset]
        if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x" + String(b, radix: 16, uppercase: true)
    }

    // MARK: scanning

    @inline(__always) mutating func skipWhitespace() {
        while pos < end {
            switch buffer[pos] {
            case 0x20, 0x0A, 0x0D, 0x09: pos += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard pos < end else { throw error(.unexpectedEndOfInput, "unexpected end of input: expected a value") }
        let start = pos
        let value: JSONValue
        switch buffer[pos] {
        case UInt8(ascii: "{"): value = try parseObject()
        case UInt8(ascii: "["): value = try parseArray()
        case UInt8(ascii: "\""): value = .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); value = .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); value = .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); value = .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = try parseNumber()
        default:
            throw error(.unexpectedCharacter, "unexpected \(describeByte(at: pos)): expected a value")
        }
        recorder.recordValue(start..<pos)
        return value
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        let start = pos
        guard end - pos >= count else {
            throw error(.invalidLiteral, "invalid literal: expected '\(literal)'", at: start)
        }
        let p = literal.utf8Start
        for i in 0..<count where buffer[pos + i] != p[i] {
            throw error(.invalidLiteral, "invalid literal: expected '\(literal)'", at: start)
        }
        pos += count
    }

    mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        if depth > options.maxDepth {
            throw error(.depthLimitExceeded, "nesting deeper than the limit of \(options.maxDepth) levels")
        }
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        pos += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if pos < end && buffer[pos] == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            recorder.enterIndex(elements.count)
            elements.append(try parseValue())
            recorder.leave()
            skipWhitespace()
            guard pos < end else { throw error(.unexpectedEndOfInput, "unexpected end of input: expected ',' or ']' in array") }
            let c = buffer[pos]
            pos += 1
            if c == UInt8(ascii: ",") { continue }
            if c == UInt8(ascii: "]") { break }
            throw error(.unexpectedCharacter, "unexpected \(describeByte(at: pos - 1)): expected ',' or ']' in array", at: pos - 1)
        }
        depth -= 1
        return .array(elements)
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        pos += 1  // {
        var object = JSONObject()
        skipWhitespace()
        if pos < end && buffer[pos] == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard pos < end else { throw error(.unexpectedEndOfInput, "unexpected end of input: expected a member name") }
            guard buffer[pos] == UInt8(ascii: "\"") else {
                throw error(.unexpectedCharacter, "unexpected \(describeByte(at: pos)): expected a member name in double quotes")
            }
            let keyStart = pos
            let key = try parseString()
            let keyEnd = pos
            skipWhitespace()
            guard pos < end else { throw error(.unexpectedEndOfInput, "unexpected end of input: expected ':'") }
            guard buffer[pos] == UInt8(ascii: ":") else {
                throw error(.unexpectedCharacter, "unexpected \(describeByte(at: pos)): expected ':' after member name")
            }
            pos += 1
            skipWhitespace()
            recorder.enter(token: key)
            recorder.recordKey(keyStart..<keyEnd)
            let value = try parseValue()
            recorder.leave()
            if let existing = object.position(of: key) {
                switch options.duplicateKeys {
                case .reject:
                    throw error(.duplicateKey, "duplicate member name \"\(key)\"", at: keyStart)
                case .keepLast:
                    object.replaceValue(at: existing, with: value)
                case .keepFirst:
                    break
                }
            } else {
                object.append(key: key, value: value)
            }
            skipWhitespace()
            guard pos < end else { throw error(.unexpectedEndOfInput, "unexpected end of input: expected ',' or '}' in object") }
            let c = buffer[pos]
            pos += 1
            if c == UInt8(ascii: ",") { continue }
            if c == UInt8(ascii: "}") { break }
            throw error(.unexpectedCharacter, "unexpected \(describeByte(at: pos - 1)): expected ',' or '}' in object", at: pos - 1)
        }
        depth -= 1
        return .object(object)
    }
}
