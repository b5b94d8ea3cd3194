/// The tables and the one server-side function of the shared store.
///
/// Every commit of every instance is one call of `stele_commit`, one round trip and one
/// transaction: it takes the change log's lock, checks that the caller's state is current (no
/// other instance committed since the caller's last change), applies the mutations to the
/// tables, appends them to the change log and notifies the other instances. A caller that is
/// behind gets the changes it missed instead (and runs its batch again on them), so every
/// commit is decided on exactly the state it is applied to, and the log is in commit order
/// with no entry skipped by a reader.
///
/// The tables are the truth and their constraints the last line of defence: a schema's
/// (context, id) is its primary key and is never deleted (a permanently deleted schema stays
/// as a tombstone, so its id is never handed out again, and the highest id is read from the
/// table, not from a counter row every registration would update); live content is unique per
/// context; a version is unique per subject and must name a schema of its context.
enum PostgresSchema {
    /// The store format this Stele writes; a database with a higher one is refused.
    static let format = 1

    static var statements: [String] {
        tables.split(separator: ";").map { String($0.drop(while: \.isWhitespace)) }.filter { !$0.isEmpty } + [commitFunction]
    }

    static let tables = """
        CREATE TABLE IF NOT EXISTS stele_meta (key text PRIMARY KEY, value bigint NOT NULL);
        CREATE TABLE IF NOT EXISTS stele_schemas (
            context text NOT NULL, id bigint NOT NULL, type text NOT NULL, schema text NOT NULL, refs text NOT NULL,
            metadata text, ruleset text, content_key text NOT NULL, guid text NOT NULL, removed boolean NOT NULL DEFAULT false,
            PRIMARY KEY (context, id));
        CREATE UNIQUE INDEX IF NOT EXISTS stele_schemas_live_content ON stele_schemas (context, content_key) WHERE NOT removed;
        CREATE TABLE IF NOT EXISTS stele_versions (
            subject text NOT NULL, version integer NOT NULL CHECK (version >= 1), context text NOT NULL, id bigint NOT NULL,
            deleted boolean NOT NULL, ts bigint NOT NULL,
            PRIMARY KEY (subject, version),
            FOREIGN KEY (context, id) REFERENCES stele_schemas (context, id) DEFERRABLE INITIALLY DEFERRED);
        CREATE TABLE IF NOT EXISTS stele_configs (scope text PRIMARY KEY, json text NOT NULL);
        CREATE TABLE IF NOT EXISTS stele_modes (scope text PRIMARY KEY, mode text NOT NULL);
        CREATE TABLE IF NOT EXISTS stele_contexts (name text PRIMARY KEY);
        CREATE TABLE IF NOT EXISTS stele_keks (
            context text NOT NULL, name text NOT NULL, kms_type text NOT NULL, kms_key_id text NOT NULL, kms_props text NOT NULL,
            doc text, shared boolean NOT NULL, deleted boolean NOT NULL, ts bigint NOT NULL, PRIMARY KEY (context, name));
        CREATE TABLE IF NOT EXISTS stele_deks (
            context text NOT NULL, kek text NOT NULL, subject text NOT NULL, algorithm text NOT NULL, version integer NOT NULL,
            material text, deleted boolean NOT NULL, ts bigint NOT NULL, PRIMARY KEY (context, kek, subject, algorithm, version));
        CREATE TABLE IF NOT EXISTS stele_associations (
            resource_id text NOT NULL, resource_type text NOT NULL, association_type text NOT NULL, subject text NOT NULL,
            guid text NOT NULL, resource_name text NOT NULL, resource_namespace text NOT NULL, lifecycle text NOT NULL,
            frozen boolean NOT NULL, PRIMARY KEY (resource_id, resource_type, association_type));
        CREATE TABLE IF NOT EXISTS stele_changes (
            seq bigserial PRIMARY KEY, instance text NOT NULL, mutations text NOT NULL, at timestamptz NOT NULL DEFAULT now());
        """

