import SteleClient
import SteleJSON
import SteleSchema

/// Replays an export into a registry with every id and version kept: checks everything it
/// can first (an id the target holds with other content, a version the target holds under
/// another id, an id the export itself gives two contents) and writes nothing when any check
/// fails; then registers in IMPORT mode, references first, soft-deletes what was deleted, and
/// sets configs and modes. Versions the target already holds identically are skipped, so an
/// import that was interrupted can be run again.
struct RegistryImport {
    let export: RegistryExport

    struct Plan: Sendable {
        var toImport: [RegistryExport.Version] = []
        var alreadyPresent = 0
        /// Exported as deleted and live in the target once imported.
        var toDelete: [RegistryExport.Version] = []
        var conflicts: [String] = []
    }

    struct Summary: Sendable {
        var imported = 0
        var alreadyPresent = 0
        var deleted = 0
        var configs = 0
        var modes = 0
    }

    /// The checks, against `client`'s registry, and what a run would write.
    func plan(_ client: RegistryClient, progress: Progress) async throws(CommandFailure) -> Plan {
        var plan = Plan()
        // Ids are per context: id 1 of `.staging` is not id 1 of the default context.
        var contentById: [ContextId: RegistryExport.Version] = [:]
        for v in export.versions {
            if let other = contentById[v.contextId], !Self.sameContent(other.schema, v.schema) {
                plan.conflicts.append("\(v.contextId.described) is \(other.key) and \(v.key) in the export, with different schemas")
            } else {
                contentById[v.contextId] = v
            }
        }
        guard plan.conflicts.isEmpty else { return plan }
        var done = 0
        for (key, v) in contentById.sorted(by: { $0.key < $1.key }) {
            progress.update(done, of: contentById.count + export.versions.count, key.described)
            done += 1
            do throws(RegistryClientError) {
                // The bare context as the hint: the id in that context, whoever holds it.
                let existing = try await client.schema(id: key.id, subject: QualifiedSubject.prefix(ofContext: key.context))
                if !Self.sameContent(existing.schema, v.schema) { plan.conflicts.append("\(key.described) is taken in the target by another schema") }
            } catch where error.errorCode == 40403 {
            } catch {
                throw .registry(error, "cannot read schema \(key.described) from the target")
            }
        }
        for v in export.versions {
            progress.update(done, of: contentById.count + export.versions.count, v.key.description)
            done += 1
            do throws(RegistryClientError) {
                let existing = try await client.version(subject: v.subject, .number(v.version), deleted: true)
                if existing.id != v.id {
                    plan.conflicts.append("\(v.key) holds id \(existing.id.map(String.init) ?? "?") in the target, not \(v.id)")
                    continue
                }
                plan.alreadyPresent += 1
                if v.deleted && !existing.deleted {
                    let deletedThere = try await Self.isDeleted(client, v)
                    if !deletedThere { plan.toDelete.append(v) }
                }
            } catch where error.errorCode == 40401 || error.errorCode == 40402 {
                plan.toImport.append(v)
                if v.deleted { plan.toDelete.append(v) }
            } catch {
                throw .registry(error, "cannot read \(v.key) from the target")
            }
        }
        progress.finish()
        return plan
    }

    /// 7.x answers carry no `deleted`: a version is soft-deleted when the live list lacks it.
    private static func isDeleted(_ client: RegistryClient, _ v: RegistryExport.Version) async throws(RegistryClientError) -> Bool {
        do throws(RegistryClientError) {
            return !(try await client.versions(subject: v.subject).contains(v.version))
        } catch where error.errorCode == 40401 {
            return true
        }
    }

    static func sameContent(_ a: RegistrySchema, _ b: RegistrySchema) -> Bool {
        a.schema == b.schema && a.schemaType == b.schemaType && a.references == b.references
    }

