/// Reads data written with one schema (the writer's) into the shape of another (the reader's),
/// as the Avro specification's "Schema Resolution" says: promotions, record fields matched by
/// name or reader alias with defaults for the missing ones, writer-only fields skipped, enum
/// symbols by name with the reader's enum default, unions resolved branch by branch.
///
/// The pair is compiled once into a plan of actions (as Avro Java's `Resolver`); a path that
/// cannot resolve becomes an error action that fails only when a datum takes it, so a writer
/// union with one unreadable branch still reads its other branches.
public struct AvroResolver: Sendable {
    public let writer: AvroSchema
    public let reader: AvroSchema
    let writerCodec: AvroCodec
    let actions: [Action]
    let root: Int

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
        self.writer = writer
        self.reader = reader
        self.writerCodec = AvroCodec(schema: writer, limits: limits)
        var builder = ResolutionBuilder(writer: writer, reader: reader, writerPlan: writerCodec.plan)
        self.root = builder.action(writer.root, reader.root)
        self.actions = builder.actions
    }
}
