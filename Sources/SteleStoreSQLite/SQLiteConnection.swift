import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A thin wrapper over one libsqlite3 connection: open with pragmas, run statements, bind and
/// read columns. Not thread-safe by itself; `SQLiteStore` serialises its use.
final class SQLiteConnection {
    private var db: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    init(path: String) throws {
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(path, &db, flags, nil) == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            throw Failure(description: "cannot open \(path): \(message)")
        }
        sqlite3_busy_timeout(db, 5000)
    }

    deinit {
        for s in statements.values { sqlite3_finalize(s) }
        sqlite3_close(db)
    }

    func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(db, sql, nil, nil, &error) != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(error)
            throw Failure(description: "\(message) in: \(sql)")
        }
    }

    enum Value {
        case int(Int64)
        case text(String)
        case null
    }

    /// Runs `sql` with `values` bound, calling `row` for each result row.
    func run(_ sql: String, _ values: [Value] = [], row: ((Row) throws -> Void)? = nil) throws {
        let stmt = try prepared(sql)
        defer { sqlite3_reset(stmt); sqlite3_clear_bindings(stmt) }
        for (i, v) in values.enumerated() {
            let index = Int32(i + 1)
            switch v {
            case .int(let n): sqlite3_bind_int64(stmt, index, n)
            case .text(let t): sqlite3_bind_text(stmt, index, t, -1, stele_sqlite_transient())
            case .null: sqlite3_bind_null(stmt, index)
            }
        }
        while true {
            let rc = sqlite3_step(stmt)
            if rc == SQLITE_DONE { return }
            guard rc == SQLITE_ROW else { throw Failure(description: String(cString: sqlite3_errmsg(db))) }
            try row?(Row(stmt: stmt))
        }
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let s = statements[sql] { return s }
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &stmt, nil) == SQLITE_OK, let stmt else {
            throw Failure(description: "\(String(cString: sqlite3_errmsg(db))) in: \(sql)")
        }
        statements[sql] = stmt
        return stmt
    }

    struct Row {
        let stmt: OpaquePointer
        func int(_ i: Int32) -> Int64 { sqlite3_column_int64(stmt, i) }
        func text(_ i: Int32) -> String? {
            guard let p = sqlite3_column_text(stmt, i) else { return nil }
            // The length SQLite already knows (no scan for the terminator); invalid UTF-8 is
            // decoded as `String(cString:)` decodes it.
            return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(stmt, i))), as: UTF8.self)
        }

        /// Column `i`'s bytes in place (nil for NULL), valid during `body`.
        func withBytes<R>(_ i: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
            guard let p = sqlite3_column_text(stmt, i) else { return nil }
            return try body(UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(stmt, i))))
        }

        /// Whether column `i` is exactly `literal` (compared in place, no string made).
        func textIs(_ i: Int32, _ literal: StaticString) -> Bool {
            guard let p = sqlite3_column_text(stmt, i), Int(sqlite3_column_bytes(stmt, i)) == literal.utf8CodeUnitCount else { return false }
            return memcmp(p, literal.utf8Start, literal.utf8CodeUnitCount) == 0
        }
    }
}
