#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CRdKafka
import CRdKafkaShim
import SteleSerdes

/// One librdkafka client (producer or consumer), owned by one command on one task. librdkafka
/// calls block for at most the timeouts given; the CLI has nothing else to run meanwhile.
final class KafkaClient {
    let handle: OpaquePointer
    let bootstrap: String

    init(_ type: rd_kafka_type_t, configuration: [(String, String)], bootstrap: String) throws(CommandFailure) {
        self.bootstrap = bootstrap
        var error = [CChar](repeating: 0, count: 512)
        let keys = configuration.map { strdup($0.0) }, values = configuration.map { strdup($0.1) }
        defer { (keys + values).forEach { free($0) } }
        let made: OpaquePointer? = keys.map { UnsafePointer<CChar>($0) }.withUnsafeBufferPointer { k in
            values.map { UnsafePointer<CChar>($0) }.withUnsafeBufferPointer { v in
                stele_kafka_new(type, k.baseAddress, v.baseAddress, Int32(configuration.count), &error, error.count)
            }
        }
        guard let made else { throw .input("invalid Kafka configuration: \(text(error))") }
        handle = made
    }

    deinit { stele_kafka_destroy(handle) }

    /// Fails with exit 2 unless a broker answers within `timeoutMs`.
    func checkReachable(timeoutMs: Int) throws(CommandFailure) {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let err = rd_kafka_metadata(handle, 0, nil, &metadata, Int32(clamping: timeoutMs))
        if let metadata { rd_kafka_metadata_destroy(metadata) }
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw .io("cannot reach the Kafka broker at \(bootstrap): \(Self.describe(err))")
        }
    }

    static func describe(_ err: rd_kafka_resp_err_t) -> String { String(cString: rd_kafka_err2str(err)) }
}

/// `stele produce`'s side: enqueue, then wait until the broker has acknowledged everything.
final class KafkaProducer {
    let client: KafkaClient

    init(_ options: KafkaOptions) throws(CommandFailure) {
        // A message the broker never takes fails after the timeout instead of librdkafka's 5
        // minutes; acks=all, as the console producers default to.
        client = try KafkaClient(RD_KAFKA_PRODUCER, configuration: try options.configuration([
            ("message.timeout.ms", String(max(options.timeoutMs, 1))), ("acks", "all"), ("linger.ms", "5"),
        ]), bootstrap: options.bootstrap)
    }

    func send(topic: String, partition: Int32?, key: [UInt8]?, value: [UInt8], headers: [KafkaHeader]) throws(CommandFailure) {
        let names = headers.map { strdup($0.key) }
        defer { names.forEach { free($0) } }
        let bodies = headers.map { $0.value.map { Array($0.readableBytesView) } ?? [] }
        while true {
            let err = withPointers(bodies) { pointers, sizes in
                names.map { UnsafePointer<CChar>($0) }.withUnsafeBufferPointer { n in
                    (key ?? []).withUnsafeBytes { k in
                        value.withUnsafeBytes { v in
                            stele_kafka_produce(client.handle, topic, partition ?? -1 /* RD_KAFKA_PARTITION_UA */,
                                                key == nil ? nil : k.baseAddress, key?.count ?? 0, v.baseAddress, v.count,
                                                n.baseAddress, pointers, sizes, Int32(headers.count))
                        }
                    }
                }
            }
            if err == 0 { break }
            let code = rd_kafka_resp_err_t(rawValue: err)
            // The local queue is full: serve delivery reports until there is room.
            if code == RD_KAFKA_RESP_ERR__QUEUE_FULL { rd_kafka_poll(client.handle, 100); continue }
            if code == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC || code == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART {
                throw .input("topic \(topic): \(KafkaClient.describe(code))")
            }
            throw .io("cannot produce to \(topic): \(KafkaClient.describe(code))")
        }
        rd_kafka_poll(client.handle, 0)
    }

    /// Waits for every acknowledgement; an undelivered message is an I/O failure (exit 2).
    func flush(timeoutMs: Int) throws(CommandFailure) -> Int {
        _ = rd_kafka_flush(client.handle, Int32(clamping: timeoutMs + 1_000))
        var first = [CChar](repeating: 0, count: 256)
        let failed = stele_kafka_delivery_failures(client.handle, &first, first.count)
        let waiting = Int(rd_kafka_outq_len(client.handle))
        if failed > 0 || waiting > 0 {
            let reason = failed > 0 ? text(first) : "no acknowledgement within \(timeoutMs) ms"
            throw .io("\(Int(failed) + waiting) message\(failed + Int(waiting) == 1 ? "" : "s") not delivered to \(client.bootstrap): \(reason)")
        }
        return 0
    }
}

