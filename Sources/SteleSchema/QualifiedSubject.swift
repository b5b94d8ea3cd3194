/// A subject name with its context (reference §6.2): `:.ctx:orders-value` is `orders-value` in
/// context `.ctx`; an unqualified name lives in the default context `.`. Every context has its
/// own subjects, ids, config and mode; the registry keys its state by the normalized qualified
/// name, so the default context reads exactly as before contexts existed.
public struct QualifiedSubject: Sendable, Hashable {
    /// The context unqualified names live in.
    public static let defaultContext = "."
    /// The pseudo-context of the lowest-priority config and mode defaults (`:.__GLOBAL:`).
    public static let globalContext = ".__GLOBAL"
    /// `:*:` — every context (a subject prefix in listings).
    public static let wildcard = "*"

    /// `.`, `.name`, or `*`.
    public let context: String
    /// The subject inside its context; empty for the context itself (`:.ctx:`).
    public let name: String

    public init(context: String, name: String) {
        self.context = context
        self.name = name
    }

    /// Parses `:.ctx:name`, `:.ctx` (the context itself), `:*:name` or a plain name.
    public init(_ text: String) {
        if text.hasPrefix(":.") {
            let rest = text.dropFirst(1)
            if let colon = rest.dropFirst().firstIndex(of: ":") {
                context = String(rest[..<colon])
                name = String(rest[rest.index(after: colon)...])
            } else {
                context = String(rest)
                name = ""
            }
        } else if text.hasPrefix(":*:") {
            context = Self.wildcard
            name = String(text.dropFirst(3))
        } else {
            context = Self.defaultContext
            name = text
        }
    }

    public var isDefaultContext: Bool { context == Self.defaultContext }

    /// The prefix a subject of this context carries: `""` for the default, `:.ctx:` otherwise.
    public var contextPrefix: String { Self.prefix(ofContext: context) }

    /// The normalized qualified name (`:.:a` is `a`): the key the registry stores.
    public var qualified: String { contextPrefix + name }

    public static func prefix(ofContext context: String) -> String {
        context == defaultContext ? "" : ":\(context):"
    }

    /// A context name as a path gives it (`/contexts/{ctx}/…`): `ctx`, `.ctx`, `:.ctx:` or
    /// `:.:` all name one context; nil for a colon inside (Confluent's 400).
    public static func normalizeContext(_ raw: String) -> String? {
        var c = Substring(raw)
        if c.hasPrefix(":") { c = c.dropFirst() }
        if c.hasSuffix(":") { c = c.dropLast() }
        guard !c.contains(":") else { return nil }
        return c.hasPrefix(".") ? String(c) : "." + c
    }

    /// `reference` as the registry resolves it from a schema in `context`: an unqualified
    /// reference subject is qualified with the referrer's context (reference §6.1).
    public static func resolve(_ subject: String, relativeTo context: String) -> String {
        let q = QualifiedSubject(subject)
        if q.isDefaultContext && context != defaultContext { return QualifiedSubject(context: context, name: q.name).qualified }
        return q.qualified
    }
}

/// An id in its context (Confluent's ContextId, `GET /schemas/guids/{guid}/ids`).
public struct ContextId: Sendable, Hashable, Comparable {
    public let context: String
    public let id: Int

    public init(context: String, id: Int) {
        self.context = context
        self.id = id
    }

    /// The default context first, then by name; by id within one.
    public static func < (a: ContextId, b: ContextId) -> Bool {
        if a.context != b.context {
            if a.context == QualifiedSubject.defaultContext { return true }
            if b.context == QualifiedSubject.defaultContext { return false }
            return a.context < b.context
        }
        return a.id < b.id
    }
}