    /// Writes `plan` (which must have no conflicts) into `client`'s registry.
    func run(_ plan: Plan, _ client: RegistryClient, progress: Progress) async throws(CommandFailure) -> Summary {
        var summary = Summary(alreadyPresent: plan.alreadyPresent)
        let previousMode: RegistryModeName
        do { previousMode = try await client.mode() } catch { throw .registry(error, "cannot read the target's mode") }
        do { _ = try await client.setMode(.importing, force: true) } catch { throw .registry(error, "cannot put the target in IMPORT mode") }
        // A named context's subjects do not fall back to the top-level mode: each context the
        // export writes into is put in IMPORT too, and given back its mode afterwards.
        var contextModes: [(scope: String, previous: RegistryModeName?)] = []
        let scopes = Set(plan.toImport.map { QualifiedSubject($0.subject).context }).subtracting([QualifiedSubject.defaultContext]).sorted()
            .map { QualifiedSubject.prefix(ofContext: $0) }
        do throws(CommandFailure) {
            for scope in scopes {
                let previous = try? await client.mode(subject: scope)
                do { _ = try await client.setMode(.importing, subject: scope, force: true) } catch {
                    throw .registry(error, "cannot put context \(scope) of the target in IMPORT mode")
                }
                contextModes.append((scope, previous))
            }
            for (i, v) in plan.toImport.enumerated() {
                progress.update(i, of: plan.toImport.count, v.key.description)
                do { _ = try await client.importSchema(subject: v.subject, schema: v.schema, id: v.id, version: v.version) } catch {
                    throw .registry(error, "cannot import \(v.key) (id \(v.id))")
                }
                summary.imported += 1
            }
            progress.finish()
            // Deleted last, users first: a referenced version can be deleted only once nothing live uses it.
            for v in plan.toDelete.reversed() {
                do { _ = try await client.deleteVersion(subject: v.subject, .number(v.version)) } catch {
                    throw .registry(error, "cannot soft-delete \(v.key)")
                }
                summary.deleted += 1
            }
            do { try await Self.restore(contextModes, client) } catch { throw .registry(error, "cannot restore the modes of the target's contexts") }
            contextModes = []
            for c in export.configs {
                var update = JSONObject()
                for m in c.value { update[m.key == "compatibilityLevel" ? "compatibility" : m.key] = m.value }
                do { _ = try await client.setConfig(update, subject: c.subject) } catch {
                    throw .registry(error, "cannot set the config of \(c.subject ?? "the registry")")
                }
                summary.configs += 1
            }
            for m in export.modes where m.subject != nil {
                guard let mode = RegistryModeName(lenient: m.value) else { continue }
                do { _ = try await client.setMode(mode, subject: m.subject, force: true) } catch {
                    throw .registry(error, "cannot set the mode of \(m.subject ?? "")")
                }
                summary.modes += 1
            }
        } catch {
            try? await Self.restore(contextModes, client)
            _ = try? await client.setMode(previousMode, force: true)
            throw error
        }
        // The global mode last: the export's, else what the target had.
        let global = export.modes.first { $0.subject == nil }.flatMap { RegistryModeName(lenient: $0.value) } ?? previousMode
        do { _ = try await client.setMode(global == .importing ? previousMode : global, force: true) } catch {
            throw .registry(error, "cannot restore the target's mode")
        }
        if export.modes.contains(where: { $0.subject == nil }) { summary.modes += 1 }
        return summary
    }
}

extension RegistryImport {
    /// Gives each context scope back the mode it had (none: its own mode removed).
    static func restore(_ modes: [(scope: String, previous: RegistryModeName?)], _ client: RegistryClient) async throws(RegistryClientError) {
        for (scope, previous) in modes.reversed() {
            if let previous { _ = try await client.setMode(previous, subject: scope, force: true) } else { _ = try await client.deleteMode(subject: scope) }
        }
    }
}

extension ContextId {
    /// `id 3`, or `id 3 in context .staging`.
    var described: String { context == QualifiedSubject.defaultContext ? "id \(id)" : "id \(id) in context \(context)" }
}
