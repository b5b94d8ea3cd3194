import SteleJSON
import SteleRegistry
import Testing
@testable import SteleServer

/// Contexts over HTTP, in both of Confluent's URL forms: qualified subjects
/// (`/subjects/:.staging:orders/…`, colons percent-encoded or not) and
/// `/contexts/.staging/subjects/orders/…`.
@Suite struct ContextRoutesTests {
    /// `x` (id 1) and `orders` (id 2) in the default context; `orders` in .staging (id 1 there).
    func seed(_ api: API) async throws {
        _ = try await api.register("x", recordV1)
        _ = try await api.register("orders", recordV2)
        let staged = try await api.call(.post, "/contexts/.staging/subjects/orders/versions", ["schema": .string(recordV2)])
        #expect(staged.status == 200 && staged.json?["id"] == 1)
    }

    @Test func twoContextsHoldTheSameSubjectWithDifferentIds() async throws {
        try await withRegistry { api in
            try await seed(api)
            #expect(try await api.call(.get, "/subjects/orders/versions/1").json?["id"] == 2)
            let qualified = try await api.call(.get, "/subjects/%3A.staging%3Aorders/versions/1")
            #expect(qualified.json?["id"] == 1 && qualified.json?["subject"] == ":.staging:orders")
            #expect(try await api.call(.get, "/subjects/:.staging:orders/versions/1").json?["id"] == 1)
            #expect(try await api.call(.get, "/contexts/.staging/subjects/orders/versions/latest").json?["id"] == 1)
            #expect(try await api.call(.get, "/contexts").json == [".", ".staging"])
        }
    }

    @Test func clientsThatKnowNothingOfContextsSeeTheDefaultContext() async throws {
        try await withRegistry { api in
            try await seed(api)
            #expect(try await api.call(.get, "/schemas/ids/1").json?["schema"]?.stringValue == recordV1)
            #expect(try await api.call(.get, "/schemas/ids/2").json?["schema"]?.stringValue == recordV2)
            #expect(try await api.call(.get, "/subjects/x/versions").json == [1])
            let lookup = try await api.call(.post, "/subjects/orders", ["schema": .string(recordV2)])
            #expect(lookup.json?["subject"] == "orders" && lookup.json?["id"] == 2)
        }
    }

    @Test func listingsCoverEveryContextOrOne() async throws {
        try await withRegistry { api in
            try await seed(api)
            #expect(try await api.call(.get, "/subjects").json == [":.staging:orders", "orders", "x"])
            #expect(try await api.call(.get, "/subjects?subjectPrefix=:.staging:").json == [":.staging:orders"])
            #expect(try await api.call(.get, "/contexts/.staging/subjects").json == [":.staging:orders"])
            #expect(try await api.call(.get, "/contexts/.staging/schemas").json?.arrayValue?.count == 1)
            #expect(try await api.call(.get, "/schemas?subjectPrefix=:*:orders").json?.arrayValue?.count == 2)
        }
    }

    @Test func idsResolveInTheContextOfTheirSubject() async throws {
        try await withRegistry { api in
            try await seed(api)
            #expect(try await api.call(.get, "/contexts/.staging/schemas/ids/1").json?["schema"]?.stringValue == recordV2)
            #expect(try await api.call(.get, "/schemas/ids/1?subject=:.staging:orders").json?["schema"]?.stringValue == recordV2)
            #expect(try await api.call(.get, "/schemas/ids/1?subject=x").json?["schema"]?.stringValue == recordV1)
            #expect(try await api.call(.get, "/contexts/.staging/schemas/ids/2").errorCode == 40403)
            #expect(try await api.call(.get, "/contexts/.staging/schemas/ids/1/versions").json == [["subject": ":.staging:orders", "version": 1]])
            let withMax = try await api.call(.get, "/contexts/.staging/schemas/ids/1?fetchMaxId=true")
            #expect(withMax.json?["maxId"] == 1)
            let guid = try #require(try await api.call(.get, "/schemas/ids/2").json?["guid"]?.stringValue)
            #expect(try await api.call(.get, "/schemas/guids/\(guid)/ids").json == [["context": ".", "id": 2], ["context": ".staging", "id": 1]])
        }
    }

    @Test func configAndModeAreScopedPerContext() async throws {
        try await withRegistry { api in
            try await seed(api)
            #expect(try await api.call(.put, "/contexts/.staging/config", ["compatibility": "NONE"]).status == 200)
            #expect(try await api.call(.get, "/config/:.staging:").json?["compatibilityLevel"] == "NONE")
            #expect(try await api.call(.get, "/config").json?["compatibilityLevel"] == "BACKWARD")
            // NONE in .staging lets a breaking change in; the default context still refuses it.
            #expect(try await api.call(.post, "/contexts/.staging/subjects/orders/versions", ["schema": .string(recordBreaking)]).status == 200)
            #expect(try await api.register("orders", recordBreaking).status == 409)
            #expect(try await api.call(.put, "/contexts/.staging/mode", ["mode": "READONLY"]).json == ["mode": "READONLY"])
            #expect(try await api.call(.get, "/mode/:.staging:").json == ["mode": "READONLY"])
            let refused = try await api.call(.post, "/contexts/.staging/subjects/new/versions", ["schema": .string(recordV1)])
            #expect(refused.errorCode == 42205)
            #expect(try await api.register("new", recordV1).status == 200)
            #expect(try await api.call(.get, "/contexts/.staging/config/orders?defaultToGlobal=true").json?["compatibilityLevel"] == "NONE")
        }
    }

    @Test func aContextIsDeletedOnlyOnceEmpty() async throws {
        try await withRegistry { api in
            try await seed(api)
            let busy = try await api.call(.delete, "/contexts/.staging")
            #expect(busy.status == 422 && busy.errorCode == 42211)
            _ = try await api.call(.delete, "/contexts/.staging/subjects/orders")
            _ = try await api.call(.delete, "/contexts/.staging/subjects/orders?permanent=true")
            #expect(try await api.call(.delete, "/contexts/.staging").status == 204)
            #expect(try await api.call(.get, "/contexts").json == ["."])
        }
    }

    @Test func aContextNameWithAColonIsABadRequest() async throws {
        try await withRegistry { api in
            let r = try await api.call(.get, "/contexts/a:b/subjects")
            #expect(r.status == 400 && r.errorCode == 400)
        }
    }
}
