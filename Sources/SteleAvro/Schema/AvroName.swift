/// An Avro full name: a simple name and an optional namespace (`nil` is the null namespace).
public struct AvroName: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let namespace: String?

    public init(name: String, namespace: String?) {
        self.name = name
        self.namespace = (namespace?.isEmpty ?? true) ? nil : namespace
    }

    /// Resolves a name as written in a schema: a dotted name carries its own namespace and
    /// ignores `enclosing` (spec: "a fullname ... the namespace attribute is ignored"); a
    /// simple name takes `enclosing`.
    public init(resolving written: String, in enclosing: String?) {
        if let dot = written.lastIndex(of: ".") {
            self.init(name: String(written[written.index(after: dot)...]), namespace: String(written[..<dot]))
        } else {
            self.init(name: written, namespace: enclosing)
        }
    }

    public var fullName: String {
        guard let namespace else { return name }
        return namespace + "." + name
    }

    /// The name as Java's `Name.getQualified(space)` writes it: simple when it lives in
    /// `space`, full otherwise.
    public func qualified(relativeTo space: String?) -> String {
        (namespace == nil || namespace == space) ? name : fullName
    }

    public var description: String { fullName }
}

/// Avro name rules: `[A-Za-z_][A-Za-z0-9_]*` for each part (the spec's rule, and Avro Java's
/// `NameValidator.STRICT_VALIDATOR` that Confluent uses for new schemas).
enum AvroNameRules {
    static func isValidSimpleName(_ s: String) -> Bool {
        var first = true
        for b in s.utf8 {
            let ok: Bool
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "_"): ok = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"): ok = !first
            default: ok = false
            }
            if !ok { return false }
            first = false
        }
        return !first
    }

    /// A namespace or a dotted full name: every dot-separated part is a valid simple name.
    static func isValidDottedName(_ s: String) -> Bool {
        !s.isEmpty && s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isValidSimpleName(String($0)) }
    }
}
