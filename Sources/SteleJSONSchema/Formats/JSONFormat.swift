import SteleJSON

/// The formats JSON Schema defines. Annotations by default; assertions when the caller asks
/// (`--formats`) or the dialect's vocabulary says so. Non-strings always pass.
public enum JSONFormat: String, Sendable, CaseIterable {
    case dateTime = "date-time", date, time, duration
    case email, idnEmail = "idn-email", hostname, idnHostname = "idn-hostname"
    case ipv4, ipv6, uri, uriReference = "uri-reference", iri, iriReference = "iri-reference"
    case uuid, uriTemplate = "uri-template", jsonPointer = "json-pointer"
    case relativeJSONPointer = "relative-json-pointer", regex

    public func accepts(_ value: JSONValue) -> Bool {
        guard case .string(let s) = value else { return true }
        return accepts(s)
    }

    public func accepts(_ s: String) -> Bool {
        // The formats messages carry most often are checked in place, without copying the text.
        switch self {
        case .uuid, .email, .hostname:
            let answer: Bool?? = s.utf8.withContiguousStorageIfAvailable { b in
                switch self {
                case .uuid: return FormatChecks.uuid(b)
                case .email: return FormatChecks.plainASCIIEmail(b)
                default: return FormatChecks.plainASCIIHostname(b[...])
                }
            }
            if let answer, let known = answer { return known }
        default: break
        }
        let b = Array(s.utf8)
        switch self {
        case .dateTime: return FormatChecks.dateTime(b)
        case .date: return FormatChecks.date(b[...])
        case .time: return FormatChecks.time(b[...])
        case .duration: return FormatChecks.duration(b)
        case .email: return FormatChecks.email(s, international: false)
        case .idnEmail: return FormatChecks.email(s, international: true)
        case .hostname: return FormatChecks.hostname(s, international: false)
        case .idnHostname: return FormatChecks.hostname(s, international: true)
        case .ipv4: return FormatChecks.ipv4(b[...])
        case .ipv6: return FormatChecks.ipv6(s)
        case .uri: return FormatChecks.uri(s, absolute: true, international: false)
        case .uriReference: return FormatChecks.uri(s, absolute: false, international: false)
        case .iri: return FormatChecks.uri(s, absolute: true, international: true)
        case .iriReference: return FormatChecks.uri(s, absolute: false, international: true)
        case .uuid: return FormatChecks.uuid(b)
        case .uriTemplate: return FormatChecks.uriTemplate(s)
        case .jsonPointer: return FormatChecks.jsonPointer(s)
        case .relativeJSONPointer: return FormatChecks.relativeJSONPointer(s)
        case .regex: return (try? ECMARegex(s)) != nil
        }
    }
}

enum FormatChecks {
    static func digits(_ b: ArraySlice<UInt8>, _ from: Int, _ count: Int) -> Int? {
        guard from + count <= b.endIndex else { return nil }
        var v = 0
        for i in from..<(from + count) {
            let c = b[i]
            guard c >= 0x30 && c <= 0x39 else { return nil }
            v = v * 10 + Int(c - 0x30)
        }
        return v
    }

    static func date(_ b: ArraySlice<UInt8>) -> Bool {
        let s = b.startIndex
        guard b.count == 10, b[s + 4] == UInt8(ascii: "-"), b[s + 7] == UInt8(ascii: "-"),
              let y = digits(b, s, 4), let m = digits(b, s + 5, 2), let d = digits(b, s + 8, 2) else { return false }
        guard m >= 1 && m <= 12, d >= 1 else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return d <= days
    }