    /// `stele_commit(instance, expected head, mutations as a JSON array)` → `{"seq": n}`, or
    /// `{"behind": [{"seq": …, "mutations": "[…]"}, …]}` when others committed after `expected`
    /// (the first 10,000 such entries).
    static let commitFunction = """
        CREATE OR REPLACE FUNCTION stele_commit(p_instance text, p_expected bigint, p_mutations text) RETURNS text
        LANGUAGE plpgsql AS $fn$
        DECLARE
            m jsonb;
            head bigint;
            mine bigint;
        BEGIN
            PERFORM pg_advisory_xact_lock(7305128);
            SELECT COALESCE(max(seq), 0) INTO head FROM stele_changes;
            IF head <> p_expected THEN
                -- At most 10,000 entries an answer: a caller far behind takes the rest on its next try.
                RETURN json_build_object('behind', COALESCE((SELECT json_agg(json_build_object('seq', seq, 'mutations', mutations) ORDER BY seq)
                                                            FROM (SELECT seq, mutations FROM stele_changes WHERE seq > p_expected
                                                                  ORDER BY seq LIMIT 10000) AS missed), '[]'::json))::text;
            END IF;
            FOR m IN SELECT value FROM jsonb_array_elements(p_mutations::jsonb) LOOP
                CASE m->>'op'
                WHEN 'putSchema' THEN
                    INSERT INTO stele_schemas AS s (context, id, type, schema, refs, metadata, ruleset, content_key, guid, removed)
                    VALUES (m->>'context', (m->>'id')::bigint, m->>'type', m->>'schema', (m->'refs')::text, m->>'metadata', m->>'ruleSet',
                            m->>'contentKey', m->>'guid', false)
                    ON CONFLICT (context, id) DO UPDATE SET type = EXCLUDED.type, schema = EXCLUDED.schema, refs = EXCLUDED.refs,
                        metadata = EXCLUDED.metadata, ruleset = EXCLUDED.ruleset, content_key = EXCLUDED.content_key, guid = EXCLUDED.guid,
                        removed = false
                    WHERE s.removed OR s.content_key = EXCLUDED.content_key;
                    IF NOT FOUND THEN
                        RAISE EXCEPTION 'schema % of context % already names other content', m->>'id', m->>'context' USING ERRCODE = 'unique_violation';
                    END IF;
                WHEN 'putVersion' THEN
                    INSERT INTO stele_versions (subject, version, context, id, deleted, ts)
                    VALUES (m->>'subject', (m->>'version')::integer, m->>'context', (m->>'id')::bigint, (m->>'deleted')::boolean, (m->>'ts')::bigint)
                    ON CONFLICT (subject, version) DO UPDATE SET context = EXCLUDED.context, id = EXCLUDED.id, deleted = EXCLUDED.deleted, ts = EXCLUDED.ts;
                WHEN 'removeVersion' THEN
                    DELETE FROM stele_versions WHERE subject = m->>'subject' AND version = (m->>'version')::integer;
                WHEN 'removeSchema' THEN
                    UPDATE stele_schemas SET removed = true WHERE context = m->>'context' AND id = (m->>'id')::bigint;
                WHEN 'putConfig' THEN
                    IF m->>'config' IS NULL THEN
                        DELETE FROM stele_configs WHERE scope = m->>'scope';
                    ELSE
                        INSERT INTO stele_configs (scope, json) VALUES (m->>'scope', m->>'config')
                        ON CONFLICT (scope) DO UPDATE SET json = EXCLUDED.json;
                    END IF;
                WHEN 'putMode' THEN
                    IF m->>'mode' IS NULL THEN
                        DELETE FROM stele_modes WHERE scope = m->>'scope';
                    ELSE
                        INSERT INTO stele_modes (scope, mode) VALUES (m->>'scope', m->>'mode') ON CONFLICT (scope) DO UPDATE SET mode = EXCLUDED.mode;
                    END IF;
                WHEN 'putMaxId' THEN
                    NULL; -- the highest id is read from the rows (tombstones included), never kept in a row of its own
                WHEN 'putContext' THEN
                    IF (m->>'listed')::boolean THEN
                        INSERT INTO stele_contexts (name) VALUES (m->>'name') ON CONFLICT DO NOTHING;
                    ELSE
                        DELETE FROM stele_contexts WHERE name = m->>'name';
                    END IF;
                WHEN 'putKek' THEN
                    INSERT INTO stele_keks (context, name, kms_type, kms_key_id, kms_props, doc, shared, deleted, ts)
                    VALUES (m->>'context', m->>'name', m->>'kmsType', m->>'kmsKeyId', (m->'kmsProps')::text, m->>'doc',
                            (m->>'shared')::boolean, (m->>'deleted')::boolean, (m->>'ts')::bigint)
                    ON CONFLICT (context, name) DO UPDATE SET kms_type = EXCLUDED.kms_type, kms_key_id = EXCLUDED.kms_key_id,
                        kms_props = EXCLUDED.kms_props, doc = EXCLUDED.doc, shared = EXCLUDED.shared, deleted = EXCLUDED.deleted, ts = EXCLUDED.ts;
                WHEN 'removeKek' THEN
                    DELETE FROM stele_keks WHERE context = m->>'context' AND name = m->>'name';
                WHEN 'putDek' THEN
                    INSERT INTO stele_deks (context, kek, subject, algorithm, version, material, deleted, ts)
                    VALUES (m->>'context', m->>'kek', m->>'subject', m->>'algorithm', (m->>'version')::integer, m->>'material',
                            (m->>'deleted')::boolean, (m->>'ts')::bigint)
                    ON CONFLICT (context, kek, subject, algorithm, version) DO UPDATE SET material = EXCLUDED.material,
                        deleted = EXCLUDED.deleted, ts = EXCLUDED.ts;
                WHEN 'removeDek' THEN
                    DELETE FROM stele_deks WHERE context = m->>'context' AND kek = m->>'kek' AND subject = m->>'subject'
                        AND algorithm = m->>'algorithm' AND version = (m->>'version')::integer;
                WHEN 'putAssociation' THEN
                    INSERT INTO stele_associations (resource_id, resource_type, association_type, subject, guid, resource_name,
                                                    resource_namespace, lifecycle, frozen)
                    VALUES (m->>'resourceId', m->>'resourceType', m->>'associationType', m->>'subject', m->>'guid', m->>'resourceName',
                            m->>'resourceNamespace', m->>'lifecycle', (m->>'frozen')::boolean)
                    ON CONFLICT (resource_id, resource_type, association_type) DO UPDATE SET subject = EXCLUDED.subject,
                        guid = EXCLUDED.guid, resource_name = EXCLUDED.resource_name, resource_namespace = EXCLUDED.resource_namespace,
                        lifecycle = EXCLUDED.lifecycle, frozen = EXCLUDED.frozen;
                WHEN 'removeAssociation' THEN
                    DELETE FROM stele_associations WHERE resource_id = m->>'resourceId' AND resource_type = m->>'resourceType'
                        AND association_type = m->>'associationType';
                ELSE
                    RAISE EXCEPTION 'unknown change %', m->>'op';
                END CASE;
            END LOOP;
            INSERT INTO stele_changes (instance, mutations) VALUES (p_instance, p_mutations) RETURNING seq INTO mine;
            PERFORM pg_notify('stele_changes', mine::text);
            RETURN json_build_object('seq', mine)::text;
        END
        $fn$;
        """
}
