//! Each way a connection can fail, told in one line naming the place and never the password;
//! on loopback only (a closed port, a listener that never answers, the throwaway cluster).

use std::net::TcpListener;
use std::time::{Duration, Instant};

use super::location::ServerUrl;
use super::{ServerError, connect};
use crate::store::{Store, StoreError};
use crate::test_support::postgres::{PASSWORD, PASSWORD_USER, database};

fn url(text: &str) -> ServerUrl {
    ServerUrl::parse(text).expect("a well-formed URL")
}

/// The failure of connecting to `text`, checked to be one line naming `place` and no password.
fn failure(text: &str, place: &str) -> ServerError {
    let error = connect(&url(text)).map(drop).expect_err("refused");
    let said = error.to_string();
    assert!(!said.contains('\n'), "{said}");
    assert!(said.contains(place), "{place} not in: {said}");
    assert!(!said.contains("wrong-pass") && !said.contains(PASSWORD), "{said}");
    error
}

#[test]
fn a_closed_port_is_refused_at_once() {
    let port = TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let place = format!("127.0.0.1:{port}");
    let error = failure(&format!("postgres://ann:wrong-pass@{place}/book"), &place);
    assert!(matches!(error, ServerError::Refused { .. }), "{error:?}");
}

/// A listener that never accepts: the kernel completes the TCP handshake, and the server's
/// answer never comes. The driver's own timeout covers only the socket's connect, so this is the
/// hang the deadline on the whole set-up prevents.
#[test]
fn a_server_that_never_answers_is_given_up_at_the_deadline() {
    let silent = TcpListener::bind("127.0.0.1:0").expect("bind");
    let place = format!("127.0.0.1:{}", silent.local_addr().expect("addr").port());
    let started = Instant::now();
    let error = failure(&format!("postgres://ann@{place}/book?connect_timeout=1"), &place);
    assert!(matches!(error, ServerError::Timeout { seconds: 1, .. }), "{error:?}");
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
}

#[test]
fn a_malformed_url_is_told_before_any_connection() {
    let error = Store::connect("postgres://ann:wrong-pass@db:port/book").expect_err("malformed");
    let said = error.to_string();
    assert!(matches!(error, StoreError::Server(ServerError::Location(_))), "{error:?}");
    assert!(said.contains("the port \"port\"") && !said.contains("wrong-pass"), "{said}");
}

#[test]
fn a_wrong_or_missing_password_is_told_as_such() {
    let Some(db) = database("wrong_password") else { return };
    let place = format!("127.0.0.1:{}", db.port());
    let base = format!("{place}/{}?sslmode=disable", db.name());
    let error = failure(&format!("postgres://{PASSWORD_USER}:wrong-pass@{base}"), &place);
    assert!(matches!(error, ServerError::WrongPassword { .. }), "{error:?}");
    // No password anywhere (an environment without PGPASSWORD nor a password file).
    let target = url(&format!("postgres://{PASSWORD_USER}@{base}")).resolve(&|_| None).expect("ok");
    let error = super::connect::open(&target).map(drop).expect_err("no password");
    assert!(matches!(error, ServerError::NoPassword { .. }), "{error:?}");
    assert!(error.to_string().contains("PGPASSWORD"), "{error}");
    // The right one, from the environment, lets the user in.
    let env = |name: &str| (name == "PGPASSWORD").then(|| PASSWORD.to_owned());
    let target = url(&format!("postgres://{PASSWORD_USER}@{base}")).resolve(&env).expect("ok");
    super::connect::open(&target).expect("the right password");
}

#[test]
fn an_unknown_user_is_told_as_such() {
    let Some(db) = database("unknown_user") else { return };
    let place = format!("127.0.0.1:{}", db.port());
    let error = failure(&format!("postgres://nobody_here@{place}/{}", db.name()), &place);
    assert!(matches!(error, ServerError::Denied { .. }), "{error:?}");
    assert!(error.to_string().contains("nobody_here"), "{error}");
}

#[test]
fn a_missing_database_is_told_as_such() {
    let Some(db) = database("missing_database") else { return };
    let place = format!("127.0.0.1:{}", db.port());
    let error = failure(&format!("postgres://postgres@{place}/no_such_book"), &place);
    assert!(matches!(error, ServerError::NoDatabase { .. }), "{error:?}");
    assert!(error.to_string().contains("no database no_such_book"), "{error}");
}

/// A server that answers csm's request for TLS with "no" (as PostgreSQL without `ssl = on`
/// does), once; its place.
fn server_without_tls() -> String {
    use std::io::{Read as _, Write as _};
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let place = format!("127.0.0.1:{}", listener.local_addr().expect("addr").port());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(4) {
            let Ok(mut stream) = stream else { return };
            let mut request = [0_u8; 8];
            if stream.read_exact(&mut request).is_ok() {
                let _ = stream.write_all(b"N");
            }
        }
    });
    place
}

