//! Where a book on a PostgreSQL server is: the URL (`postgres://USER:PASSWORD@HOST:PORT/DB?…`)
//! or the `key=value` form, parsed in this one place into a [`ServerUrl`], and, at connection
//! time, completed from the environment into a [`Target`].
//!
//! What csm reads besides the URL, the same names libpq uses: `PGHOST`, `PGPORT`, `PGUSER`,
//! `PGDATABASE`, `PGSSLMODE`, `PGSSLROOTCERT` for what the URL leaves out, and for the password
//! `PGPASSWORD`, else the password file (`PGPASSFILE`, else `~/.pgpass`, ignored unless only its
//! owner may read it). The user defaults to the login name, the host to `localhost`, the port to
//! 5432, the database to the user's name, `sslmode` to `prefer`.
//!
//! A password is never shown: not by `Display`, not by `Debug`, not in a parse error (which
//! never quotes the text it was given). This module connects to nothing.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use super::failure::ServerError;

/// How long a connection may take to be set up (socket, TLS, authentication) unless the URL's
/// `connect_timeout` says otherwise.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// How a connection asks for TLS (libpq's `sslmode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    /// Never TLS.
    Disable,
    /// TLS when the server offers it, the certificate unchecked; plain otherwise.
    Prefer,
    /// TLS or no connection; the certificate checked only against a given `sslrootcert`.
    Require,
    /// TLS, the certificate signed by a trusted authority, whatever name it carries.
    VerifyCa,
    /// TLS, the certificate signed by a trusted authority and naming the host.
    VerifyFull,
}

impl SslMode {
    fn parse(text: &str) -> Result<Self, ServerError> {
        Ok(match text {
            "disable" => Self::Disable,
            "prefer" => Self::Prefer,
            "require" => Self::Require,
            "verify-ca" => Self::VerifyCa,
            "verify-full" => Self::VerifyFull,
            _ => {
                return Err(ServerError::Location(format!(
                    "sslmode {:?} is not one of disable, prefer, require, verify-ca, verify-full",
                    crate::domain::cut(text, 20)
                )));
            }
        })
    }

    /// The word the URL uses for it.
    #[must_use]
    pub fn word(self) -> &'static str {
        match self {
            Self::Disable => "disable",
            Self::Prefer => "prefer",
            Self::Require => "require",
            Self::VerifyCa => "verify-ca",
            Self::VerifyFull => "verify-full",
        }
    }
}

/// A book on a PostgreSQL server, as named on the command line: what the text said, nothing
/// from the environment yet. Shown (and debugged) without its password.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct ServerUrl {
    host: Option<String>,
    port: Option<u16>,
    user: Option<String>,
    password: Option<String>,
    dbname: Option<String>,
    sslmode: Option<SslMode>,
    sslrootcert: Option<PathBuf>,
    connect_timeout: Option<Duration>,
}

/// Whether `text` names a book on a server (a `postgres://` or `postgresql://` URL) rather than
/// a file.
#[must_use]
pub fn is_server_url(text: &str) -> bool {
    scheme_rest(text).is_some()
}

fn scheme_rest(text: &str) -> Option<&str> {
    ["postgres://", "postgresql://"].into_iter().find_map(|scheme| {
        let head = text.get(..scheme.len())?;
        head.eq_ignore_ascii_case(scheme).then(|| &text[scheme.len()..])
    })
}

impl ServerUrl {
    /// Parses a `postgres://` URL or the `key=value` form (`host=db port=5432 dbname=csm`).
    ///
    /// # Errors
    /// The text is malformed; the message says what, never quoting a password.
    pub fn parse(text: &str) -> Result<Self, ServerError> {
        match scheme_rest(text.trim()) {
            Some(rest) => Self::parse_url(rest),
            None => Self::parse_pairs(text),
        }
    }

