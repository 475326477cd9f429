//! Matching headers to fields: normalising, the spec's field tables and aliases, traps, and the
//! problems a file's headers can have (an alias twice, a required column missing).

use super::*;
use crate::import::source::{Encoding, Source};

/// The headers of a file, read as the importer reads them.
pub(super) fn source(text: &str) -> Source {
    Source::open(text.as_bytes().to_vec(), Encoding::Utf8).unwrap()
}

pub(super) fn matched_with(
    kind: Kind,
    file: &Source,
    map: &HeaderMap,
) -> Result<Mapping, Vec<Problem>> {
    let headers =
        Headers { names: file.headers(), labels: file.labels(), line: file.header_line() };
    match_headers(kind, headers, map)
}

pub(super) fn matched(kind: Kind, text: &str) -> Result<Mapping, Vec<Problem>> {
    matched_with(kind, &source(text), &HeaderMap::default())
}

/// Each matched field with the header that holds it.
pub(super) fn pairs(kind: Kind, text: &str) -> Vec<(&'static str, String)> {
    let file = source(text);
    let mapping = matched_with(kind, &file, &HeaderMap::default()).unwrap();
    mapping.matched().map(|(field, column)| (field.name, file.headers()[column].clone())).collect()
}

pub(super) fn ignored(kind: Kind, text: &str) -> Vec<String> {
    matched(kind, text).unwrap().ignored().to_vec()
}

pub(super) fn expect(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    pairs.iter().map(|(f, h)| (*f, (*h).to_owned())).collect()
}

#[test]
fn normalizing_keeps_letters_and_digits_of_any_script_lower_cased() {
    for header in ["First Name", "FIRSTNAME", "first_name", " First-Name ", "\"first.name\""] {
        assert_eq!(normalize(header), "firstname", "{header}");
    }
    assert_eq!(normalize("Société"), "société");
    assert_eq!(normalize("Probability (%)"), "probability");
    assert_eq!(normalize("Account Tier [list]"), "accounttierlist");
    assert_eq!(normalize("Custom Data 1"), "customdata1");
}

#[test]
fn the_fields_of_each_kind_are_the_spec_table_then_the_extras() {
    let names = |kind| fields(kind).iter().map(|f| f.name).collect::<Vec<_>>().join(" ");
    let required = |kind| {
        fields(kind).iter().filter(|f| f.required).map(|f| f.name).collect::<Vec<_>>().join(" ")
    };
    assert_eq!(
        names(Kind::Accounts),
        "external_id name domain segment industry region owner arr currency seats_licensed \
         contract_start renewal_date lifecycle_stage advocacy mrr"
    );
    assert_eq!(required(Kind::Accounts), "external_id name");
    assert_eq!(
        names(Kind::Contacts),
        "external_id account name first_name last_name title email role influence sentiment \
         reports_to last_engaged left_on"
    );
    assert_eq!(required(Kind::Contacts), "account name");
    assert_eq!(names(Kind::Usage), "account date active_users events");
    assert_eq!(required(Kind::Usage), "account date active_users");
    assert_eq!(required(Kind::Features), "account date feature");
    assert_eq!(
        names(Kind::Tickets),
        "external_id account opened closed priority rating status subject updated_at \
         requester_email"
    );
    assert_eq!(required(Kind::Tickets), "account opened");
    assert_eq!(names(Kind::Nps), "score date email account comment");
    assert_eq!(required(Kind::Nps), "score date");
    assert_eq!(required(Kind::Interactions), "account date");
    assert_eq!(
        names(Kind::Opportunities),
        "external_id account kind amount currency stage close_date probability status name \
         type pipeline is_closed is_won probability_fraction"
    );
    assert_eq!(required(Kind::Opportunities), "account");
    assert_eq!(
        names(Kind::Renewals),
        "account due closed_on outcome arr_before arr_after note currency"
    );
    assert_eq!(required(Kind::Renewals), "account due closed_on outcome");
    let mrr = fields(Kind::Accounts).iter().find(|f| f.name == "mrr").unwrap();
    assert_eq!(mrr.feeds, Some(Feeds { field: "arr", times: 12 }));
}

#[test]
fn every_alias_names_a_field_of_its_kind_and_no_header_means_two_things() {
    for kind in Kind::ALL {
        let own: Vec<String> = fields(kind).iter().map(|f| normalize(f.name)).collect();
        let mut keys = Vec::new();
        for alias in aliases(kind) {
            assert!(fields(kind).iter().any(|f| f.name == alias.field), "{kind}: {alias:?}");
            let key = normalize(alias.header);
            assert!(!own.contains(&key), "{kind}: {alias:?} is already a field's own name");
            assert!(!keys.contains(&key), "{kind}: {alias:?} twice");
            keys.push(key);
        }
    }
}