/// A connection that requires TLS of a server without it fails, and never falls back.
#[test]
fn required_tls_never_falls_back() {
    let place = server_without_tls();
    for mode in ["require", "verify-ca", "verify-full"] {
        let text = format!("postgres://ann:wrong-pass@{place}/book?sslmode={mode}");
        let error = failure(&text, &place);
        assert!(matches!(error, ServerError::NoTls { .. }), "{mode}: {error:?}");
        assert!(error.to_string().contains(&format!("sslmode={mode}")), "{error}");
    }
}

/// Whether the connection of `client` is encrypted.
fn encrypted(client: &mut postgres::Client) -> bool {
    let row = client.query_one("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[]);
    row.expect("pg_stat_ssl").get(0)
}

/// On the cluster speaking TLS with a certificate for `localhost` signed by its own authority:
/// `prefer` and `require` encrypt without checking it; `verify-ca` checks the signer only;
/// `verify-full` the signer and the name, each failure one line.
#[test]
fn tls_is_used_and_checked_as_sslmode_asks() {
    let Some(db) = database("tls_modes") else { return };
    let Some(root) = db.tls_root() else {
        eprintln!("skipped tls_is_used_and_checked_as_sslmode_asks: the cluster speaks no TLS");
        return;
    };
    let root = root.display();
    let (port, name) = (db.port(), db.name());
    let on = |host: &str, query: &str| format!("postgres://postgres@{host}:{port}/{name}?{query}");
    for (host, query) in [
        ("127.0.0.1", "sslmode=prefer".to_owned()),
        ("127.0.0.1", "sslmode=require".to_owned()),
        ("127.0.0.1", format!("sslmode=verify-ca&sslrootcert={root}")),
        ("localhost", format!("sslmode=verify-full&sslrootcert={root}")),
    ] {
        let (mut client, _) = connect(&url(&on(host, &query))).expect(&query);
        assert!(encrypted(&mut client), "{query}");
    }
    let (mut client, _) = connect(&url(&on("127.0.0.1", "sslmode=disable"))).expect("clear");
    assert!(!encrypted(&mut client));
    let place = format!("127.0.0.1:{port}");
    // The certificate names localhost, not 127.0.0.1.
    let error =
        failure(&on("127.0.0.1", &format!("sslmode=verify-full&sslrootcert={root}")), &place);
    assert!(matches!(error, ServerError::Tls { .. }), "{error:?}");
    // Signed by no authority the system trusts.
    let error = failure(&on("localhost", "sslmode=verify-full"), &format!("localhost:{port}"));
    assert!(matches!(error, ServerError::Tls { .. }), "{error:?}");
    let error = failure(&on("127.0.0.1", "sslmode=verify-ca&sslrootcert=/nonexistent.crt"), &place);
    assert!(error.to_string().contains("cannot read sslrootcert /nonexistent.crt"), "{error}");
}

#[test]
fn the_session_is_set_up() {
    let Some(db) = database("session_set_up") else { return };
    let (mut client, target) = connect(&url(&db.url())).expect("connected");
    assert_eq!(target.at(), format!("127.0.0.1:{}/{}", db.port(), db.name()));
    let show = |client: &mut postgres::Client, name: &str| -> String {
        client.query_one(&format!("SHOW {name}"), &[]).expect(name).get(0)
    };
    assert_eq!(show(&mut client, "application_name"), "csm");
    assert_eq!(show(&mut client, "TimeZone"), "UTC");
    assert_eq!(show(&mut client, "statement_timeout"), "5min");
    assert_eq!(show(&mut client, "lock_timeout"), "30s");
    assert_eq!(show(&mut client, "idle_in_transaction_session_timeout"), "2min");
}

/// A client opening a database without csm's schema is told who makes it, and how.
#[test]
fn a_database_without_the_schema_says_to_run_server_init() {
    let Some(db) = database("store_without_schema") else { return };
    let error = Store::connect(&db.url()).expect_err("no schema");
    let said = error.to_string();
    assert!(
        said.starts_with(&format!("no csm schema in database {} at 127.0.0.1:", db.name())),
        "{said}"
    );
    assert!(said.contains(&format!("run `csm server init --db {}`", db.url())), "{said}");
}

/// A book made by `csm server init` opens through its URL, and a handle on it connects again
/// on another thread and sees what this connection wrote.
#[test]
fn a_book_made_by_server_init_opens_and_its_handle_connects_again() {
    let Some(db) = database("store_connect") else { return };
    super::init_schema(&url(&db.url())).expect("init");
    let mut store = Store::connect(&db.url()).expect("opened");
    let writer = store.writer().expect("writer");
    writer.insert_account(&crate::domain::Account::named("A-1", "Acme")).expect("account");
    writer.commit().expect("commit");
    let handle = store.handle().expect("a server's book has a handle");
    assert!(!format!("{store:?}").contains("password"));
    let names = std::thread::spawn(move || {
        let other = handle.open().expect("connected again");
        other.accounts().expect("read").into_iter().map(|a| a.name).collect::<Vec<_>>()
    });
    assert_eq!(names.join().expect("thread"), ["Acme"]);
}