    fn parse_url(rest: &str) -> Result<Self, ServerError> {
        let mut url = Self::default();
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let (userinfo, hostport) = match authority.rsplit_once('@') {
            Some((userinfo, hostport)) => (Some(userinfo), hostport),
            None => (None, authority),
        };
        if let Some(userinfo) = userinfo {
            let (user, password) = match userinfo.split_once(':') {
                Some((user, password)) => (user, Some(password)),
                None => (userinfo, None),
            };
            url.user = non_empty(decode(user, "the user name")?);
            url.password = match password {
                Some(password) => Some(decode(password, "the password")?),
                None => None,
            };
        }
        if hostport.contains(',') {
            return Err(ServerError::Location(
                "several hosts in one URL are not supported: name one".to_owned(),
            ));
        }
        let (host, port) = if let Some(bracketed) = hostport.strip_prefix('[') {
            let (host, after) = bracketed.split_once(']').ok_or_else(|| {
                ServerError::Location("an IPv6 address opened with [ is not closed by ]".to_owned())
            })?;
            (host, after.strip_prefix(':'))
        } else {
            match hostport.split_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (hostport, None),
            }
        };
        url.host = non_empty(decode(host, "the host")?);
        if let Some(port) = port.filter(|p| !p.is_empty()) {
            url.port = Some(parse_port(port)?);
        }
        url.dbname = non_empty(decode(path, "the database name")?);
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let key = decode(key, "a parameter's name")?;
            let value = decode(value, "a parameter's value")?;
            url.set(&key, value)?;
        }
        Ok(url)
    }

    fn parse_pairs(text: &str) -> Result<Self, ServerError> {
        let mut url = Self::default();
        let mut chars = text.chars().peekable();
        loop {
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            if chars.peek().is_none() {
                break;
            }
            let key: String = chars.by_ref().take_while(|&c| c != '=').collect();
            let key = key.trim().to_owned();
            if key.is_empty() || key.contains(char::is_whitespace) {
                return Err(ServerError::Location(
                    "expected postgres://USER@HOST:PORT/DATABASE or key=value pairs".to_owned(),
                ));
            }
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            let mut value = String::new();
            if chars.next_if_eq(&'\'').is_some() {
                let mut closed = false;
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => value.extend(chars.next()),
                        '\'' => {
                            closed = true;
                            break;
                        }
                        c => value.push(c),
                    }
                }
                if !closed {
                    return Err(ServerError::Location(format!(
                        "the value of {key} opens a quote it does not close"
                    )));
                }
            } else {
                while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                    match c {
                        '\\' => value.extend(chars.next()),
                        c => value.push(c),
                    }
                }
            }
            url.set(&key, value)?;
        }
        if url == Self::default() {
            return Err(ServerError::Location(
                "expected postgres://USER@HOST:PORT/DATABASE or key=value pairs".to_owned(),
            ));
        }
        Ok(url)
    }

    fn set(&mut self, key: &str, value: String) -> Result<(), ServerError> {
        match key {
            "host" => self.host = non_empty(value),
            "port" => self.port = Some(parse_port(&value)?),
            "user" => self.user = non_empty(value),
            "password" => self.password = Some(value),
            "dbname" => self.dbname = non_empty(value),
            "sslmode" => self.sslmode = Some(SslMode::parse(&value)?),
            "sslrootcert" => self.sslrootcert = non_empty(value).map(PathBuf::from),
            "connect_timeout" => {
                let seconds: u64 =
                    value.parse().ok().filter(|s| (1..=600).contains(s)).ok_or_else(|| {
                        ServerError::Location(format!(
                            "connect_timeout {:?} is not a number of seconds from 1 to 600",
                            crate::domain::cut(&value, 20)
                        ))
                    })?;
                self.connect_timeout = Some(Duration::from_secs(seconds));
            }
            // libpq's, which do not change how csm connects.
            "application_name" | "fallback_application_name" => {}
            other => {
                return Err(ServerError::Location(format!(
                    "unknown parameter {:?}: csm knows host, port, user, password, dbname, \
                     sslmode, sslrootcert and connect_timeout",
                    crate::domain::cut(other, 30)
                )));
            }
        }
        Ok(())
    }

    /// The connection's target, completed from the environment (`var` looks a variable up).
    pub(super) fn resolve(
        &self,
        var: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Target, ServerError> {
        let var = |name: &str| var(name).filter(|v| !v.is_empty());
        let host =
            self.host.clone().or_else(|| var("PGHOST")).unwrap_or_else(|| "localhost".into());
        let port = match (self.port, var("PGPORT")) {
            (Some(port), _) => port,
            (None, Some(port)) => parse_port(&port)?,
            (None, None) => 5432,
        };
        let user = self
            .user
            .clone()
            .or_else(|| var("PGUSER"))
            .or_else(|| var("USER"))
            .or_else(|| var("LOGNAME"))
            .ok_or_else(|| {
                ServerError::Location(
                    "no user name: put one in the URL (postgres://USER@HOST/DATABASE) or PGUSER"
                        .to_owned(),
                )
            })?;
        let dbname =
            self.dbname.clone().or_else(|| var("PGDATABASE")).unwrap_or_else(|| user.clone());
        let sslmode = match (self.sslmode, var("PGSSLMODE")) {
            (Some(mode), _) => mode,
            (None, Some(mode)) => SslMode::parse(&mode)?,
            (None, None) => SslMode::Prefer,
        };
        let sslrootcert =
            self.sslrootcert.clone().or_else(|| var("PGSSLROOTCERT").map(PathBuf::from));
        let mut target = Target {
            host,
            port,
            user,
            dbname,
            password: None,
            sslmode,
            sslrootcert,
            connect_timeout: self.connect_timeout.unwrap_or(CONNECT_TIMEOUT),
        };
        let wanted = super::passfile::Wanted {
            host: &target.host,
            port: target.port,
            dbname: &target.dbname,
            user: &target.user,
        };
        target.password = self
            .password
            .clone()
            .or_else(|| var("PGPASSWORD"))
            .or_else(|| super::passfile::lookup(&wanted, &var));
        Ok(target)
    }
}

