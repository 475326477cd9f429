//! The PostgreSQL schema (`migrations/postgres/V<N>__<name>.sql`) kept equal to SQLite's: a
//! migration there for every SQLite version, and, once both are applied, the same tables,
//! columns, column kinds, nullability, primary keys, unique keys and references (CHECKs are
//! written in the same words in both and are not compared here). A reference the server holds
//! by triggers instead of declaring it counts only when its triggers are all in place. Runs on the throwaway test
//! cluster; skipped, saying why, where PostgreSQL is not installed.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::store::Store;
use crate::test_support::postgres::database;

/// The PostgreSQL migrations, in version order.
fn migrations() -> Vec<(usize, PathBuf)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("migrations/postgres");
    let mut found: Vec<(usize, PathBuf)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?;
            let version = name.strip_prefix('V')?.split_once("__")?.0.parse().ok()?;
            name.ends_with(".sql").then_some((version, path))
        })
        .collect();
    found.sort();
    found
}

/// A column kind as both engines can say it: SQLite's declared type, PostgreSQL's mapped to it
/// (days are text in SQLite and `date` in PostgreSQL).
fn kind_of_postgres(data_type: &str) -> &'static str {
    match data_type {
        "bigint" | "integer" | "smallint" => "INTEGER",
        "text" | "date" => "TEXT",
        "double precision" => "REAL",
        "bytea" => "BLOB",
        _ => "OTHER",
    }
}

fn sqlite_schema() -> BTreeSet<String> {
    let store = Store::open_in_memory().unwrap();
    let conn = store.backend.sqlite().unwrap();
    let mut facts = BTreeSet::new();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for table in &tables {
        let mut columns =
            conn.prepare("SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1)").unwrap();
        let mut rows = columns.query([table]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let (name, kind): (String, String) = (r.get(0).unwrap(), r.get(1).unwrap());
            let (not_null, pk): (bool, i64) = (r.get(2).unwrap(), r.get(3).unwrap());
            // A primary key's columns are never null, whatever SQLite's rowid alias reports.
            let null = if not_null || pk > 0 { "not null" } else { "null" };
            facts.insert(format!("column {table}.{name} {kind} {null}"));
            if pk > 0 {
                facts.insert(format!("primary key {table}.{name} #{pk}"));
            }
        }
        let mut references = conn
            .prepare(
                "SELECT \"from\", \"table\", \"to\", on_delete FROM pragma_foreign_key_list(?1)",
            )
            .unwrap();
        let mut rows = references.query([table]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            let (from, to, to_column, on_delete): (String, String, String, String) =
                (r.get(0).unwrap(), r.get(1).unwrap(), r.get(2).unwrap(), r.get(3).unwrap());
            facts.insert(format!("reference {table}.{from} -> {to}.{to_column} {on_delete}"));
        }
        let mut uniques = conn
            .prepare(
                "SELECT group_concat(c.name, ',') FROM pragma_index_list(?1) i, \
                 pragma_index_info(i.name) c WHERE i.origin = 'u' GROUP BY i.name",
            )
            .unwrap();
        let mut rows = uniques.query([table]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            facts.insert(format!("unique {table}({})", r.get::<_, String>(0).unwrap()));
        }
    }
    facts
}

fn postgres_schema(client: &mut postgres::Client) -> BTreeSet<String> {
    let mut facts = BTreeSet::new();
    let columns = client
        .query(
            "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text \
             FROM information_schema.columns WHERE table_schema = 'public'",
            &[],
        )
        .unwrap();
    for r in columns {
        let (table, name, kind, nullable): (String, String, String, String) =
            (r.get(0), r.get(1), r.get(2), r.get(3));
        let null = if nullable == "YES" { "null" } else { "not null" };
        facts.insert(format!("column {table}.{name} {} {null}", kind_of_postgres(&kind)));
    }
    // Constraints from the catalogue: the key's columns in their order, with their position.
    let constraints = client
        .query(
            "SELECT c.contype::text, t.relname::text, a.attname::text, k.n::int8, \
                    coalesce(rt.relname::text, ''), coalesce(ra.attname::text, ''), \
                    c.confdeltype::text, c.conname::text \
             FROM pg_constraint c \
             JOIN pg_class t ON t.oid = c.conrelid \
             JOIN pg_namespace s ON s.oid = t.relnamespace AND s.nspname = 'public' \
             CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, n) \
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum \
             LEFT JOIN pg_class rt ON rt.oid = c.confrelid \
             LEFT JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[k.n] \
             WHERE c.contype IN ('p', 'f', 'u') \
             ORDER BY c.conname, k.n",
            &[],
        )
        .unwrap();
    let mut uniques: std::collections::BTreeMap<(String, String), Vec<String>> =
        std::collections::BTreeMap::new();
    for r in constraints {
        let (kind, table, column, n): (String, String, String, i64) =
            (r.get(0), r.get(1), r.get(2), r.get(3));
        match kind.as_str() {
            "p" => {
                facts.insert(format!("primary key {table}.{column} #{n}"));
            }
            "f" => {
                let (to, to_column, on_delete): (String, String, String) =
                    (r.get(4), r.get(5), r.get(6));
                let on_delete = match on_delete.as_str() {
                    "c" => "CASCADE",
                    "n" => "SET NULL",
                    "d" => "SET DEFAULT",
                    "r" => "RESTRICT",
                    _ => "NO ACTION",
                };
                facts.insert(format!("reference {table}.{column} -> {to}.{to_column} {on_delete}"));
            }
            _ => uniques.entry((table, r.get(7))).or_default().push(column),
        }
    }
    for ((table, _), columns) in uniques {
        facts.insert(format!("unique {table}({})", columns.join(",")));
    }
    facts.extend(references_by_triggers(client));
    facts
}

