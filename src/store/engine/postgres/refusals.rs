//! A write PostgreSQL refused, told in the words SQLite uses for the same refusal, so that a
//! person reads the same line whichever engine holds the book: `UNIQUE constraint failed:
//! account.external_id` rather than the server's sentence naming its internal constraint, and
//! never the whole refused row (which the server's detail of a CHECK or NOT NULL failure
//! prints). It must not decide whether an error is a refusal: that is the SQLSTATE's class.

use postgres::error::{DbError, SqlState};

/// The line for `db`, a failure of SQLSTATE class 23 or the transaction it aborted; `None`
/// for any other failure, which keeps the server's own words.
pub(super) fn sqlite_words(db: &DbError) -> Option<String> {
    let code = db.code();
    let table = db.table().unwrap_or("?");
    if *code == SqlState::UNIQUE_VIOLATION {
        let columns = key_columns(db.detail()?)?;
        let named: Vec<String> = columns.split(", ").map(|c| format!("{table}.{c}")).collect();
        Some(format!("UNIQUE constraint failed: {}", named.join(", ")))
    } else if *code == SqlState::NOT_NULL_VIOLATION {
        Some(format!("NOT NULL constraint failed: {table}.{}", db.column()?))
    } else if *code == SqlState::CHECK_VIOLATION {
        // The server names the rule, not its expression: `<table>_<column>_check` for a
        // column's own rule, which reads as the column.
        let name = db.constraint()?;
        let rule = name
            .strip_prefix(table)
            .and_then(|n| n.strip_prefix('_'))
            .and_then(|n| n.strip_suffix("_check"))
            .map_or_else(|| name.to_owned(), |column| format!("{table}.{column}"));
        Some(format!("CHECK constraint failed: {rule}"))
    } else if *code == SqlState::FOREIGN_KEY_VIOLATION {
        Some(match db.detail().and_then(missing_reference) {
            Some((target, value)) => {
                format!("FOREIGN KEY constraint failed: no {target} {value}")
            }
            None => "FOREIGN KEY constraint failed".to_owned(),
        })
    } else if *code == SqlState::IN_FAILED_SQL_TRANSACTION {
        Some("an earlier write of this change failed, so none of it was saved".to_owned())
    } else {
        None
    }
}

/// `a, b` of a detail `Key (a, b)=(…) …`, when the key is plain columns (not an expression).
fn key_columns(detail: &str) -> Option<&str> {
    let columns = detail.strip_prefix("Key (")?.split_once(")=(")?.0;
    columns
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ',' || c == ' ')
        .then_some(columns)
}

/// The table and key of a detail `Key (col)=(value) is not present in table "target".`
fn missing_reference(detail: &str) -> Option<(&str, &str)> {
    let (_, rest) = detail.strip_prefix("Key (")?.split_once(")=(")?;
    let (value, rest) = rest.split_once(") is not present in table \"")?;
    let target = rest.strip_suffix("\".")?;
    Some((target, value))
}

#[cfg(test)]
mod tests {
    use super::{key_columns, missing_reference};

    #[test]
    fn keys_and_references_are_read_from_the_servers_detail() {
        assert_eq!(key_columns("Key (external_id)=(A-1) already exists."), Some("external_id"));
        assert_eq!(
            key_columns("Key (source, external_id)=(z, 1) already exists."),
            Some("source, external_id")
        );
        assert_eq!(key_columns("Key (lower(email))=(a@b) already exists."), None);
        assert_eq!(
            missing_reference("Key (account_id)=(999) is not present in table \"account\"."),
            Some(("account", "999"))
        );
        assert_eq!(missing_reference("Key (id)=(1) is still referenced from table \"x\"."), None);
    }
}
