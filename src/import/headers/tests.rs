use super::*;
use crate::import::source::{Encoding, Source};

/// The headers of a file, read as the importer reads them.
fn source(text: &str) -> Source {
    Source::open(text.as_bytes().to_vec(), Encoding::Utf8).unwrap()
}

fn matched_with(kind: Kind, file: &Source, map: &HeaderMap) -> Result<Mapping, Vec<Problem>> {
    let headers =
        Headers { names: file.headers(), labels: file.labels(), line: file.header_line() };
    match_headers(kind, headers, map)
}

fn matched(kind: Kind, text: &str) -> Result<Mapping, Vec<Problem>> {
    matched_with(kind, &source(text), &HeaderMap::default())
}

/// Each matched field with the header that holds it.
fn pairs(kind: Kind, text: &str) -> Vec<(&'static str, String)> {
    let file = source(text);
    let mapping = matched_with(kind, &file, &HeaderMap::default()).unwrap();
    mapping.matched().map(|(field, column)| (field.name, file.headers()[column].clone())).collect()
}

fn ignored(kind: Kind, text: &str) -> Vec<String> {
    matched(kind, text).unwrap().ignored().to_vec()
}

fn expect(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
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
fn salesforce_data_loader_account() {
    let header = r#""ID","NAME","TYPE","PARENTID","INDUSTRY","ANNUALREVENUE","NUMBEROFEMPLOYEES","WEBSITE","BILLINGCITY","BILLINGSTATE","BILLINGCOUNTRY","OWNERID","CURRENCYISOCODE","CREATEDDATE","LASTMODIFIEDDATE""#;
    assert_eq!(
        pairs(Kind::Accounts, header),
        expect(&[
            ("external_id", "ID"),
            ("name", "NAME"),
            ("domain", "WEBSITE"),
            ("industry", "INDUSTRY"),
            ("region", "BILLINGCOUNTRY"),
            ("owner", "OWNERID"),
            ("currency", "CURRENCYISOCODE"),
        ])
    );
    assert_eq!(
        ignored(Kind::Accounts, header),
        [
            "TYPE",
            "PARENTID",
            "ANNUALREVENUE",
            "NUMBEROFEMPLOYEES",
            "BILLINGCITY",
            "BILLINGSTATE",
            "CREATEDDATE",
            "LASTMODIFIEDDATE"
        ]
    );
}

#[test]
fn salesforce_account_with_every_standard_field() {
    let header = "Id,IsDeleted,MasterRecordId,Name,Type,ParentId,BillingStreet,BillingCity,BillingState,BillingPostalCode,BillingCountry,BillingLatitude,BillingLongitude,BillingGeocodeAccuracy,BillingAddress,ShippingStreet,ShippingCity,ShippingState,ShippingPostalCode,ShippingCountry,ShippingLatitude,ShippingLongitude,ShippingGeocodeAccuracy,ShippingAddress,Phone,Fax,AccountNumber,Website,PhotoUrl,Sic,Industry,AnnualRevenue,NumberOfEmployees,Ownership,TickerSymbol,Description,Rating,Site,OwnerId,CreatedDate,CreatedById,LastModifiedDate,LastModifiedById,SystemModstamp,LastActivityDate,LastViewedDate,LastReferencedDate,Jigsaw,JigsawCompanyId,CleanStatus,AccountSource,DunsNumber,Tradestyle,NaicsCode,NaicsDesc,YearStarted,SicDesc,DandbCompanyId";
    assert_eq!(
        pairs(Kind::Accounts, header),
        expect(&[
            ("external_id", "Id"),
            ("name", "Name"),
            ("domain", "Website"),
            ("industry", "Industry"),
            ("region", "BillingCountry"),
            ("owner", "OwnerId"),
        ])
    );
}

#[test]
fn salesforce_account_report() {
    let header = r#""Account Owner","Account Name","Type","Industry","Annual Revenue","Billing Country","Account ID""#;
    assert_eq!(
        pairs(Kind::Accounts, header),
        expect(&[
            ("external_id", "Account ID"),
            ("name", "Account Name"),
            ("industry", "Industry"),
            ("region", "Billing Country"),
            ("owner", "Account Owner"),
        ])
    );
    assert_eq!(ignored(Kind::Accounts, header), ["Type", "Annual Revenue"]);
}

#[test]
fn salesforce_data_loader_contact() {
    let header = r#""ID","ACCOUNTID","FIRSTNAME","LASTNAME","TITLE","EMAIL","PHONE","MAILINGCOUNTRY","DEPARTMENT","OWNERID","HASOPTEDOUTOFEMAIL","CREATEDDATE""#;
    assert_eq!(
        pairs(Kind::Contacts, header),
        expect(&[
            ("external_id", "ID"),
            ("account", "ACCOUNTID"),
            ("first_name", "FIRSTNAME"),
            ("last_name", "LASTNAME"),
            ("title", "TITLE"),
            ("email", "EMAIL"),
        ])
    );
    assert!(ignored(Kind::Contacts, header).contains(&"DEPARTMENT".to_owned()));
}

#[test]
fn salesforce_data_loader_opportunity() {
    let header = r#""ID","ACCOUNTID","NAME","TYPE","STAGENAME","AMOUNT","PROBABILITY","CLOSEDATE","FORECASTCATEGORYNAME","ISCLOSED","ISWON","CURRENCYISOCODE","OWNERID","CREATEDDATE""#;
    assert_eq!(
        pairs(Kind::Opportunities, header),
        expect(&[
            ("external_id", "ID"),
            ("account", "ACCOUNTID"),
            ("amount", "AMOUNT"),
            ("currency", "CURRENCYISOCODE"),
            ("stage", "STAGENAME"),
            ("close_date", "CLOSEDATE"),
            ("probability", "PROBABILITY"),
            ("name", "NAME"),
            ("type", "TYPE"),
            ("is_closed", "ISCLOSED"),
            ("is_won", "ISWON"),
        ])
    );
}

#[test]
fn salesforce_opportunity_report_with_its_footer() {
    let report = r#""Opportunity Owner","Account Name","Opportunity Name","Type","Stage","Amount Currency","Amount","Probability (%)","Close Date","Fiscal Period","Next Step","Account ID","Opportunity ID"
"Priya Natarajan","Nimbus Lark Analytics (fictional)","Nimbus Lark - FY25 Renewal","Renewal","Negotiation/Review","USD","96,000.00","90","6/30/2024","Q2-2024","Send order form, confirm seat count","0015g00000AbCdE","0065g00000Tu7Vw"

"Grand Totals (1 records)"

"Confidential Information - Do Not Distribute"
"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved."
"#;
    assert_eq!(
        pairs(Kind::Opportunities, report),
        expect(&[
            ("external_id", "Opportunity ID"),
            ("account", "Account ID"),
            ("amount", "Amount"),
            ("currency", "Amount Currency"),
            ("stage", "Stage"),
            ("close_date", "Close Date"),
            ("probability", "Probability (%)"),
            ("name", "Opportunity Name"),
            ("type", "Type"),
        ])
    );
    assert_eq!(
        ignored(Kind::Opportunities, report),
        ["Opportunity Owner", "Account Name", "Fiscal Period", "Next Step"]
    );
}

#[test]
fn hubspot_companies() {
    let header = "Record ID,Company name,Company owner,Create Date,Phone Number,Last Activity Date,City,Country/Region,Industry,Company Domain Name,Annual Revenue,Number of Employees,Lifecycle Stage,Type";
    assert_eq!(
        pairs(Kind::Accounts, header),
        expect(&[
            ("external_id", "Record ID"),
            ("name", "Company name"),
            ("domain", "Company Domain Name"),
            ("industry", "Industry"),
            ("region", "Country/Region"),
            ("owner", "Company owner"),
            ("lifecycle_stage", "Lifecycle Stage"),
        ])
    );
    assert_eq!(
        ignored(Kind::Accounts, header),
        [
            "Create Date",
            "Phone Number",
            "Last Activity Date",
            "City",
            "Annual Revenue",
            "Number of Employees",
            "Type"
        ]
    );
}

#[test]
fn hubspot_contacts_prefer_the_primary_company_id() {
    let header = "Record ID,First Name,Last Name,Email,Phone Number,Contact owner,Primary Associated Company ID,Last Activity Date,Lead Status,Marketing contact status,Create Date,Associated Company,Associated Company IDs,Job Title,Lifecycle Stage";
    assert_eq!(
        pairs(Kind::Contacts, header),
        expect(&[
            ("external_id", "Record ID"),
            ("account", "Primary Associated Company ID"),
            ("first_name", "First Name"),
            ("last_name", "Last Name"),
            ("title", "Job Title"),
            ("email", "Email"),
            ("last_engaged", "Last Activity Date"),
        ])
    );
    let without_primary = "First Name,Last Name,Associated Company,Associated Company IDs";
    assert_eq!(
        pairs(Kind::Contacts, without_primary)[0],
        ("account", "Associated Company IDs".into())
    );
}

#[test]
fn hubspot_deals() {
    let header = "Record ID,Deal Name,Deal Stage,Close Date,Deal owner,Amount,Pipeline,Deal Type,Create Date,Deal probability,Associated Company,Associated Company IDs";
    assert_eq!(
        pairs(Kind::Opportunities, header),
        expect(&[
            ("external_id", "Record ID"),
            ("account", "Associated Company IDs"),
            ("amount", "Amount"),
            ("stage", "Deal Stage"),
            ("close_date", "Close Date"),
            ("name", "Deal Name"),
            ("type", "Deal Type"),
            ("pipeline", "Pipeline"),
            ("probability_fraction", "Deal probability"),
        ])
    );
}

#[test]
fn zendesk_tickets_csv() {
    let header = "Summation column,Id,Requester,Requester id,Requester external id,Requester email,Requester domain,Submitter,Assignee,Group,Subject,Tags,Status,Priority,Via,Ticket type,Created at,Updated at,Assigned at,Organization,Due date,Initially assigned at,Solved at,Resolution time,Satisfaction Score,Group stations,Assignee stations,Reopens,Replies,First reply time in minutes,First reply time in minutes within business hours,First resolution time in minutes,First resolution time in minutes within business hours,Full resolution time in minutes,Full resolution time in minutes within business hours,Agent wait time in minutes,Agent wait time in minutes within business hours,Requester wait time in minutes,Requester wait time in minutes within business hours,On hold time in minutes,On hold time in minutes within business hours,Account Tier [list]";
    assert_eq!(
        pairs(Kind::Tickets, header),
        expect(&[
            ("external_id", "Id"),
            ("account", "Organization"),
            ("opened", "Created at"),
            ("closed", "Solved at"),
            ("priority", "Priority"),
            ("rating", "Satisfaction Score"),
            ("status", "Status"),
            ("subject", "Subject"),
            ("updated_at", "Updated at"),
            ("requester_email", "Requester email"),
        ])
    );
}

#[test]
fn zendesk_tickets_json_lines() {
    let file = crate::import::source::tests::zendesk_ndjson();
    let mapping = matched_with(Kind::Tickets, &file, &HeaderMap::default()).unwrap();
    let got: Vec<(&str, &str)> =
        mapping.matched().map(|(f, c)| (f.name, file.headers()[c].as_str())).collect();
    // The canonical `external_id` wins over `id`, which is next in line: the key when Zendesk
    // leaves `external_id` null in every row.
    assert_eq!(
        got,
        [
            ("external_id", "external_id"),
            ("account", "organization_id"),
            ("opened", "created_at"),
            ("closed", "metric_set.solved_at"),
            ("priority", "priority"),
            ("rating", "satisfaction_rating.score"),
            ("status", "status"),
            ("subject", "subject"),
            ("updated_at", "updated_at"),
        ]
    );
    assert_eq!(mapping.key_fallback().map(|c| file.headers()[c].as_str()), Some("id"));
}

#[test]
fn qualtrics_score_is_the_question_with_a_group_sibling_and_the_comment_its_follow_up() {
    let file = crate::import::source::tests::qualtrics();
    let mapping = matched_with(Kind::Nps, &file, &HeaderMap::default()).unwrap();
    let got: Vec<(&str, &str)> =
        mapping.matched().map(|(f, c)| (f.name, file.headers()[c].as_str())).collect();
    assert_eq!(
        got,
        [
            ("score", "Q1"),
            ("date", "RecordedDate"),
            ("email", "RecipientEmail"),
            ("account", "ExternalReference"),
            ("comment", "Q2"),
        ]
    );
    assert!(mapping.ignored().contains(&"Q1_NPS_GROUP".to_owned()));
    assert!(mapping.ignored().contains(&"EndDate".to_owned()));
}

#[test]
fn surveymonkey_score_is_the_recommend_question() {
    let file = crate::import::source::tests::surveymonkey();
    let mapping = matched_with(Kind::Nps, &file, &HeaderMap::default()).unwrap();
    let got: Vec<(&str, &str)> =
        mapping.matched().map(|(f, c)| (f.name, file.headers()[c].as_str())).collect();
    assert_eq!(
        got,
        [
            (
                "score",
                "How likely is it that you would recommend Example Co (fictional) to a friend or colleague?"
            ),
            ("date", "End Date"),
            ("email", "Email Address"),
            ("account", "Custom Data 1"),
            ("comment", "What is the primary reason for your score?"),
        ]
    );
}

#[test]
fn surveymonkey_comment_is_the_open_ended_answer_after_the_score() {
    let text = "Respondent ID,End Date,Email Address,How likely are you to recommend us?,Anything else to tell us?\n,,,Response,Open-Ended Response\n1,03/05/2024,a@b.example,9,Great\n";
    assert_eq!(
        pairs(Kind::Nps, text),
        expect(&[
            ("score", "How likely are you to recommend us?"),
            ("date", "End Date"),
            ("email", "Email Address"),
            ("comment", "Anything else to tell us?"),
        ])
    );
}

#[test]
fn delighted_and_wootric_shapes() {
    let delighted = "id,person,email,name,survey_type,score,comment,created_at,updated_at,person_properties.Company,person_properties.Plan,tags";
    assert_eq!(
        pairs(Kind::Nps, delighted),
        expect(&[
            ("score", "score"),
            ("date", "created_at"),
            ("email", "email"),
            ("account", "person_properties.Company"),
            ("comment", "comment"),
        ])
    );
    let wootric =
        "id,score,text,created_at,end_user.email,end_user.external_id,end_user.properties.company";
    assert_eq!(
        pairs(Kind::Nps, wootric),
        expect(&[
            ("score", "score"),
            ("date", "created_at"),
            ("email", "end_user.email"),
            ("account", "end_user.properties.company"),
            ("comment", "text"),
        ])
    );
}

#[test]
fn canonical_usage_features_and_interactions() {
    let usage =
        "account_id,date,active_users,events,minutes,feature.report_export,feature.dashboard_view";
    assert_eq!(
        pairs(Kind::Usage, usage),
        expect(&[
            ("account", "account_id"),
            ("date", "date"),
            ("active_users", "active_users"),
            ("events", "events"),
        ])
    );
    assert_eq!(
        ignored(Kind::Usage, usage),
        ["minutes", "feature.report_export", "feature.dashboard_view"]
    );
    assert_eq!(
        pairs(Kind::Features, "account,date,feature,events"),
        expect(&[
            ("account", "account"),
            ("date", "date"),
            ("feature", "feature"),
            ("events", "events")
        ])
    );
    assert_eq!(
        pairs(Kind::Interactions, "external_id,account,date,kind,contacts,summary,body"),
        expect(&[
            ("external_id", "external_id"),
            ("account", "account"),
            ("date", "date"),
            ("kind", "kind"),
            ("contacts", "contacts"),
            ("summary", "summary"),
            ("body", "body"),
        ])
    );
}

#[test]
fn gainsight_the_csm_beats_the_crm_owner_and_stage_is_lifecycle() {
    let header = "Name,Industry,ARR,MRR,Employees,Original Contract Date,Renewal Date,Stage,Status,CSM,Account Owner,SfdcAccountId,Gsid";
    assert_eq!(
        pairs(Kind::Accounts, header),
        expect(&[
            ("external_id", "SfdcAccountId"),
            ("name", "Name"),
            ("industry", "Industry"),
            ("owner", "CSM"),
            ("arr", "ARR"),
            ("contract_start", "Original Contract Date"),
            ("renewal_date", "Renewal Date"),
            ("lifecycle_stage", "Stage"),
            ("mrr", "MRR"),
        ])
    );
    assert_eq!(ignored(Kind::Accounts, header), ["Employees", "Status", "Account Owner", "Gsid"]);
    let hubspot = "Record ID,Company name,Customer Success Manager,Company owner";
    assert_eq!(pairs(Kind::Accounts, hubspot)[2], ("owner", "Customer Success Manager".into()));
    let planhat = "name,externalId,sourceId,owner,phase,status,domains,custom.Segment";
    assert_eq!(
        pairs(Kind::Accounts, planhat),
        expect(&[
            ("external_id", "externalId"),
            ("name", "name"),
            ("domain", "domains"),
            ("segment", "custom.Segment"),
            ("owner", "owner"),
            ("lifecycle_stage", "phase"),
        ])
    );
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
