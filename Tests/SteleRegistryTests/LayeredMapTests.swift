import Testing
@testable import SteleRegistry

/// The state's large maps: the loaded layer never changes, changes since live in the trie,
/// and a copy (a published snapshot) never sees the writer's later changes.
@Suite struct LayeredMapTests {
    @Test func changesOverlayTheLoadedLayerAndCopiesStayAsTheyWere() {
        var m = LayeredMap<Int, String>([1: "a", 2: "b", 3: "c"])
        let snapshot = m
        m[2] = "B"
        m[4] = "d"
        m.removeValue(forKey: 1)
        m[5, default: ""] += "e"
        #expect(m[1] == nil && m[2] == "B" && m[3] == "c" && m[4] == "d" && m[5] == "e")
        #expect(m.count == 4)
        #expect(Dictionary(uniqueKeysWithValues: m.map { ($0.key, $0.value) }) == [2: "B", 3: "c", 4: "d", 5: "e"], "iteration skips what was removed or replaced")
        #expect(snapshot.count == 3 && snapshot[1] == "a" && snapshot[2] == "b" && snapshot[4] == nil)
        m[1] = "again"
        #expect(m[1] == "again" && m.count == 5)
        m.removeValue(forKey: 4)
        m.removeValue(forKey: 4)
        #expect(m[4] == nil && m.count == 4)
    }

    @Test func aValueModifiedInPlaceIsNotCopiedFromTheSnapshot() {
        var m = LayeredMap<String, [Int]>(["s": [1, 2]])
        let snapshot = m
        m["s", default: []].append(3)
        m["s"]?.append(4)
        m["t", default: []].append(1)
        #expect(m["s"] == [1, 2, 3, 4] && m["t"] == [1])
        #expect(snapshot["s"] == [1, 2] && snapshot["t"] == nil)
        m["s"] = nil
        #expect(m["s"] == nil && m.count == 1 && Array(m.keys) == ["t"])
    }
}
