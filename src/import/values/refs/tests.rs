//! The keys references are matched on: web domains read from website and domain cells.

use super::*;

#[test]
fn a_cell_that_is_no_domain_is_quoted_safely() {
    assert_eq!(parse_domain("https://www.Acme.com/"), Ok("acme.com".to_owned()));
    assert_eq!(parse_domain("n/a domain"), Err("“n/a domain” is not a domain".to_owned()));
    // Escapes and bidi overrides in the cell never reach the terminal through the message.
    assert_eq!(
        parse_domain("\u{1b}[2Jbad\u{202e} host"),
        Err("“[2Jbad host” is not a domain".to_owned())
    );
    let long = parse_domain(&"x y".repeat(100)).unwrap_err();
    assert!(long.chars().count() < 60, "{long}");
}

#[test]
fn domains_lose_scheme_www_port_and_path() {
    let cases = [
        ("https://www.Acme.com/about", Some("acme.com")),
        ("http://acme.com", Some("acme.com")),
        ("acme.com", Some("acme.com")),
        (" ACME.COM ", Some("acme.com")),
        ("www.acme.co.uk", Some("acme.co.uk")),
        ("https://acme.com:8443/x?y=1#z", Some("acme.com")),
        ("acme.com/pricing", Some("acme.com")),
        ("acme.com.", Some("acme.com")),
        ("https://user:pw@portal.acme.io/", Some("portal.acme.io")),
        ("app.acme.com", Some("app.acme.com")),
        ("münchen.de", Some("münchen.de")),
        ("my-company.com", Some("my-company.com")),
        ("localhost", None),
        ("https://", None),
        ("", None),
        ("n/a", None),
        ("Acme Inc", None),
        ("acme .com", None),
        ("acme..com", None),
        ("-acme.com", None),
    ];
    for (text, expected) in cases {
        assert_eq!(normalize_domain(text).as_deref(), expected, "{text}");
    }
}

#[test]
fn email_domains() {
    let cases = [
        ("ada@Acme.com", Some("acme.com")),
        ("  ADA@X.COM ", Some("x.com")),
        ("ada@mail.acme.co.uk", Some("mail.acme.co.uk")),
        ("\"a@b\"@acme.com", Some("acme.com")),
        ("ada.acme.com", None),
        ("@acme.com", None),
        ("ada@", None),
        ("ada@localhost", None),
        ("ada@acme.com/x", None),
    ];
    for (text, expected) in cases {
        assert_eq!(email_domain(text).as_deref(), expected, "{text}");
    }
}