    static func time(_ b: ArraySlice<UInt8>) -> Bool {
        let s = b.startIndex
        guard b.count >= 9, b[s + 2] == UInt8(ascii: ":"), b[s + 5] == UInt8(ascii: ":"),
              let h = digits(b, s, 2), let m = digits(b, s + 3, 2), let sec = digits(b, s + 6, 2) else { return false }
        var i = s + 8
        if i < b.endIndex, b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.endIndex, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
            guard i > start else { return false }
        }
        guard i < b.endIndex else { return false }
        var offsetMinutes = 0
        switch b[i] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            guard i + 1 == b.endIndex else { return false }
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            guard b.endIndex - i == 6, b[i + 3] == UInt8(ascii: ":"), let oh = digits(b, i + 1, 2), let om = digits(b, i + 4, 2), oh <= 23, om <= 59 else { return false }
            offsetMinutes = (oh * 60 + om) * (b[i] == UInt8(ascii: "+") ? 1 : -1)
        default: return false
        }
        guard h <= 23, m <= 59, sec <= 60 else { return false }
        if sec == 60 {
            // A leap second happens at 23:59:60 UTC only.
            let utc = ((h * 60 + m - offsetMinutes) % 1440 + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }

    static func dateTime(_ b: [UInt8]) -> Bool {
        guard b.count >= 20 else { return false }
        let t = b[10]
        guard t == UInt8(ascii: "T") || t == UInt8(ascii: "t") else { return false }
        return date(b[0..<10]) && time(b[11...])
    }

    static func duration(_ b: [UInt8]) -> Bool {
        guard b.first == UInt8(ascii: "P"), b.count > 1 else { return false }
        var i = 1
        var inTime = false
        var seen: [UInt8] = []
        var any = false
        var timeAny = false
        while i < b.count {
            if b[i] == UInt8(ascii: "T") {
                guard !inTime else { return false }
                inTime = true
                i += 1
                continue
            }
            let start = i
            while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
            guard i > start, i < b.count else { return false }
            let unit = b[i]
            let allowed: [UInt8] = inTime ? Array("HMS".utf8) : Array("YMWD".utf8)
            guard let pos = allowed.firstIndex(of: unit) else { return false }
            if let last = seen.last, let lastPos = allowed.firstIndex(of: last), lastPos >= pos, !(inTime && !seen.contains(where: { allowed.contains($0) })) { return false }
            if unit == UInt8(ascii: "W") && (!seen.isEmpty) { return false }
            if !inTime && seen.contains(UInt8(ascii: "W")) { return false }
            seen.append(unit)
            any = true
            if inTime { timeAny = true }
            i += 1
        }
        if inTime && !timeAny { return false }
        return any
    }

    @inline(__always) static func isASCIIAlphanumeric(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
    }

    @inline(__always) static func isHex(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
    }

    /// RFC 5321 `atext` specials.
    static func isAtextSpecial(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
             UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "?"),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"):
            return true
        default: return false
        }
    }

    static func email(_ s: String, international: Bool) -> Bool {
        let b = Array(s.utf8)
        guard let at = b.lastIndex(of: UInt8(ascii: "@")) else { return false }
        let local = b[..<at], domain = b[(at + 1)...]
        guard !local.isEmpty, !domain.isEmpty else { return false }
        if local.first == UInt8(ascii: "\""), local.last == UInt8(ascii: "\""), local.count >= 2 {
        } else {
            guard dotAtom(local, international: international) else { return false }
        }
        if domain.first == UInt8(ascii: "["), domain.last == UInt8(ascii: "]") {
            let inner = domain.dropFirst().dropLast()
            if inner.starts(with: Array("IPv6:".utf8)) { return ipv6(String(decoding: inner.dropFirst(5), as: UTF8.self)) }
            return ipv4(ArraySlice(inner))
        }
        return hostname(String(decoding: domain, as: UTF8.self), international: international)
    }

    /// An unquoted local part: atext characters (and, for `idn-email`, any non-ASCII) in
    /// dot-separated runs, with no leading, trailing or doubled dot.
    static func dotAtom<C: BidirectionalCollection>(_ local: C, international: Bool) -> Bool where C.Element == UInt8 {
        guard local.first != UInt8(ascii: "."), local.last != UInt8(ascii: ".") else { return false }
        var previousDot = false
        for c in local {
            if c == UInt8(ascii: ".") {
                if previousDot { return false }
                previousDot = true
                continue
            }
            previousDot = false
            if c < 0x80 {
                guard isASCIIAlphanumeric(c) || isAtextSpecial(c) else { return false }
            } else if !international {
                return false
            }
        }
        return true
    }

    /// `email` for an ASCII address without a quoted local part or an address literal — the
    /// common case, checked in place; nil for anything else (the general check decides).
    static func plainASCIIEmail(_ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        var at = -1
        for i in b.indices {
            let c = b[i]
            if c >= 0x80 || c == UInt8(ascii: "\"") || c == UInt8(ascii: "[") { return nil }
            if c == UInt8(ascii: "@") { at = i }
        }
        guard at > 0, at < b.count - 1 else { return false }
        guard dotAtom(b[..<at], international: false) else { return false }
        return plainASCIIHostname(b[(at + 1)...])
    }

    /// `hostname` for ASCII text, in place: LDH labels of 1…63 characters, no leading or
    /// trailing hyphen, "??--" only as xn--; nil when the text is not ASCII.
    static func plainASCIIHostname(_ b: Slice<UnsafeBufferPointer<UInt8>>) -> Bool? {
        var host = b
        if host.last == UInt8(ascii: ".") { host = host.dropLast() }
        guard !host.isEmpty else { return false }
        guard host.count <= 253 else { return host.allSatisfy({ $0 < 0x80 }) ? false : nil }
        var labelStart = host.startIndex
        var i = host.startIndex
        while true {
            let atEnd = i == host.endIndex
            if atEnd || host[i] == UInt8(ascii: ".") {
                let label = host[labelStart..<i]
                guard !label.isEmpty, label.count <= 63, label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-") else { return label.allSatisfy({ $0 < 0x80 }) ? false : nil }
                let l = label.startIndex
                if label.count >= 4, label[l + 2] == UInt8(ascii: "-"), label[l + 3] == UInt8(ascii: "-"),
                   !(label[l] | 0x20 == UInt8(ascii: "x") && label[l + 1] | 0x20 == UInt8(ascii: "n")) { return false }
                if atEnd { return true }
                labelStart = i + 1
            } else {
                let c = host[i]
                if c >= 0x80 { return nil }
                guard isASCIIAlphanumeric(c) || c == UInt8(ascii: "-") else { return false }
            }
            i += 1
        }
    }

    static func hostname(_ s: String, international: Bool) -> Bool {
        var host = Array(s.utf8)[...]
        if host.last == UInt8(ascii: ".") { host = host.dropLast() }
        guard !host.isEmpty, host.count <= 253 || international else { return false }
        if host.allSatisfy({ $0 < 0x80 }) {
            // ASCII: LDH labels of 1…63 characters, no leading or trailing hyphen, "??--" only as xn--.
            for label in host.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
                guard !label.isEmpty, label.count <= 63, label.first != UInt8(ascii: "-"), label.last != UInt8(ascii: "-") else { return false }
                let l = label.startIndex
                if label.count >= 4, label[l + 2] == UInt8(ascii: "-"), label[l + 3] == UInt8(ascii: "-"),
                   !(label[l] | 0x20 == UInt8(ascii: "x") && label[l + 1] | 0x20 == UInt8(ascii: "n")) { return false }
                for c in label where !(isASCIIAlphanumeric(c) || c == UInt8(ascii: "-")) { return false }
            }
            return true
        }
        guard international else { return false }
        for label in s.split(separator: ".", omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.utf8.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-") else { return false }
            for c in label.unicodeScalars {
                if c.isASCII {
                    guard let v = UInt8(exactly: c.value), isASCIIAlphanumeric(v) || v == UInt8(ascii: "-") else { return false }
                } else {
                    let gc = c.properties.generalCategory
                    if [.spaceSeparator, .control, .unassigned, .otherPunctuation, .mathSymbol].contains(gc) && c != "\u{00B7}" && c != "\u{0375}" && c != "\u{05F3}" && c != "\u{05F4}" && c != "\u{30FB}" { return false }
                }
            }
        }
        return true
    }

    static func ipv4(_ b: ArraySlice<UInt8>) -> Bool {
        let parts = b.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
            if p.count > 1 && p.first == 0x30 { return false }
            guard let v = digits(p, p.startIndex, p.count), v <= 255 else { return false }
        }
        return true
    }

    static func ipv6(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.allSatisfy({ $0 < 0x80 }) else { return false }
        var text = Substring(s)
        var groupsNeeded = 8
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard ipv4(Array(text[text.index(after: lastColon)...].utf8)[...]) else { return false }
            text = text[...lastColon]
            if text.hasSuffix("::") { } else { text = text.dropLast() }
            groupsNeeded = 6
        }
        var halves: [String] = []
        var rest = String(text)
        while let r = rest.firstRange(of: "::") {
            halves.append(String(rest[..<r.lowerBound]))
            rest = String(rest[r.upperBound...])
        }
        halves.append(rest)
        guard halves.count <= 2 else { return false }
        func groups(_ h: String) -> Int? {
            if h.isEmpty { return 0 }
            let g = h.split(separator: ":", omittingEmptySubsequences: false)
            for x in g {
                guard !x.isEmpty, x.count <= 4, x.allSatisfy({ $0.isHexDigit }) else { return nil }
            }
            return g.count
        }
        if halves.count == 1 {
            return groups(halves[0]) == groupsNeeded
        }
        guard let a = groups(halves[0]), let b = groups(halves[1]) else { return false }
        return a + b < groupsNeeded
    }

    static func uri(_ s: String, absolute: Bool, international: Bool) -> Bool {
        for c in s.unicodeScalars {
            if !c.isASCII { if !international { return false } else { continue } }
            if c.value <= 0x20 || "<>\"{}|\\^`".unicodeScalars.contains(c) { return false }
        }
        // Percent escapes must be complete.
        let b = Array(s.utf8)
        var i = 0
        while i < b.count {
            if b[i] == UInt8(ascii: "%") {
                guard i + 2 < b.count, Character(UnicodeScalar(b[i + 1])).isHexDigit, Character(UnicodeScalar(b[i + 2])).isHexDigit else { return false }
                i += 3
            } else {
                i += 1
            }
        }
        let ref = URIReference(parsing: s)
        if absolute && ref.scheme == nil { return false }
        if ref.scheme == nil, let colon = s.firstIndex(of: ":"), !s[..<colon].contains("/"), !s[..<colon].contains("?"), !s[..<colon].contains("#") {
            return false  // a relative reference's first segment cannot contain ':'
        }
        if let f = ref.fragment, f.contains("#") { return false }
        if let a = ref.authority {
            var host = Substring(a)
            if let at = host.lastIndex(of: "@") { host = host[host.index(after: at)...] }
            if host.hasPrefix("[") {
                guard let close = host.firstIndex(of: "]") else { return false }
                let rest = host[host.index(after: close)...]
                if !rest.isEmpty && !(rest.hasPrefix(":") && rest.dropFirst().allSatisfy(\.isNumber)) { return false }
            } else if let colon = host.lastIndex(of: ":") {
                guard host[host.index(after: colon)...].allSatisfy(\.isNumber) else { return false }
            }
        }
        return true
    }

    static func uuid(_ b: [UInt8]) -> Bool { b.withUnsafeBufferPointer { uuid($0) } }

    static func uuid(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count == 36, b[8] == UInt8(ascii: "-"), b[13] == UInt8(ascii: "-"), b[18] == UInt8(ascii: "-"), b[23] == UInt8(ascii: "-") else { return false }
        for i in 0..<36 where i != 8 && i != 13 && i != 18 && i != 23 {
            guard isHex(b[i]) else { return false }
        }
        return true
    }

    static func uriTemplate(_ s: String) -> Bool {
        var depth = 0
        for c in s {
            if c == "{" { depth += 1; if depth > 1 { return false } }
            if c == "}" { depth -= 1; if depth < 0 { return false } }
        }
        return depth == 0
    }

    static func jsonPointer(_ s: String) -> Bool {
        if s.isEmpty { return true }
        guard s.hasPrefix("/") else { return false }
        let b = Array(s.utf8)
        for (i, c) in b.enumerated() where c == UInt8(ascii: "~") {
            guard i + 1 < b.count, b[i + 1] == UInt8(ascii: "0") || b[i + 1] == UInt8(ascii: "1") else { return false }
        }
        return true
    }

    static func relativeJSONPointer(_ s: String) -> Bool {
        let b = Array(s.utf8)
        var i = 0
        while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 { i += 1 }
        guard i > 0 else { return false }
        if i > 1 && b[0] == 0x30 { return false }
        if i == b.count { return true }
        if b[i] == UInt8(ascii: "#") { return i + 1 == b.count }
        return jsonPointer(String(decoding: b[i...], as: UTF8.self))
    }
}