impl fmt::Display for ServerUrl {
    /// The URL as given, less its password: `postgres://ann@db:5432/csm?sslmode=require`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("postgres://")?;
        if let Some(user) = &self.user {
            write!(f, "{}@", encode(user))?;
        }
        match &self.host {
            Some(host) if host.contains(':') => write!(f, "[{host}]")?,
            Some(host) if !host.starts_with('/') => f.write_str(&encode(host))?,
            _ => {}
        }
        if let Some(port) = self.port {
            write!(f, ":{port}")?;
        }
        if let Some(dbname) = &self.dbname {
            write!(f, "/{}", encode(dbname))?;
        }
        let mut query = Vec::new();
        if let Some(host) = self.host.as_ref().filter(|h| h.starts_with('/')) {
            query.push(format!("host={}", encode(host)));
        }
        if let Some(mode) = self.sslmode {
            query.push(format!("sslmode={}", mode.word()));
        }
        if let Some(root) = &self.sslrootcert {
            query.push(format!("sslrootcert={}", encode(&root.to_string_lossy())));
        }
        if let Some(timeout) = self.connect_timeout {
            query.push(format!("connect_timeout={}", timeout.as_secs()));
        }
        if !query.is_empty() {
            write!(f, "?{}", query.join("&"))?;
        }
        Ok(())
    }
}

impl fmt::Debug for ServerUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ServerUrl").field(&self.to_string()).finish()
    }
}

/// Where a connection goes, everything decided. Its password is never shown.
#[derive(Clone)]
pub(super) struct Target {
    pub host: String,
    pub port: u16,
    pub user: String,
    pub dbname: String,
    pub password: Option<String>,
    pub sslmode: SslMode,
    pub sslrootcert: Option<PathBuf>,
    pub connect_timeout: Duration,
}

impl Target {
    /// `HOST:PORT/DATABASE`, the place every message names.
    pub fn at(&self) -> String {
        format!("{}/{}", self.server(), self.dbname)
    }

    /// `HOST:PORT`.
    pub fn server(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// The URL that reaches this target again, without its password: what a message tells the
    /// user to type.
    pub fn shown_url(&self) -> String {
        let host =
            if self.host.contains(':') { format!("[{}]", self.host) } else { encode(&self.host) };
        format!("postgres://{}@{host}:{}/{}", encode(&self.user), self.port, encode(&self.dbname))
    }
}

impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Target")
            .field("at", &self.at())
            .field("user", &self.user)
            .field("password", &self.password.as_ref().map(|_| "…"))
            .field("sslmode", &self.sslmode)
            .finish_non_exhaustive()
    }
}

fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

fn parse_port(text: &str) -> Result<u16, ServerError> {
    text.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| {
        ServerError::Location(format!(
            "the port {:?} is not a number from 1 to 65535",
            crate::domain::cut(text, 20)
        ))
    })
}

