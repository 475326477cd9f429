//! Which system wrote a file, told by its headers: Salesforce, HubSpot, Zendesk, Planhat,
//! Intercom, Gainsight, else `csv`. The name is the source an account's id is remembered under
//! (`account_source`), so that a Zendesk organization id is never taken for a Salesforce
//! account id. `--source` overrides it. It looks at header text only; it must not read rows.

use super::headers::normalize;

/// The source of a file no header names: a plain CSV.
pub const PLAIN: &str = "csv";

/// Headers (normalised) that only one system's exports carry, by system. A file is the system's
/// whose headers it shows most; a tie goes to the one listed first.
const MARKS: &[(&str, &[&str])] = &[
    (
        "salesforce",
        &[
            "ownerid",
            "isdeleted",
            "masterrecordid",
            "systemmodstamp",
            "createdbyid",
            "lastmodifiedbyid",
            "billingcity",
            "billingstate",
            "billingcountry",
            "stagename",
            "forecastcategoryname",
            "isclosed",
            "iswon",
            "currencyisocode",
            "accountowner",
            "opportunityowner",
            "accountid",
            "opportunityid",
        ],
    ),
    (
        "hubspot",
        &[
            "recordid",
            "hsobjectid",
            "hubspotownerid",
            "companyowner",
            "companydomainname",
            "contactowner",
            "dealowner",
            "dealstage",
            "associatedcompanyids",
            "primaryassociatedcompanyid",
        ],
    ),
    (
        "zendesk",
        &[
            "sharedtickets",
            "sharedcomments",
            "domainnames",
            "organizationid",
            "requesterid",
            "submitterid",
            "assigneeid",
            "requester",
            "submitter",
            "satisfactionscore",
            "satisfactionratingscore",
            "via",
            "viachannel",
        ],
    ),
    ("planhat", &["sourceid", "companyexternalid", "companyid", "phase"]),
    (
        "intercom",
        &["monthlyspend", "companywebsessions", "companylastseen", "sessioncount", "usercount"],
    ),
    ("gainsight", &["gsid", "sfdcaccountid"]),
];

/// The system that wrote a file with these headers (as the file spells them), else [`PLAIN`].
#[must_use]
pub fn of_headers(headers: &[String]) -> &'static str {
    let normalized: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    let mut best = (0, PLAIN);
    for (source, marks) in MARKS {
        let hits = normalized.iter().filter(|h| marks.contains(&h.as_str())).count();
        if hits > best.0 {
            best = (hits, source);
        }
    }
    best.1
}

/// A source as the user gave it (`--source`): trimmed, lower-cased; `None` when empty.
#[must_use]
pub fn named(text: &str) -> Option<String> {
    let name = text.trim().to_lowercase();
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(header: &str) -> &'static str {
        let headers: Vec<String> = header.split(',').map(str::to_owned).collect();
        of_headers(&headers)
    }

    #[test]
    fn real_exports_name_their_system() {
        assert_eq!(of("Id,IsDeleted,Name,Website,OwnerId,BillingCity"), "salesforce");
        assert_eq!(of(r#""Account Owner","Account Name","Type","Account ID""#), "salesforce");
        assert_eq!(of("Record ID,Company name,Company owner,Company Domain Name"), "hubspot");
        assert_eq!(
            of("url,id,name,shared_tickets,shared_comments,external_id,domain_names,notes"),
            "zendesk"
        );
        assert_eq!(of("id,subject,requester_id,submitter_id,organization_id,status"), "zendesk");
        assert_eq!(of("name,externalId,sourceId,owner,phase,status,domains"), "planhat");
        assert_eq!(of("Company name,Company ID,Monthly Spend,Session count"), "intercom");
        assert_eq!(of("Name,ARR,Renewal Date,CSM,SfdcAccountId,Gsid"), "gainsight");
    }

    #[test]
    fn a_file_no_system_marks_is_plain_csv() {
        assert_eq!(of("external_id,name,domain,owner,arr"), PLAIN);
        assert_eq!(of(""), PLAIN);
    }

    #[test]
    fn a_named_source_is_folded() {
        assert_eq!(named(" Zendesk "), Some("zendesk".to_owned()));
        assert_eq!(named("  "), None);
    }
}
