/// The JSON Schema drafts Stele validates.
public enum JSONSchemaDraft: String, Sendable, CaseIterable, Comparable {
    case draft4 = "4"
    case draft6 = "6"
    case draft7 = "7"
    case draft2019_09 = "2019-09"
    case draft2020_12 = "2020-12"

    public static func < (a: Self, b: Self) -> Bool { a.order < b.order }
    private var order: Int { Self.allCases.firstIndex(of: self)! }

    /// The draft named on the command line: `4`, `draft7`, `2019-09`, `2020-12`, …
    public init?(name: String) {
        var n = name.lowercased()
        if n.hasPrefix("draft") { n.removeFirst(5) }
        if n.hasPrefix("-") { n.removeFirst() }
        switch n {
        case "4", "04": self = .draft4
        case "6", "06": self = .draft6
        case "7", "07": self = .draft7
        case "2019-09", "201909", "8": self = .draft2019_09
        case "2020-12", "202012", "9": self = .draft2020_12
        default: return nil
        }
    }

    public var metaSchemaURI: String {
        switch self {
        case .draft4: return "http://json-schema.org/draft-04/schema"
        case .draft6: return "http://json-schema.org/draft-06/schema"
        case .draft7: return "http://json-schema.org/draft-07/schema"
        case .draft2019_09: return "https://json-schema.org/draft/2019-09/schema"
        case .draft2020_12: return "https://json-schema.org/draft/2020-12/schema"
        }
    }

    /// The draft whose meta-schema `uri` names (http or https, with or without the empty
    /// fragment).
    public init?(metaSchemaURI uri: String) {
        var u = uri
        while u.hasSuffix("#") { u.removeLast() }
        if u.hasPrefix("https://json-schema.org/draft-0") { u = "http" + u.dropFirst(5) }
        if u.hasPrefix("http://json-schema.org/draft/20") { u = "https" + u.dropFirst(4) }
        guard let d = Self.allCases.first(where: { $0.metaSchemaURI == u }) else { return nil }
        self = d
    }

    /// `id` in draft 4, `$id` after.
    var idKeyword: String { self == .draft4 ? "id" : "$id" }
    /// Drafts 4–7 ignore every keyword beside `$ref`.
    var refOverridesSiblings: Bool { self <= .draft7 }
    var hasBooleanSchemas: Bool { self >= .draft6 }
}

/// The vocabularies a dialect turns on (2019-09 and later declare them in `$vocabulary`; earlier
/// drafts have them all).
struct Vocabularies: OptionSet, Sendable, Hashable {
    let rawValue: Int
    static let core = Vocabularies(rawValue: 1)
    static let applicator = Vocabularies(rawValue: 2)
    static let validation = Vocabularies(rawValue: 4)
    static let unevaluated = Vocabularies(rawValue: 8)
    static let formatAssertion = Vocabularies(rawValue: 16)
    static let all: Vocabularies = [.core, .applicator, .validation, .unevaluated]

    /// From a meta-schema's `$vocabulary` object; unknown required vocabularies make the dialect
    /// unusable (nil).
    init?(declared: [String: Bool]) {
        var v: Vocabularies = [.core]
        for (uri, required) in declared {
            switch uri {
            case "https://json-schema.org/draft/2020-12/vocab/core", "https://json-schema.org/draft/2019-09/vocab/core": v.insert(.core)
            case "https://json-schema.org/draft/2020-12/vocab/applicator", "https://json-schema.org/draft/2019-09/vocab/applicator": v.insert(.applicator)
            case "https://json-schema.org/draft/2020-12/vocab/validation", "https://json-schema.org/draft/2019-09/vocab/validation": v.insert(.validation)
            case "https://json-schema.org/draft/2020-12/vocab/unevaluated": v.insert(.unevaluated)
            case "https://json-schema.org/draft/2020-12/vocab/format-assertion": v.insert(.formatAssertion)
            case "https://json-schema.org/draft/2020-12/vocab/format-annotation", "https://json-schema.org/draft/2019-09/vocab/format",
                 "https://json-schema.org/draft/2020-12/vocab/content", "https://json-schema.org/draft/2019-09/vocab/content",
                 "https://json-schema.org/draft/2020-12/vocab/meta-data", "https://json-schema.org/draft/2019-09/vocab/meta-data":
                break
            default:
                if required { return nil }
            }
        }
        self = v
    }

    init(rawValue: Int) { self.rawValue = rawValue }
}
