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

#[test]
fn checksum_matches_the_published_vectors() {
    assert_eq!(checksum("0015g00000AbCdE"), "AAV");
    assert_eq!(checksum("0015g00000XyZw1"), "AAF");
    assert_eq!(checksum("0055g00000QrStU"), "AAV");
    assert_eq!(checksum("001A000001abcde"), "IAA");
}

#[test]
fn salesforce_ids_of_15_and_18_characters_are_one_key() {
    let cases = [
        ("0015g00000AbCdE", "0015g00000AbCdE"),
        ("0015g00000AbCdEAAV", "0015g00000AbCdE"),
        ("0015g00000AbCdEaav", "0015g00000AbCdE"), // the suffix compares case-insensitively
        (" 0015g00000XyZw1AAF ", "0015g00000XyZw1"),
        ("0055g00000QrStUAAV", "0055g00000QrStU"),
        // Case lost by a tool: restored from the suffix.
        ("0015g00000abcdeaav", "0015g00000AbCdE"),
        ("0015G00000ABCDEAAV", "0015g00000AbCdE"),
        // A suffix that is not the checksum: the 15 as written.
        ("001A000001abcdeAAA", "001A000001abcde"),
        ("001A000001abcde", "001A000001abcde"),
        // Not Salesforce ids: unchanged.
        ("123456789012345678", "123456789012345678"), // 18 digits
        ("0015g00000AbCdE999", "0015g00000AbCdE999"), // 6-9 are not in the suffix alphabet
        ("0015g00000AbCdEAA", "0015g00000AbCdEAA"),   // 17 characters
        ("0015g-0000AbCdEAAV", "0015g-0000AbCdEAAV"),
        ("CUST-42", "CUST-42"),
        (" 42 ", "42"),
    ];
    for (text, expected) in cases {
        assert_eq!(salesforce_id_key(text), expected, "{text}");
    }
    // Two different 15-character ids that differ only in case stay two keys.
    assert_ne!(salesforce_id_key("0015g00000AbCdE"), salesforce_id_key("0015g00000abcde"));
}