/// The references the server holds by triggers rather than declares (V14: the days of usage to
/// their account, checked a statement at a time), each with the triggers that make it up, as
/// the server prints them. SQLite declares them; they count here as the same reference only when
/// every one of their triggers is there, as written, and enabled.
const REFERENCES_BY_TRIGGERS: &[(&str, &[&str])] = &[(
    "reference usage.account_id -> account.id CASCADE",
    &[
        "CREATE TRIGGER usage_account_on_insert AFTER INSERT ON public.usage \
         REFERENCING NEW TABLE AS new_days FOR EACH STATEMENT \
         EXECUTE FUNCTION csm_days_need_their_account()",
        "CREATE TRIGGER usage_account_on_update AFTER UPDATE OF account_id ON public.usage \
         FOR EACH ROW WHEN ((old.account_id IS DISTINCT FROM new.account_id)) \
         EXECUTE FUNCTION csm_day_moved_needs_its_account()",
        "CREATE TRIGGER account_usage_on_delete AFTER DELETE ON public.account \
         REFERENCING OLD TABLE AS gone_accounts FOR EACH STATEMENT \
         EXECUTE FUNCTION csm_account_deleted_takes_its_days()",
        "CREATE CONSTRAINT TRIGGER account_usage_on_update AFTER UPDATE OF id ON public.account \
         DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW WHEN ((old.id IS DISTINCT FROM new.id)) \
         EXECUTE FUNCTION csm_account_id_kept_while_it_has_days()",
        "CREATE TRIGGER account_usage_on_truncate AFTER TRUNCATE ON public.account \
         FOR EACH STATEMENT EXECUTE FUNCTION csm_account_emptied_empties_usage()",
    ],
)];

/// [`REFERENCES_BY_TRIGGERS`] whose triggers are all in place.
fn references_by_triggers(client: &mut postgres::Client) -> Vec<String> {
    let enabled: BTreeSet<String> = client
        .query(
            "SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t \
             JOIN pg_class c ON c.oid = t.tgrelid \
             JOIN pg_namespace s ON s.oid = c.relnamespace AND s.nspname = 'public' \
             WHERE NOT t.tgisinternal AND t.tgenabled = 'O'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    REFERENCES_BY_TRIGGERS
        .iter()
        .filter(|(_, triggers)| triggers.iter().all(|t| enabled.contains(*t)))
        .map(|(reference, _)| (*reference).to_owned())
        .collect()
}

#[test]
fn there_is_a_postgres_migration_for_every_sqlite_version() {
    let versions: Vec<usize> = migrations().iter().map(|(v, _)| *v).collect();
    let latest = versions.last().copied();
    assert_eq!(
        latest,
        Some(super::LATEST_VERSION),
        "the SQLite schema is at version {}; migrations/postgres/ has {versions:?}: \
         write its twin V{}__….sql",
        super::LATEST_VERSION,
        super::LATEST_VERSION
    );
}

#[test]
fn the_postgres_schema_has_the_sqlite_schema_s_tables_columns_and_keys() {
    let Some(db) = database("schema_twin") else { return };
    let mut client = db.connect();
    for (_, path) in migrations() {
        let sql = std::fs::read_to_string(&path).unwrap();
        client.batch_execute(&sql).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    let sqlite = sqlite_schema();
    let postgres = postgres_schema(&mut client);
    let only_sqlite: Vec<&String> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<&String> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "the schemas differ\nonly in SQLite: {only_sqlite:#?}\nonly in PostgreSQL: {only_postgres:#?}"
    );
    assert!(sqlite.len() > 150, "too little compared: {}", sqlite.len());
}