/// Percent-decodes one part of the URL; `what` names it in the error, which never quotes it.
fn decode(text: &str, what: &str) -> Result<String, ServerError> {
    let bad = || ServerError::Location(format!("{what} in the URL is not valid percent-encoding"));
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3).ok_or_else(bad)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| bad())?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| bad())
}

/// Percent-encodes what a URL part may not hold as it is.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn a_url_gives_every_part() {
        let url = ServerUrl::parse(
            "postgresql://ann:s%40cret@db.example.com:6543/book?sslmode=verify-full&connect_timeout=3",
        )
        .expect("parsed");
        let target = url.resolve(&no_env).expect("resolved");
        assert_eq!(target.at(), "db.example.com:6543/book");
        assert_eq!(target.user, "ann");
        assert_eq!(target.password.as_deref(), Some("s@cret"));
        assert_eq!(target.sslmode, SslMode::VerifyFull);
        assert_eq!(target.connect_timeout, Duration::from_secs(3));
    }

    #[test]
    fn the_key_value_form_gives_the_same() {
        let url = ServerUrl::parse(
            "host=db.example.com port=6543 user=ann password='s@c ret' dbname=book",
        )
        .expect("parsed");
        let target = url.resolve(&no_env).expect("resolved");
        assert_eq!(target.at(), "db.example.com:6543/book");
        assert_eq!(target.password.as_deref(), Some("s@c ret"));
    }

    #[test]
    fn a_password_is_never_shown() {
        let url = ServerUrl::parse("postgres://ann:hunter2@[::1]:5432/book?sslmode=require")
            .expect("parsed");
        let shown = format!("{url} {url:?} {:?}", url.resolve(&no_env).expect("resolved"));
        assert!(!shown.contains("hunter2"), "{shown}");
        assert_eq!(url.to_string(), "postgres://ann@[::1]:5432/book?sslmode=require");
    }

    #[test]
    fn what_the_url_leaves_out_comes_from_the_environment() {
        let env = |name: &str| match name {
            "PGPASSWORD" => Some("from-env".to_owned()),
            "PGUSER" => Some("bob".to_owned()),
            "PGPORT" => Some("6000".to_owned()),
            _ => None,
        };
        let target = ServerUrl::parse("postgres://db/book")
            .expect("parsed")
            .resolve(&env)
            .expect("resolved");
        assert_eq!((target.user.as_str(), target.port), ("bob", 6000));
        assert_eq!(target.password.as_deref(), Some("from-env"));
        assert_eq!(target.sslmode, SslMode::Prefer);
        // The URL's own password wins.
        let target = ServerUrl::parse("postgres://ann:mine@db/book")
            .expect("parsed")
            .resolve(&env)
            .expect("resolved");
        assert_eq!(target.password.as_deref(), Some("mine"));
    }

    /// Each malformed URL says what is wrong, in one line, without quoting a password.
    #[test]
    fn a_malformed_url_says_what_is_wrong() {
        for (text, says) in [
            ("postgres://ann:hunter2@db:54x/book", "port \"54x\""),
            ("postgres://ann:hunter2@db:0/book", "from 1 to 65535"),
            ("postgres://ann:hunter2@db/book?sslmode=always", "sslmode \"always\""),
            ("postgres://ann:hunter2@db/book?colour=red", "unknown parameter \"colour\""),
            ("postgres://ann:hun%zzter2@db/book", "the password in the URL"),
            ("postgres://ann:hunter2@a,b/book", "several hosts"),
            ("postgres://ann:hunter2@[::1/book", "IPv6"),
            ("host=db password='hunter2", "does not close"),
            ("just some words", "expected postgres://"),
        ] {
            let error = ServerUrl::parse(text).expect_err(text).to_string();
            assert!(error.contains(says), "{text}: {error}");
            assert!(!error.contains("hunter2") && !error.contains('\n'), "{error}");
        }
    }

    #[test]
    fn only_a_postgres_scheme_names_a_server() {
        assert!(is_server_url("postgres://db/book"));
        assert!(is_server_url("PostgreSQL://db/book"));
        assert!(!is_server_url("book.db"));
        assert!(!is_server_url("postgres:/book.db"));
    }
}
