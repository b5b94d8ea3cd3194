import Testing
@testable import SteleRegistry

/// The persistent list of a subject's versions: array semantics, sorted by version, and copies
/// that append without disturbing each other (a snapshot keeps what it saw).
@Suite struct VersionListTests {
    static func v(_ version: Int, id: Int? = nil, deleted: Bool = false) -> SubjectVersion {
        SubjectVersion(subject: "s", version: version, id: id ?? version * 10, deleted: deleted, timestamp: 0)
    }

    @Test func appendsAcrossChunksKeepOrderAndFindByVersion() {
        var list = VersionList()
        for n in 1...300 { list.append(Self.v(n)) }
        #expect(list.count == 300)
        #expect(list.map(\.version) == Array(1...300))
        #expect(list.last?.version == 300)
        for n in [1, 63, 64, 65, 128, 255, 300] { #expect(list.entry(version: n)?.id == n * 10) }
        #expect(list.entry(version: 0) == nil)
        #expect(list.entry(version: 301) == nil)
    }

    @Test func aCopyAppendsWithoutChangingTheOriginal() {
        var original = VersionList((1...130).map { Self.v($0) })
        var copy = original
        copy.append(Self.v(131))
        original.append(Self.v(131, id: 7))
        #expect(copy.count == 131 && original.count == 131)
        #expect(copy.last?.id == 1310)
        #expect(original.last?.id == 7)
        let snapshot = copy
        for n in 132...200 { copy.append(Self.v(n)) }
        #expect(snapshot.count == 131)
        #expect(snapshot.map(\.version) == Array(1...131))
    }

    @Test func insertSortedReplacesOrInsertsAndRemoveAllRebuilds() {
        var list = VersionList([Self.v(1), Self.v(2), Self.v(5)])
        list.insertSorted(Self.v(3))
        list.insertSorted(Self.v(2, id: 99))
        list.insertSorted(Self.v(6))
        #expect(list.map(\.version) == [1, 2, 3, 5, 6])
        #expect(list.entry(version: 2)?.id == 99)
        list.removeAll { $0.version == 3 || $0.version == 6 }
        #expect(list.map(\.version) == [1, 2, 5])
        #expect(list.entry(version: 6) == nil)
    }
}
