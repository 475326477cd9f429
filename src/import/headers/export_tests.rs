//! The headers of real exports (Salesforce, HubSpot, Zendesk, Qualtrics, SurveyMonkey, Delighted,
//! Wootric, Gainsight and csm's own) matched to the fields of their kind, as the files name them.

use super::tests::{expect, ignored, matched_with, pairs};
use super::*;

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
    // The account's name stands behind its id: used, not ignored.
    assert_eq!(
        ignored(Kind::Opportunities, report),
        ["Opportunity Owner", "Fiscal Period", "Next Step"]
    );
    let mapping = super::tests::matched(Kind::Opportunities, report).unwrap();
    let behind = mapping.account_name().map(|c| report.lines().next().unwrap().split(',').nth(c));
    assert_eq!(behind, Some(Some("\"Account Name\"")));
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

/// The header the account is named by, by name, behind its id column, if any.
fn account_name(kind: Kind, header: &str) -> Option<String> {
    let column = super::tests::matched(kind, header).unwrap().account_name()?;
    Some(header.split(',').nth(column).unwrap().to_owned())
}

#[test]
fn a_company_name_stands_behind_the_company_id() {
    let hubspot = "Record ID,First Name,Last Name,Email,Primary Associated Company ID,Associated Company,Associated Company IDs,Job Title";
    assert_eq!(account_name(Kind::Contacts, hubspot).as_deref(), Some("Associated Company"));
    assert!(!ignored(Kind::Contacts, hubspot).contains(&"Associated Company".to_owned()));
    // Salesforce's contact: the account's id, then its name.
    let salesforce = "Id,AccountId,Account Name,FirstName,LastName";
    assert_eq!(account_name(Kind::Contacts, salesforce).as_deref(), Some("Account Name"));
    // Named by name already, or by ids only: nothing stands behind.
    assert_eq!(account_name(Kind::Contacts, "First Name,Last Name,Associated Company"), None);
    let ids_only = "First Name,Last Name,Primary Associated Company ID,Associated Company IDs";
    assert_eq!(account_name(Kind::Contacts, ids_only), None);
    assert_eq!(account_name(Kind::Accounts, "Record ID,Company name"), None, "no account field");
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
