//! Migration 5: the vocabulary CHECK constraints rewritten from `IN` lists to equalities, in
//! place. It changes how SQLite tests a value, never which values pass; it must not touch data.
//!
//! SQLite tests `x IN ('a', 'b', 'c')` (a list of more than two constants) by filling a temporary
//! b-tree with the list, and in a CHECK it does so again for every row written: a hundred
//! thousand imported accounts spent a third of a second building such lists. The same test
//! written as `x = 'a' OR x = 'b' OR x = 'c'` costs next to nothing.
//!
//! A constraint cannot be altered, and rebuilding the tables would need foreign keys off, which
//! SQLite does not allow inside the migration's transaction (and with them on, dropping `account`
//! would cascade into every table). SQLite documents editing the stored schema text for changes
//! that leave the stored rows valid, such as changing a CHECK constraint
//! (<https://www.sqlite.org/lang_altertable.html>, "making other kinds of table schema changes"):
//! that is what this does, then bumps the schema version so other connections reread it.

use rusqlite::Transaction;
use rusqlite_migration::{HookError, HookResult};

/// Every vocabulary column whose CHECK is an `IN` list, by table (a list of two is cheap already,
/// but one way of writing them all is easier to read).
const COLUMNS: &[(&str, &str)] = &[
    ("account", "segment"),
    ("account", "advocacy"),
    ("contact", "role"),
    ("ticket", "priority"),
    ("interaction", "kind"),
    ("todo", "priority"),
    ("todo", "status"),
    ("opportunity", "kind"),
    ("opportunity", "status"),
    ("goal", "status"),
];

/// Rewrites the constraints of [`COLUMNS`]; fails (and so rolls the migration back) when one of
/// them is not found as expected.
pub(super) fn rewrite(tx: &Transaction) -> HookResult {
    tx.pragma_update(None, "writable_schema", true)?;
    for (table, column) in COLUMNS {
        let sql: String = tx.query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
            [table],
            |row| row.get(0),
        )?;
        let rewritten = as_equalities(&sql, column).ok_or_else(|| {
            HookError::Hook(format!("no CHECK ({column} IN (...)) in table {table}"))
        })?;
        tx.execute(
            "UPDATE sqlite_schema SET sql = ?1 WHERE type = 'table' AND name = ?2",
            (&rewritten, table),
        )?;
    }
    let version: i64 = tx.pragma_query_value(None, "schema_version", |row| row.get(0))?;
    tx.pragma_update(None, "schema_version", version + 1)?;
    // RESET also rereads the schema on this connection.
    tx.pragma_update(None, "writable_schema", "RESET")?;
    Ok(())
}

/// `sql` with `column IN ('a', 'b')` replaced by `column = 'a' OR column = 'b'` (whitespace
/// around the list as it comes), or `None` when the list is not there or holds anything but
/// plain quoted words.
fn as_equalities(sql: &str, column: &str) -> Option<String> {
    let marker = format!("{column} IN");
    let start = sql.find(&marker)?;
    let after = &sql[start + marker.len()..];
    let open = after.len() - after.trim_start().len();
    let list = after[open..].strip_prefix('(')?;
    let close = list.find(')')?;
    let values: Vec<&str> = list[..close]
        .split(',')
        .map(|v| v.trim().strip_prefix('\'')?.strip_suffix('\''))
        .collect::<Option<_>>()?;
    if values.iter().any(|v| v.is_empty() || v.contains('\'')) {
        return None;
    }
    let equalities: Vec<String> = values.iter().map(|v| format!("{column} = '{v}'")).collect();
    let end = start + marker.len() + open + 1 + close + 1;
    Some(format!("{}{}{}", &sql[..start], equalities.join(" OR "), &sql[end..]))
}

#[cfg(test)]
mod tests {
    use super::as_equalities;

    #[test]
    fn a_list_becomes_equalities_in_place() {
        let sql = "x TEXT CHECK (kind IN ('call', 'email', 'note')),\n y INT";
        assert_eq!(
            as_equalities(sql, "kind").as_deref(),
            Some("x TEXT CHECK (kind = 'call' OR kind = 'email' OR kind = 'note'),\n y INT")
        );
    }

    #[test]
    fn a_list_on_the_next_line_is_found() {
        let sql = "role TEXT CHECK (role IN\n     ('champion', 'other'))";
        assert_eq!(
            as_equalities(sql, "role").as_deref(),
            Some("role TEXT CHECK (role = 'champion' OR role = 'other')")
        );
    }

    #[test]
    fn anything_but_quoted_words_is_left_alone() {
        assert_eq!(as_equalities("CHECK (kind IN (1, 2))", "kind"), None);
        assert_eq!(as_equalities("CHECK (kind IN ('a', ''))", "kind"), None);
        assert_eq!(as_equalities("CHECK (kind = 'a')", "kind"), None);
    }
}
