/// Reads data written with one schema (the writer's) into the shape of another (the reader's),
/// as the Avro specification's "Schema Resolution" says: promotions, record fields matched by
/// name or reader alias with defaults for the missing ones, writer-only fields skipped, enum
/// symbols by name with the reader's enum default, unions resolved branch by branch.
///
/// The pair is compiled once into a plan of actions (as Avro Java's `Resolver`); a path that
/// cannot resolve becomes an error action that fails only when a datum takes it, so a writer
/// union with one unreadable branch still reads its other branches.
public struct AvroResolver: Sendable {
    /// Everything compiled, behind one reference, so a resolver is one retain to copy (caches
    /// hand one out per message).
    final class Compiled: Sendable {
        let writer: AvroSchema
        let reader: AvroSchema
        let writerCodec: AvroCodec
        let actions: [Action]
        let root: Int

        init(writer: AvroSchema, reader: AvroSchema, writerCodec: AvroCodec, actions: [Action], root: Int) {
            self.writer = writer
            self.reader = reader
            self.writerCodec = writerCodec
            self.actions = actions
            self.root = root
        }
    }

    let compiled: Compiled
    public var writer: AvroSchema { _read { yield compiled.writer } }
    public var reader: AvroSchema { _read { yield compiled.reader } }
    var writerCodec: AvroCodec { _read { yield compiled.writerCodec } }
    var actions: [Action] { _read { yield compiled.actions } }
    var root: Int { compiled.root }

    indirect enum Action: Sendable {
        /// Same primitive on both sides.
        case read(AvroPlan.Kind)
        /// A promotion: read the writer's primitive, produce the reader's.
        case promote(from: AvroPlan.Kind, to: AvroPlan.Kind)
        case fixed(size: Int)
        /// Writer symbol index → reader symbol index (nil: use `defaultIndex`, or fail).
        case enumeration(map: [Int?], defaultIndex: Int?, symbols: [String])
        case array(items: Int)
        case map(values: Int)
        /// Writer fields in writer order: into a reader position, or skipped (writer plan node).
        /// Then reader positions filled with precomputed defaults.
        case record(fields: [FieldStep], readerCount: Int, defaults: [(Int, AvroValue)])
        /// The writer wrote a union: per writer branch, the action to apply (or an error).
        case writerUnion(branches: [Int])
        /// The writer did not write a union, the reader reads one: wrap into reader branch.
        case readerUnion(branch: Int, action: Int)
        case error(String)
    }

    enum FieldStep: Sendable {
        case into(Int, action: Int)
        case skip(writerPlanNode: Int32)
    }

    public init(writer: AvroSchema, reader: AvroSchema, limits: AvroDecodingLimits = .default) {
        let writerCodec = AvroCodec(schema: writer, limits: limits)
        var builder = ResolutionBuilder(writer: writer, reader: reader, writerPlan: writerCodec.plan)
        let root = builder.action(writer.root, reader.root)
        compiled = Compiled(writer: writer, reader: reader, writerCodec: writerCodec, actions: builder.actions, root: root)
    }
}