/// Calls `body` with C arrays of the buffers' base pointers and sizes, valid during the call.
private func withPointers<R>(_ buffers: [[UInt8]], _ body: (UnsafePointer<UnsafeRawPointer?>?, UnsafePointer<Int>?) -> R) -> R {
    var pointers: [UnsafeRawPointer?] = []
    var owned: [UnsafeMutableRawPointer] = []
    defer { owned.forEach { $0.deallocate() } }
    for b in buffers {
        let p = UnsafeMutableRawPointer.allocate(byteCount: max(b.count, 1), alignment: 1)
        b.withUnsafeBytes { if let base = $0.baseAddress { p.copyMemory(from: base, byteCount: b.count) } }
        owned.append(p)
        pointers.append(UnsafeRawPointer(p))
    }
    let sizes = buffers.map(\.count)
    return pointers.withUnsafeBufferPointer { p in sizes.withUnsafeBufferPointer { s in body(p.baseAddress, s.baseAddress) } }
}

/// One consumed record.
struct KafkaRecord {
    var partition: Int32
    var offset: Int64
    var timestamp: Int64?
    var key: [UInt8]?
    var value: [UInt8]?
    var headers: [KafkaHeader]
}

/// `stele consume`'s side: every partition of a topic assigned (or a group subscription),
/// then records one by one.
final class KafkaConsumer {
    let client: KafkaClient

    init(_ options: KafkaOptions, group: String?, fromBeginning: Bool) throws(CommandFailure) {
        var extra: [(String, String)] = [("auto.offset.reset", fromBeginning ? "earliest" : "latest")]
        // Without --group nothing is committed: a private group id only satisfies librdkafka.
        extra.append(("group.id", group ?? "stele-consume-\(getpid())"))
        extra.append(("enable.auto.commit", group == nil ? "false" : "true"))
        client = try KafkaClient(RD_KAFKA_CONSUMER, configuration: try options.configuration(extra), bootstrap: options.bootstrap)
        rd_kafka_poll_set_consumer(client.handle)
    }

    /// Assigns every partition of `topic` (from the start or the end) or, with a group,
    /// subscribes; an unknown topic is exit 1, an unreachable broker exit 2.
    func start(topic: String, group: String?, fromBeginning: Bool, timeoutMs: Int) throws(CommandFailure) {
        try client.checkReachable(timeoutMs: timeoutMs)
        if group != nil {
            let list = rd_kafka_topic_partition_list_new(1)
            defer { rd_kafka_topic_partition_list_destroy(list) }
            rd_kafka_topic_partition_list_add(list, topic, -1)
            let err = rd_kafka_subscribe(client.handle, list)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw .io("cannot subscribe to \(topic): \(KafkaClient.describe(err))") }
            return
        }
        var error = [CChar](repeating: 0, count: 512)
        let n = stele_kafka_assign_topic(client.handle, topic, fromBeginning ? 1 : 0, Int32(clamping: timeoutMs), &error, error.count)
        guard n >= 0 else {
            let reason = text(error)
            if reason.contains("nknown topic") || reason.contains("not found") { throw .input("topic \(topic): \(reason)") }
            throw .io("cannot read \(topic) from \(client.bootstrap): \(reason)")
        }
    }

    /// The next record, or nil when none arrived within `timeoutMs`.
    func poll(timeoutMs: Int) throws(CommandFailure) -> KafkaRecord? {
        guard let message = rd_kafka_consumer_poll(client.handle, Int32(clamping: timeoutMs)) else { return nil }
        defer { rd_kafka_message_destroy(message) }
        let m = message.pointee
        if m.err != RD_KAFKA_RESP_ERR_NO_ERROR {
            if m.err == RD_KAFKA_RESP_ERR__PARTITION_EOF { return nil }
            throw .io("cannot consume from \(client.bootstrap): \(KafkaClient.describe(m.err))")
        }
        var record = KafkaRecord(partition: m.partition, offset: m.offset, timestamp: nil, key: nil, value: nil, headers: [])
        if let key = m.key { record.key = Array(UnsafeRawBufferPointer(start: key, count: m.key_len)) }
        if let payload = m.payload { record.value = Array(UnsafeRawBufferPointer(start: payload, count: m.len)) }
        var type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let ts = rd_kafka_message_timestamp(message, &type)
        if type != RD_KAFKA_TIMESTAMP_NOT_AVAILABLE { record.timestamp = ts }
        var headers: OpaquePointer?
        if rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR, let headers {
            var i = 0
            while true {
                var name: UnsafePointer<CChar>?
                var value: UnsafeRawPointer?
                var size = 0
                guard rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR, let name else { break }
                let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }
                record.headers.append(KafkaHeader(key: String(cString: name), value: bytes.map { .init(bytes: $0) }))
                i += 1
            }
        }
        return record
    }

    func close() { rd_kafka_consumer_close(client.handle) }
}

/// The NUL-terminated text librdkafka wrote into `buffer`.
private func text(_ buffer: [CChar]) -> String {
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}