#[test]
fn the_traps_map_to_nothing() {
    let traps = [
        "AnnualRevenue",
        "Annual Revenue",
        "NumberOfEmployees",
        "Number of Employees",
        "Employees",
        "ExpectedRevenue",
    ];
    for kind in Kind::ALL {
        for trap in traps {
            assert_eq!(by_name(kind, trap), None, "{kind}: {trap}");
        }
    }
    assert_eq!(by_name(Kind::Accounts, "Type"), None, "Salesforce's account type is no segment");
}

#[test]
fn a_canonical_name_wins_over_an_alias() {
    assert_eq!(
        pairs(Kind::Accounts, "external_id,Company name,Name"),
        expect(&[("external_id", "external_id"), ("name", "Name")])
    );
}

#[test]
fn two_aliases_for_one_field_are_an_error_naming_both() {
    let problems = matched(Kind::Accounts, "Record ID,Company name,Account Name").unwrap_err();
    assert_eq!(
        problems,
        [Problem::cell(
            1,
            "Account Name",
            "\"Company name\" and \"Account Name\" could each be name; say which with --map, \
             e.g. \"Company name\" = \"name\""
        )]
    );
    let map = HeaderMap::parse("[accounts]\n\"Account Name\" = \"name\"\n").unwrap();
    let file = source("Record ID,Company name,Account Name");
    let mapping = matched_with(Kind::Accounts, &file, &map).unwrap();
    assert_eq!(mapping.column("name"), Some(2));
    assert_eq!(mapping.ignored(), ["Company name"]);
}

#[test]
fn a_missing_required_column_lists_the_headers_and_the_nearest_names() {
    let problems = matched(Kind::Accounts, "Kunde Name,Ort,Umsatz").unwrap_err();
    assert_eq!(
        problems,
        [
            Problem::cell(
                1,
                "external_id",
                "no column for the required field external_id; the headers are \"Kunde Name\", \
                 \"Ort\", \"Umsatz\"; the nearest known names are \"Organization External ID\", \
                 \"sourceId\", \"Account ID (18)\"; name its column with --map"
            ),
            Problem::cell(
                1,
                "name",
                "no column for the required field name; the headers are \"Kunde Name\", \"Ort\", \
                 \"Umsatz\"; the nearest known names are \"Organization Name\", \"Account Name\", \
                 \"Customer Name\"; name its column with --map"
            ),
        ]
    );
}

#[test]
fn contacts_need_a_name_or_both_its_parts() {
    assert_eq!(
        pairs(Kind::Contacts, "AccountId,First Name,Last Name"),
        expect(&[
            ("account", "AccountId"),
            ("first_name", "First Name"),
            ("last_name", "Last Name")
        ])
    );
    let problems = matched(Kind::Contacts, "AccountId,First Name,Email").unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].column.as_deref(), Some("name"));
    assert!(
        problems[0]
            .reason
            .starts_with("no column for the required field name (or first_name and last_name);"),
        "{problems:?}"
    );
}

#[test]
fn a_json_lines_file_reports_header_problems_for_the_whole_file() {
    let file = source("{\"ticket\":1}\n");
    let problems = matched_with(Kind::Tickets, &file, &HeaderMap::default()).unwrap_err();
    assert_eq!(problems.iter().map(|p| p.line).collect::<Vec<_>>(), [0, 0]);
    assert!(problems[0].located("t.jsonl").starts_with("t.jsonl: account: no column"));
}

#[test]
fn a_map_names_columns_for_every_kind_or_one_and_can_ignore_one() {
    let map = HeaderMap::parse(
        "\"Kunde\" = \"account\"\n\n[accounts]\n\"Kunde\" = \"name\"\n\"Nummer\" = \"external_id\"\n\"Country\" = \"\"\n\n[usage]\n\"Datum\" = \"date\"\n",
    )
    .unwrap();
    let accounts = source("Nummer,Kunde,Country");
    let mapping = matched_with(Kind::Accounts, &accounts, &map).unwrap();
    assert_eq!((mapping.column("external_id"), mapping.column("name")), (Some(0), Some(1)));
    assert_eq!(mapping.column("region"), None);
    assert_eq!(mapping.ignored(), ["Country"]);
    let usage = source("KUNDE,datum,DAU");
    let mapping = matched_with(Kind::Usage, &usage, &map).unwrap();
    assert_eq!(mapping.matched().map(|(_, c)| c).collect::<Vec<_>>(), [0, 1, 2]);
}

#[test]
fn a_map_beats_a_canonical_name() {
    let map = HeaderMap::parse("[accounts]\n\"Legal Name\" = \"name\"\n").unwrap();
    let file = source("id,name,Legal Name");
    let mapping = matched_with(Kind::Accounts, &file, &map).unwrap();
    assert_eq!(mapping.column("name"), Some(2));
    assert_eq!(mapping.ignored(), ["name"]);
    let twice = HeaderMap::parse("[accounts]\n\"A\" = \"name\"\n\"B\" = \"name\"\n").unwrap();
    let problems = matched_with(Kind::Accounts, &source("id,A,B"), &twice).unwrap_err();
    assert_eq!(
        problems,
        [Problem::cell(1, "B", "\"A\" and \"B\" are all mapped to name; keep one in --map")]
    );
}

