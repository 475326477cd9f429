use super::*;

type Read = Result<(usize, Vec<String>), Problem>;

fn open(bytes: &[u8]) -> Source {
    Source::open(bytes.to_vec(), Encoding::Utf8).unwrap()
}

fn drain(source: &mut Source) -> Vec<Read> {
    let mut out = Vec::new();
    while let Some(row) = source.next_row() {
        out.push(row.map(|row| (row.line(), row.cells().map(str::to_owned).collect())));
    }
    out
}

fn rows(bytes: &[u8]) -> Vec<Read> {
    drain(&mut open(bytes))
}

fn ok(line: usize, cells: &[&str]) -> Read {
    Ok((line, cells.iter().map(|c| (*c).to_owned()).collect()))
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

#[test]
fn a_bom_is_not_part_of_the_first_header() {
    let mut source = open(b"\xEF\xBB\xBF\"id\",\"name\"\r\n\"1\",\"Ada\"\r\n");
    assert_eq!(source.headers(), strings(&["id", "name"]));
    assert_eq!(source.format(), Format::Csv { delimiter: b',' });
    assert_eq!(drain(&mut source), vec![ok(2, &["1", "Ada"])]);
}

#[test]
fn crlf_outside_and_inside_quotes() {
    let mut source = open(b"a,b\r\n1,\"x\r\ny\"\r\n2,z\r\n");
    let row = source.next_row().unwrap().unwrap();
    assert_eq!((row.line(), row.cell(1), row.line_of(1)), (2, "x\r\ny", 2));
    assert_eq!(drain(&mut source), vec![ok(4, &["2", "z"])]);
}

#[test]
fn lone_cr_line_endings_number_lines_as_lf_and_crlf_do() {
    let mut source = open(b"a,b\r1,\"x\ry\"\r\r2,z\r3,w");
    let row = source.next_row().unwrap().unwrap();
    assert_eq!((row.line(), row.cell(1), row.line_of(1)), (2, "x\ry", 2));
    assert_eq!(drain(&mut source), vec![ok(5, &["2", "z"]), ok(6, &["3", "w"])]);
    // One file mixing the three: each ends one line.
    let mixed = b"a,b\r\n1,2\r3,4\n5,6\r\n\r7,8\n";
    let lines: Vec<usize> = rows(mixed).into_iter().map(|r| r.unwrap().0).collect();
    assert_eq!(lines, [2, 3, 4, 6]);
}

#[test]
fn a_bad_row_of_a_lone_cr_file_is_on_its_own_line() {
    let shape = Err(Problem::line(3, "1 cell, but the header has 2"));
    assert_eq!(rows(b"a,b\r1,2\r3\r4,5\r"), vec![ok(2, &["1", "2"]), shape, ok(4, &["4", "5"])]);
    let unterminated = Err(Problem::line(
        3,
        "unterminated quote: the quoted field that opens on this line never closes",
    ));
    assert_eq!(rows(b"a,b\r1,2\r3,\"open\rmore\r"), vec![ok(2, &["1", "2"]), unterminated]);
}

#[test]
fn semicolons_when_the_header_has_more_of_them_outside_quotes() {
    let mut source = open("\"Name, kurz\";Umsatz;Ort\n\"Müller, GmbH\";1.234,00;Köln\n".as_bytes());
    assert_eq!(source.format(), Format::Csv { delimiter: b';' });
    assert_eq!(source.headers(), strings(&["Name, kurz", "Umsatz", "Ort"]));
    assert_eq!(drain(&mut source), vec![ok(2, &["Müller, GmbH", "1.234,00", "Köln"])]);
    // A tie is a comma.
    assert_eq!(open(b"a;b,c\n").format(), Format::Csv { delimiter: b',' });
}

#[test]
fn tabs_when_the_header_has_more_of_them_than_commas_and_semicolons_outside_quotes() {
    let mut source = open(b"id\tName, legal\tnote\n1\t\"Tab\there\"\t\"two\nlines\"\n2\ta\tb\n");
    assert_eq!(source.format(), Format::Csv { delimiter: b'\t' });
    assert_eq!(source.headers(), strings(&["id", "Name, legal", "note"]));
    let two = vec![ok(2, &["1", "Tab\there", "two\nlines"]), ok(4, &["2", "a", "b"])];
    assert_eq!(drain(&mut source), two);
    // A tie is a comma, then a semicolon; a tab inside quotes is not counted.
    assert_eq!(open(b"a\tb,c\n").format(), Format::Csv { delimiter: b',' });
    assert_eq!(open(b"a\tb;c\n").format(), Format::Csv { delimiter: b';' });
    assert_eq!(open(b"\"a\tb\tc\",d\n").format(), Format::Csv { delimiter: b',' });
}

#[test]
fn quoted_cells_over_several_lines_keep_every_row_on_its_physical_line() {
    let text = b"id,comment,score\n1,\"one\ntwo\nthree\",9\n\n2,\"said \"\"hi\"\", left\",7\n3,last,\"\"\n";
    let mut source = open(text);
    let row = source.next_row().unwrap().unwrap();
    assert_eq!((row.line(), row.line_of(0), row.line_of(1), row.line_of(2)), (2, 2, 2, 4));
    assert_eq!(
        drain(&mut source),
        vec![ok(6, &["2", "said \"hi\", left", "7"]), ok(7, &["3", "last", ""])]
    );
}

#[test]
fn blank_lines_and_rows_of_empty_cells_are_skipped() {
    assert_eq!(rows(b"\n\na,b\n\n,\n \t, \n1,2\n\n"), vec![ok(7, &["1", "2"])]);
    assert_eq!(open(b"\n\na,b\n").header_line(), 3);
}

#[test]
fn an_unterminated_quote_at_the_end_names_the_line_it_opened_on() {
    let unterminated = Err(Problem::line(
        3,
        "unterminated quote: the quoted field that opens on this line never closes",
    ));
    assert_eq!(rows(b"a,b\n1,2\n3,\"open\nmore\n"), vec![ok(2, &["1", "2"]), unterminated.clone()]);
    assert_eq!(rows(b"a,b\n1,2\n3,\"open"), vec![ok(2, &["1", "2"]), unterminated.clone()]);
    // An escaped quote does not close the field.
    assert_eq!(rows(b"a,b\n1,2\n3,\"open\"\""), vec![ok(2, &["1", "2"]), unterminated]);
}

#[test]
fn an_unterminated_quote_mid_file_swallows_the_rest_and_is_one_error() {
    let read = rows(b"a,b\n1,2\n3,\"open\n4,x\n5,y\n6,z\n");
    let opened = Problem::line(
        3,
        "unterminated quote: the quoted field that opens on this line never closes",
    );
    assert_eq!(read, vec![ok(2, &["1", "2"]), Err(opened)]);
}

#[test]
fn a_quote_left_open_and_closed_by_a_later_quote_mid_cell_is_an_error() {
    let read = rows(b"a,b\n1,2\n3,\"open\n4,x\n5,\"y\"\n6,z\n");
    let opened = Problem::line(
        3,
        "a quoted field opens on this line and closes inside a cell on line 5: a quote is left \
         open, or not doubled",
    );
    assert_eq!(read, vec![ok(2, &["1", "2"]), Err(opened)]);
    // On one line the reader's lenient reading stands.
    assert_eq!(rows(b"a,b\n1,\"x\"y\n2,z\n"), vec![ok(2, &["1", "xy"]), ok(3, &["2", "z"])]);
}

#[test]
fn closed_quotes_and_quotes_inside_plain_cells_are_not_unterminated() {
    assert_eq!(rows(b"a,b\n1,\"ok\""), vec![ok(2, &["1", "ok"])]);
    assert_eq!(rows(b"a,b\r\n1,\"ok\"\r\n\r\n"), vec![ok(2, &["1", "ok"])]);
    assert_eq!(rows(b"a,b\n1,5\" pipe\n"), vec![ok(2, &["1", "5\" pipe"])]);
}

#[test]
fn a_field_over_one_mebibyte_is_an_error_quoting_its_start() {
    let mut text = b"a,b\n1,\"first\nline ".to_vec();
    text.extend(std::iter::repeat_n(b'x', MAX_FIELD_BYTES));
    text.extend(b"\"\n2,ok\n");
    let reason = format!(
        "a field of {} bytes, over the limit of 1 MiB (it starts \"first\\nline xxxxxxxxx\"); is a quote left open?",
        MAX_FIELD_BYTES + 11
    );
    assert_eq!(rows(&text), vec![Err(Problem::cell(2, "b", reason)), ok(4, &["2", "ok"])]);
}

#[test]
fn a_row_with_another_number_of_cells_is_an_error_but_trailing_empty_cells_are_dropped() {
    assert_eq!(
        rows(b"a,b,c\n1,2\n1,2,3,4\n1,2,3,,\n"),
        vec![
            Err(Problem::line(2, "2 cells, but the header has 3")),
            Err(Problem::line(3, "4 cells, but the header has 3")),
            ok(4, &["1", "2", "3"]),
        ]
    );
}

#[test]
fn invalid_utf8_is_an_error_on_its_own_line_and_column() {
    let text = b"a,b\n1,ok\n2,\"first line\ncaf\xE9\"\n3,fine\n";
    let reason = "invalid UTF-8: byte 0xE9 after \"first line\\ncaf\"; a file saved as windows-1252 \
                  reads with --encoding windows-1252";
    assert_eq!(
        rows(text),
        vec![ok(2, &["1", "ok"]), Err(Problem::cell(4, "b", reason)), ok(5, &["3", "fine"])]
    );
    let header = Source::open(b"Soci\xE9t\xE9\n".to_vec(), Encoding::Utf8).err().unwrap();
    assert_eq!(header.line, 1);
    assert!(
        header.reason.starts_with("header: invalid UTF-8: byte 0xE9 after \"Soci\""),
        "{header:?}"
    );
}

#[test]
fn windows_1252_on_request() {
    let text = b"Soci\xE9t\xE9;Umsatz\n\"Caf\xE9 M\xFCller\";\x80 1.234,00\n".to_vec();
    let mut source = Source::open(text, Encoding::Windows1252).unwrap();
    assert_eq!(source.headers(), strings(&["Société", "Umsatz"]));
    assert_eq!(drain(&mut source), vec![ok(2, &["Café Müller", "€ 1.234,00"])]);
    assert_eq!("Windows-1252".parse(), Ok(Encoding::Windows1252));
    assert_eq!("utf8".parse(), Ok(Encoding::Utf8));
    assert!("utf-16".parse::<Encoding>().unwrap_err().contains("utf-8, windows-1252"));
}

#[test]
fn an_empty_file_has_no_header_and_a_header_only_file_no_rows() {
    let empty = Err(Problem::file("the file is empty: it has no header row"));
    for text in [&b""[..], b"\xEF\xBB\xBF", b"\n \r\n\t\n"] {
        assert_eq!(
            Source::open(text.to_vec(), Encoding::Utf8).map(|s| s.headers().to_vec()),
            empty
        );
    }
    assert_eq!(rows(b"a,b\n"), vec![]);
    assert_eq!(rows(b"a,b"), vec![]);
    assert_eq!(rows(b"a,b\r\n\r\n"), vec![]);
}

#[test]
fn a_salesforce_report_footer_is_skipped() {
    let report = "\"Opportunity Owner\",\"Account Name\",\"Opportunity Name\",\"Type\",\"Stage\",\"Amount Currency\",\"Amount\",\"Probability (%)\",\"Close Date\",\"Fiscal Period\",\"Next Step\",\"Account ID\",\"Opportunity ID\"
\"Priya Natarajan\",\"Nimbus Lark Analytics (fictional)\",\"Nimbus Lark - FY25 Renewal\",\"Renewal\",\"Negotiation/Review\",\"USD\",\"96,000.00\",\"90\",\"6/30/2024\",\"Q2-2024\",\"Send order form, confirm seat count\",\"0015g00000AbCdE\",\"0065g00000Tu7Vw\"
\"Marco Bellini\",\"Copperfield Widgets GmbH (fictional)\",\"Copperfield - Analytics add-on\",\"Existing Customer - Upgrade\",\"Closed Won\",\"EUR\",\"18,500.00\",\"100\",\"2/15/2024\",\"Q1-2024\",\"\",\"0015g00000XyZw1\",\"0065g00000Tu7Vx\"

\"Grand Totals (2 records)\"

\"Confidential Information - Do Not Distribute\"
\"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved.\"
";
    let read = rows(report.as_bytes());
    let lines: Vec<usize> = read.iter().map(|r| r.as_ref().unwrap().0).collect();
    assert_eq!(lines, vec![2, 3]);
    let with_report_lines = "\"Account Name\",\"Industry\"\r\n\"Acme\",\"Tech\"\r\n\r\n\"Grand Totals (1 record)\"\r\n\r\n\"Accounts by industry\"\r\n\"Generated By: Priya Natarajan 3/5/2024 2:02 PM\"\r\n\"Example Co\"\r\n";
    assert_eq!(rows(with_report_lines.as_bytes()), vec![ok(2, &["Acme", "Tech"])]);
    // A one-cell line that is not a footer is still a wrong row.
    assert_eq!(
        rows(b"a,b\n1,2\n\"Just text\"\n"),
        vec![ok(2, &["1", "2"]), Err(Problem::line(3, "1 cell, but the header has 2"))]
    );
}

const QUALTRICS: &str = r#"StartDate,EndDate,Status,IPAddress,Progress,Duration (in seconds),Finished,RecordedDate,ResponseId,RecipientLastName,RecipientFirstName,RecipientEmail,ExternalReference,LocationLatitude,LocationLongitude,DistributionChannel,UserLanguage,Q1,Q1_NPS_GROUP,Q2
Start Date,End Date,Response Type,IP Address,Progress,Duration (in seconds),Finished,Recorded Date,Response ID,Recipient Last Name,Recipient First Name,Recipient Email,External Data Reference,Location Latitude,Location Longitude,Distribution Channel,User Language,How likely are you to recommend us to a friend or colleague?,How likely are you to recommend us to a friend or colleague? - Group,Why did you give that score?
"{""ImportId"":""startDate"",""timeZone"":""America/Denver""}","{""ImportId"":""endDate"",""timeZone"":""America/Denver""}","{""ImportId"":""status""}","{""ImportId"":""ipAddress""}","{""ImportId"":""progress""}","{""ImportId"":""duration""}","{""ImportId"":""finished""}","{""ImportId"":""recordedDate"",""timeZone"":""America/Denver""}","{""ImportId"":""_recordId""}","{""ImportId"":""recipientLastName""}","{""ImportId"":""recipientFirstName""}","{""ImportId"":""recipientEmail""}","{""ImportId"":""externalDataReference""}","{""ImportId"":""locationLatitude""}","{""ImportId"":""locationLongitude""}","{""ImportId"":""distributionChannel""}","{""ImportId"":""userLanguage""}","{""ImportId"":""QID1_NPS_GROUP""}","{""ImportId"":""QID1_NPS_GROUP""}","{""ImportId"":""QID2_TEXT""}"
2024-03-05 07:02:11,2024-03-05 07:04:40,IP Address,203.0.113.5,100,149,True,2024-03-05 07:04:41,R_1aBcDeFgHiJkLmN,Whitcombe,Dana,dana.whitcombe@nimbuslark.example,acct_nimbuslark,30.2672,-97.7431,email,EN,9,3,"Reliable, but reporting needs work"
2024-03-06 01:15:02,2024-03-06 01:15:59,IP Address,198.51.100.7,100,57,True,2024-03-06 01:16:00,R_2oPqRsTuVwXyZaB,Albrecht-Nuñez,Jörg,j.albrecht@copperfield.example,acct_copperfield,48.1351,11.5820,email,DE,4,1,"Zu teuer"
"#;

pub(crate) fn qualtrics() -> Source {
    open(QUALTRICS.as_bytes())
}

#[test]
fn qualtrics_names_are_the_header_and_its_two_further_rows_are_skipped() {
    let mut source = qualtrics();
    assert_eq!(source.header_line(), 1);
    assert_eq!(&source.headers()[17..], strings(&["Q1", "Q1_NPS_GROUP", "Q2"]));
    assert_eq!(source.labels().len(), 20);
    assert_eq!(source.labels()[19], "Why did you give that score?");
    let read = drain(&mut source);
    let (line, cells) = read[0].clone().unwrap();
    assert_eq!(
        (line, &cells[17..]),
        (4, &strings(&["9", "3", "Reliable, but reporting needs work"])[..])
    );
    assert_eq!(read[1].as_ref().map(|(line, _)| *line), Ok(5));
    assert_eq!(read.len(), 2);
}

const SURVEYMONKEY: &str = r#"Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,Last Name,Custom Data 1,"How likely is it that you would recommend Example Co (fictional) to a friend or colleague?","What is the primary reason for your score?"
,,,,,,,,,Response,Open-Ended Response
114402233301,431190021,03/05/2024 02:02:11 PM,03/05/2024 02:04:40 PM,203.0.113.5,dana.whitcombe@nimbuslark.example,Dana,Whitcombe,acct_nimbuslark,9,"Reliable, but reporting needs work"
114402233302,431190021,03/06/2024 09:15:02 AM,03/06/2024 09:15:59 AM,198.51.100.7,j.albrecht@copperfield.example,Jörg,Albrecht-Nuñez,acct_copperfield,4,
"#;

pub(crate) fn surveymonkey() -> Source {
    open(SURVEYMONKEY.as_bytes())
}

#[test]
fn surveymonkey_answer_labels_are_skipped_and_kept_as_labels() {
    let mut source = surveymonkey();
    assert_eq!(
        &source.headers()[9..],
        strings(&[
            "How likely is it that you would recommend Example Co (fictional) to a friend or colleague?",
            "What is the primary reason for your score?"
        ])
    );
    assert_eq!(source.labels()[..10], strings(&["", "", "", "", "", "", "", "", "", "Response"]));
    assert_eq!(source.labels()[10], "Open-Ended Response");
    let read = drain(&mut source);
    assert_eq!(read.iter().map(|r| r.as_ref().unwrap().0).collect::<Vec<_>>(), vec![3, 4]);
    assert_eq!(read[1].as_ref().unwrap().1[9..], strings(&["4", ""]));
}

#[test]
fn a_surveymonkey_question_with_several_answers_names_each_column() {
    let text = "Respondent ID,Which features do you use?,,,Email Address\n,Reports,Dashboards,API,\n1,Reports,,API,a@b.example\n";
    let mut source = open(text.as_bytes());
    assert_eq!(
        source.headers(),
        strings(&[
            "Respondent ID",
            "Which features do you use?",
            "Which features do you use? - Dashboards",
            "Which features do you use? - API",
            "Email Address"
        ])
    );
    assert_eq!(drain(&mut source), vec![ok(3, &["1", "Reports", "", "API", "a@b.example"])]);
}

#[test]
fn a_plain_file_keeps_its_second_and_third_rows() {
    let mut source = open(b"Respondent ID,Score\n1,9\n2,10\n");
    assert!(source.labels().is_empty());
    assert_eq!(drain(&mut source), vec![ok(2, &["1", "9"]), ok(3, &["2", "10"])]);
}

const ZENDESK_NDJSON: &str = r#"{"id":48211,"external_id":null,"type":"incident","subject":"SSO login fails after IdP cert rotation, urgent","description":"…","priority":"high","status":"solved","requester_id":398110022,"submitter_id":398110022,"assignee_id":1500011,"organization_id":360044556677,"group_id":2600033,"tags":["enterprise","saml","sso"],"custom_fields":[{"id":360001234567,"value":"enterprise"}],"satisfaction_rating":{"score":"good","id":35110,"comment":"Fast turnaround","reason":null},"via":{"channel":"web"},"brand_id":111,"ticket_form_id":222,"due_at":null,"created_at":"2024-03-05T14:02:11Z","updated_at":"2024-03-07T09:40:00Z"}
{"id":48230,"external_id":null,"type":"question","subject":"Export to CSV shows \"€\" as garbage","priority":"normal","status":"open","requester_id":398110977,"organization_id":360044556688,"group_id":null,"tags":["csv","encoding"],"satisfaction_rating":{"score":"unoffered"},"via":{"channel":"email"},"created_at":"2024-03-06T08:11:54Z","updated_at":"2024-03-06T08:11:54Z","metric_set":{"solved_at":null}}
"#;

pub(crate) fn zendesk_ndjson() -> Source {
    open(ZENDESK_NDJSON.as_bytes())
}

#[test]
fn json_lines_headers_are_the_union_of_keys_flattened_with_dots() {
    let mut source = zendesk_ndjson();
    assert_eq!(source.format(), Format::JsonLines);
    assert_eq!(source.header_line(), 0);
    assert_eq!(
        source.headers(),
        strings(&[
            "id",
            "external_id",
            "type",
            "subject",
            "description",
            "priority",
            "status",
            "requester_id",
            "submitter_id",
            "assignee_id",
            "organization_id",
            "group_id",
            "tags",
            "custom_fields",
            "satisfaction_rating.score",
            "satisfaction_rating.id",
            "satisfaction_rating.comment",
            "satisfaction_rating.reason",
            "via.channel",
            "brand_id",
            "ticket_form_id",
            "due_at",
            "created_at",
            "updated_at",
            "metric_set.solved_at",
        ])
    );
    let row = source.next_row().unwrap().unwrap();
    let cell = |name: &str| row.cell(source_index(name));
    assert_eq!(row.line(), 1);
    assert_eq!(cell("id"), "48211");
    assert_eq!(cell("external_id"), "");
    assert_eq!(cell("tags"), "enterprise;saml;sso");
    assert_eq!(cell("custom_fields"), r#"[{"id":360001234567,"value":"enterprise"}]"#);
    assert_eq!(cell("satisfaction_rating.score"), "good");
    assert_eq!(cell("metric_set.solved_at"), "");
    let second = drain(&mut source);
    let (line, cells) = second[0].clone().unwrap();
    assert_eq!((line, cells[3].as_str()), (2, "Export to CSV shows \"€\" as garbage"));
    assert_eq!(cells[17], "", "a key the line lacks is an empty cell");
}

fn source_index(name: &str) -> usize {
    zendesk_ndjson().headers().iter().position(|h| h == name).unwrap()
}

#[test]
fn a_json_line_that_is_not_an_object_is_an_error_on_its_line() {
    let text = b"\xEF\xBB\xBF{\"a\":1}\r\n\r\n[1,2]\nnot json\n{\"a\":2,\"b\":true}\n";
    assert_eq!(
        rows(text),
        vec![
            ok(1, &["1", ""]),
            Err(Problem::line(
                3,
                "not a JSON object: each line of a JSON lines file is one {…} object"
            )),
            Err(Problem::line(4, "not a JSON object: expected ident at character 2")),
            ok(5, &["2", "true"]),
        ]
    );
    let latin = Source::open(b"{\"name\":\"Caf\xE9\"}\n".to_vec(), Encoding::Windows1252);
    assert_eq!(drain(&mut latin.unwrap()), vec![ok(1, &["Café"])]);
    // A file of no object is refused as it opens, with its first line's problem.
    let invalid = Source::open(b"{\"name\":\"Caf\xE9\"}\n".to_vec(), Encoding::Utf8).err();
    assert!(
        matches!(&invalid, Some(p) if p.line == 1 && p.reason.starts_with("invalid UTF-8: byte 0xE9"))
    );
}

#[test]
fn a_long_file_reads_every_row_on_its_line() {
    let mut text = String::from("account_id,date,active_users,events\n");
    for i in 0..20_000 {
        text.push_str(&format!("acct_{i},2024-03-05,{},{}\r\n", i % 50, i * 3));
    }
    let mut source = open(text.as_bytes());
    let mut count = 0;
    while let Some(row) = source.next_row() {
        let row = row.unwrap();
        assert_eq!(row.line(), count + 2);
        assert_eq!(row.cell(0), format!("acct_{count}"));
        count += 1;
    }
    assert_eq!(count, 20_000);
}
