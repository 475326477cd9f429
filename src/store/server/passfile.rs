//! The password file libpq reads (`PGPASSFILE`, else `~/.pgpass`): lines of
//! `host:port:database:user:password`, `*` matching anything, `\:` and `\\` escaping. Like libpq,
//! a file that others than its owner may read is ignored. It only reads the file: it never
//! shows or logs what it found.

use std::path::PathBuf;

/// What a line of the password file is matched against: host, port, database, user.
pub(super) struct Wanted<'a> {
    pub host: &'a str,
    pub port: u16,
    pub dbname: &'a str,
    pub user: &'a str,
}

/// The password for `target` in the password file, if there is one and it may be trusted.
pub(super) fn lookup(target: &Wanted<'_>, var: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let path = var("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| var("HOME").map(|home| PathBuf::from(home).join(".pgpass")))?;
    if !private(&path) {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    find(&text, target)
}

#[cfg(unix)]
fn private(path: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path)
        .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o077 == 0)
}

#[cfg(not(unix))]
fn private(path: &std::path::Path) -> bool {
    path.is_file()
}

/// The password of the first line of `text` matching `target`.
fn find(text: &str, target: &Wanted<'_>) -> Option<String> {
    let port = target.port.to_string();
    let wanted = [target.host, port.as_str(), target.dbname, target.user];
    text.lines().filter(|line| !line.trim_start().starts_with('#')).find_map(|line| {
        let fields = split(line);
        let [host, port, db, user, password] = <[String; 5]>::try_from(fields).ok()?;
        let matches = [host, port, db, user]
            .iter()
            .zip(wanted)
            .all(|(field, want)| field == "*" || field == want);
        matches.then_some(password)
    })
}

/// The fields of one line, split at unescaped colons, escapes removed.
fn split(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => fields.last_mut().into_iter().for_each(|f| f.extend(chars.next())),
            ':' => fields.push(String::new()),
            c => fields.last_mut().into_iter().for_each(|f| f.push(c)),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> Wanted<'static> {
        Wanted { host: "db.example.com", port: 5432, dbname: "book", user: "ann" }
    }

    #[test]
    fn the_first_matching_line_gives_the_password() {
        let text = "# comment\nother:5432:book:ann:no\ndb.example.com:*:book:ann:p\\:w\\\\d\n*:*:*:*:late\n";
        assert_eq!(find(text, &target()).as_deref(), Some("p:w\\d"));
        assert_eq!(find("*:*:*:bob:x\n", &target()), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_may_read_is_ignored() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("pgpass");
        std::fs::write(&path, "*:*:*:*:secret\n").expect("write");
        let var = |name: &str| (name == "PGPASSFILE").then(|| path.to_string_lossy().into_owned());
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        assert_eq!(lookup(&target(), &var), None);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        assert_eq!(lookup(&target(), &var).as_deref(), Some("secret"));
    }
}
