import SteleJSON

/// The byte-level helpers the three schema text writers (Parsing Canonical Form, Java's stored
/// text, Confluent's normalized text) share; each writer decides only what goes where.
protocol SchemaTextEmitter {
    var out: [UInt8] { get set }
}

extension SchemaTextEmitter {
    mutating func raw(_ s: String) { out.append(contentsOf: s.utf8) }

    mutating func quoted(_ s: String) { JSONWriter.writeString(s, into: &out) }

    /// `open` element `,` element … `close`.
    mutating func list<C: Collection>(_ items: C, open: String = "[", close: String = "]", _ element: (inout Self, C.Element) -> Void) {
        raw(open)
        var first = true
        for item in items {
            if !first { raw(",") }
            first = false
            element(&self, item)
        }
        raw(close)
    }
}