#[test]
fn a_map_naming_an_unknown_field_is_an_error_listing_the_kind_s_fields() {
    let err = HeaderMap::parse("[accounts]\n\"Kunde\" = \"nmae\"\n").unwrap_err();
    assert_eq!(
        err,
        Problem::file(
            "--map: \"Kunde\" = \"nmae\": accounts has no field \"nmae\"; its fields are \
             external_id, name, domain, segment, industry, region, owner, arr, currency, \
             seats_licensed, contract_start, renewal_date, lifecycle_stage, advocacy, mrr"
        )
    );
    let every_kind = HeaderMap::parse("\"Kunde\" = \"arr\"\n").unwrap();
    let problems = matched_with(Kind::Usage, &source("Kunde,date"), &every_kind).unwrap_err();
    assert_eq!(
        problems,
        [Problem::file(
            "--map: \"Kunde\" = \"arr\": usage has no field \"arr\"; its fields are account, \
             date, active_users, events"
        )]
    );
}

#[test]
fn a_map_that_is_not_a_map_is_an_error() {
    let kind = HeaderMap::parse("[deals]\n\"A\" = \"amount\"\n").unwrap_err();
    assert!(kind.reason.starts_with("--map: [deals]: unknown kind \"deals\""), "{kind:?}");
    let number = HeaderMap::parse("[accounts]\n\"A\" = 3\n").unwrap_err();
    assert_eq!(
        number.reason,
        "--map: [accounts] \"A\" = 3: the value must be a field name in quotes"
    );
    let toml = HeaderMap::parse("\"A\" = \n").unwrap_err();
    assert!(toml.reason.starts_with("--map: not TOML: "), "{toml:?}");
}

#[test]
fn the_column_next_in_line_for_the_external_id_can_take_its_place() {
    let text = "id,external_id,organization_id,created_at,Requester email\n";
    let file = source(text);
    let mut mapping = matched(Kind::Tickets, text).unwrap();
    assert_eq!(mapping.column("external_id"), Some(1), "the canonical name outranks id");
    assert_eq!(mapping.key_fallback(), Some(0));
    assert_eq!(mapping.column("requester_email"), Some(4));
    assert_eq!(mapping.ignored(), ["id"]);
    mapping.key_by_fallback(file.headers());
    assert_eq!((mapping.column("external_id"), mapping.key_fallback()), (Some(0), None));
    assert_eq!(mapping.ignored(), ["external_id"]);
    // Alone, or behind two columns of one rank, nothing is next in line.
    assert_eq!(
        matched(Kind::Tickets, "id,organization_id,created_at\n").unwrap().key_fallback(),
        None
    );
    let tied = "external_id,Ticket ID,Case Number,account,opened\n";
    assert_eq!(matched(Kind::Tickets, tied).unwrap().key_fallback(), None);
}

/// A hundred thousand headers are matched in linear time: one lookup each, where a scan of every
/// alias per header took seconds, and a scan of every other header (NPS, for a Qualtrics
/// group) hours. A file that lacks a required column lists twenty headers, then a count.
#[test]
fn a_hundred_thousand_headers_are_matched_in_linear_time() {
    use std::time::{Duration, Instant};

    for (kind, fields) in
        [(Kind::Accounts, ["external_id", "name"]), (Kind::Nps, ["score", "date"])]
    {
        let mut names: Vec<String> = fields.map(str::to_owned).to_vec();
        names.extend((0..100_000).map(|i| format!("Q{i}")));
        let headers = Headers { names: &names, labels: &[], line: 1 };
        let started = Instant::now();
        let mapping = match_headers(kind, headers, &HeaderMap::default()).unwrap();
        let took = started.elapsed();
        assert_eq!(mapping.ignored().len(), 100_000);
        // Tens of milliseconds optimised, under a second unoptimised on a busy machine.
        assert!(took < Duration::from_secs(5), "{kind}: {took:?}");
    }
    let names: Vec<String> = (0..1000).map(|i| format!("Q{i}")).collect();
    let headers = Headers { names: &names, labels: &[], line: 1 };
    let problems = match_headers(Kind::Usage, headers, &HeaderMap::default()).unwrap_err();
    assert_eq!(problems.len(), 3);
    let first: Vec<String> = (0..20).map(|i| format!("\"Q{i}\"")).collect();
    let listed = format!("the headers are {} and 980 more; ", first.join(", "));
    assert!(problems[0].reason.contains(&listed), "{}", problems[0].reason);
    assert!(problems[0].reason.len() < 600, "{}", problems[0].reason);
}
