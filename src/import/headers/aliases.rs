//! The header names real exports use for each field (reference: CRM export formats, section 8),
//! ranked: when two columns name one field, the better rank wins, and only columns of the same
//! rank are an ambiguity. Rank 1 is a name that means the field; higher ranks are fallbacks
//! (a CRM owner behind a CSM, a company name behind a company id, a start date behind a
//! recorded date).
//!
//! Deliberately absent, because they look right and mean something else: `AnnualRevenue` and
//! `Annual Revenue` (the customer's own revenue, not ARR), `NumberOfEmployees`, `Number of
//! Employees` and `Employees` (company size, not seats), `ExpectedRevenue` (amount times
//! probability), and Salesforce's account `Type` (`Customer - Direct`, `Prospect`: not a segment).

use crate::import::Kind;

/// A header as a tool spells it, the field it names, and its rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Alias {
    pub header: &'static str,
    pub field: &'static str,
    pub rank: u8,
}

const fn a(header: &'static str, field: &'static str, rank: u8) -> Alias {
    Alias { header, field, rank }
}

/// `id` names the external id of every kind that has one.
pub const ID: Alias = a("id", "external_id", 1);

/// The aliases of `kind`'s fields (`id` aside).
#[must_use]
pub fn aliases(kind: Kind) -> &'static [Alias] {
    match kind {
        Kind::Accounts => ACCOUNTS,
        Kind::Contacts => CONTACTS,
        Kind::Usage => USAGE,
        Kind::Features => FEATURES,
        Kind::Tickets => TICKETS,
        Kind::Nps => NPS,
        Kind::Interactions => INTERACTIONS,
        Kind::Opportunities => OPPORTUNITIES,
        Kind::Users => USERS,
        Kind::Renewals => RENEWALS,
    }
}

/// A renewal history as CRMs and spreadsheets name it: the account by id or name, the renewal
/// (or contract end) date, the day it closed, the result, the ARR before and after.
const RENEWALS: &[Alias] = &[
    a("AccountId", "account", 1),
    a("Account Name", "account", 2),
    a("Renewal Date", "due", 1),
    a("Contract End Date", "due", 2),
    a("Close Date", "closed_on", 1),
    a("Closed Date", "closed_on", 1),
    a("Result", "outcome", 1),
    a("Previous ARR", "arr_before", 1),
    a("Prior ARR", "arr_before", 1),
    a("New ARR", "arr_after", 1),
    a("Renewed ARR", "arr_after", 1),
    a("Notes", "note", 1),
    a("Reason", "note", 2),
];

/// Salesforce's User export (`Id`, `Name`, `Email`), HubSpot's owners (`Owner ID`), Planhat's
/// users (`_id`, `firstName`, `lastName`).
const USERS: &[Alias] = &[
    a("id", "crm_id", 1),
    a("User ID", "crm_id", 1),
    a("Owner ID", "crm_id", 1),
    a("Full Name", "name", 1),
    a("Email Address", "email", 1),
    a("First", "first_name", 2),
    a("Last", "last_name", 2),
];

const ACCOUNTS: &[Alias] = &[
    a("Account ID (18)", "external_id", 1),
    a("CaseSafeID__c", "external_id", 1),
    a("Record ID", "external_id", 1),
    a("hs_object_id", "external_id", 1),
    a("accountExternalId", "external_id", 1),
    a("Organization External ID", "external_id", 1),
    a("SfdcAccountId", "external_id", 1),
    a("groupId", "external_id", 1),
    a("company_id", "external_id", 1),
    a("Account ID", "external_id", 2),
    a("sourceId", "external_id", 2),
    a("Gsid", "external_id", 2),
    a("Account Name", "name", 1),
    a("Company name", "name", 1),
    a("Organization", "name", 1),
    a("Organization Name", "name", 1),
    a("Company", "name", 1),
    a("Customer Name", "name", 1),
    a("Website", "domain", 1),
    a("Company Domain Name", "domain", 1),
    a("domains", "domain", 1),
    a("domain_names", "domain", 1),
    a("Website URL", "domain", 2),
    a("Additional Domains", "domain", 3),
    a("Email Domain", "domain", 4),
    a("Account Segment", "segment", 1),
    a("Customer Segment", "segment", 1),
    a("Tier", "segment", 1),
    a("Customer tier", "segment", 1),
    a("Account Tier [list]", "segment", 1),
    a("cf_Segment", "segment", 1),
    a("custom.Segment", "segment", 1),
    a("Plan", "segment", 2),
    a("Managed As", "segment", 3),
    a("Industry (Standardized)", "industry", 1),
    a("SicDesc", "industry", 2),
    a("NaicsDesc", "industry", 3),
    a("BillingCountry", "region", 1),
    a("Country/Region", "region", 1),
    a("BillingAddressCountry", "region", 1),
    a("Country", "region", 1),
    a("Territory", "region", 1),
    a("Territory Region", "region", 1),
    a("Sales Region", "region", 1),
    a("Region [list]", "region", 1),
    a("BillingCountryCode", "region", 2),
    a("ShippingCountry", "region", 3),
    // The CSM first: a CRM's owner is often the account executive.
    a("CSM", "owner", 1),
    a("CSM Name", "owner", 1),
    a("Customer Success Manager", "owner", 1),
    a("OwnerUserAccount", "owner", 2),
    a("Account Manager", "owner", 2),
    a("Company owner", "owner", 2),
    a("Account Owner", "owner", 2),
    a("Owner.Name", "owner", 2),
    // Ids need a user extract to become names: behind any name.
    a("hubspot_owner_id", "owner", 3),
    a("OwnerId", "owner", 3),
    a("coOwner", "owner", 4),
    a("Annual Recurring Revenue", "arr", 1),
    a("ARR to Renew", "arr", 2),
    a("TotalContractAmount", "arr", 2),
    a("Monthly Recurring Revenue", "mrr", 1),
    a("CurrencyIsoCode", "currency", 1),
    a("LicenseCount", "seats_licensed", 1),
    a("Licenses", "seats_licensed", 1),
    a("Seats", "seats_licensed", 1),
    a("Seats Purchased", "seats_licensed", 1),
    a("Licensed Seats", "seats_licensed", 1),
    a("Number of Licenses", "seats_licensed", 1),
    a("Quantity", "seats_licensed", 2),
    a("TotalOpportunityQuantity", "seats_licensed", 2),
    a("Original Contract Date", "contract_start", 1),
    a("StartDate", "contract_start", 1),
    a("Contract Start Date", "contract_start", 1),
    a("Customer Since", "contract_start", 2),
    a("customerFrom", "contract_start", 2),
    a("Became a Customer Date", "contract_start", 2),
    a("fromDate", "contract_start", 3),
    a("NextRenewalDate", "renewal_date", 1),
    a("Contract End Date", "renewal_date", 2),
    a("toDate", "renewal_date", 2),
    a("EndDate", "renewal_date", 3),
    // Lifecycle, never segment: HubSpot, Planhat and Gainsight spell it so.
    a("phase", "lifecycle_stage", 1),
    a("Stage", "lifecycle_stage", 1),
];

const CONTACTS: &[Alias] = &[
    a("Contact ID", "external_id", 1),
    a("Record ID", "external_id", 1),
    a("contactExternalId", "external_id", 1),
    a("User External ID", "external_id", 1),
    a("Person ID", "external_id", 1),
    a("end_user.external_id", "external_id", 1),
    a("person", "external_id", 2),
    a("Requester id", "external_id", 2),
    a("distinct_id", "external_id", 3),
    a("user_id", "external_id", 3),
    a("AccountId", "account", 1),
    a("Primary Associated Company ID", "account", 1),
    a("accountExternalId", "account", 1),
    a("companyId", "account", 1),
    a("companyExternalId", "account", 1),
    a("organization_id", "account", 1),
    a("Account Name.id", "account", 1),
    a("Account Name", "account", 2),
    a("Associated Company IDs", "account", 2),
    a("Organization", "account", 3),
    a("Associated Company", "account", 3),
    // Free text on a HubSpot contact: a last resort.
    a("Company Name", "account", 4),
    a("Full Name", "name", 1),
    a("Contact Name", "name", 1),
    a("Requester", "name", 2),
    a("RecipientFirstName", "first_name", 1),
    a("RecipientLastName", "last_name", 1),
    a("Job Title", "title", 1),
    a("position", "title", 1),
    a("Department", "title", 2),
    a("Email Address", "email", 1),
    a("RecipientEmail", "email", 1),
    a("Requester email", "email", 1),
    a("end_user.email", "email", 1),
    a("Buying Role", "role", 1),
    a("Job Role", "role", 1),
    a("Persona", "role", 1),
    a("Contact Role", "role", 1),
    a("user_properties.role", "role", 1),
    a("ReportsToId", "reports_to", 1),
    a("Last Activity Date", "last_engaged", 1),
    a("Last Engagement Date", "last_engaged", 1),
];

const USAGE: &[Alias] = &[
    a("Account ID", "account", 1),
    a("groupId", "account", 1),
    a("context.groupId", "account", 1),
    a("groups.company", "account", 1),
    a("properties.company_id", "account", 1),
    a("organizationId", "account", 1),
    a("company_id", "account", 1),
    a("Account Name", "account", 2),
    a("day", "date", 1),
    a("Usage Date", "date", 1),
    a("DAU", "active_users", 1),
    a("Uniques", "active_users", 1),
    a("Unique Users", "active_users", 1),
    a("Visitors", "active_users", 1),
    a("numVisitors", "active_users", 1),
    a("Event Count", "events", 1),
    a("Total Events", "events", 1),
    a("Totals", "events", 1),
    a("numEvents", "events", 1),
];

const FEATURES: &[Alias] = &[
    a("Account ID", "account", 1),
    a("groupId", "account", 1),
    a("context.groupId", "account", 1),
    a("groups.company", "account", 1),
    a("properties.company_id", "account", 1),
    a("organizationId", "account", 1),
    a("company_id", "account", 1),
    a("Account Name", "account", 2),
    a("day", "date", 1),
    a("Usage Date", "date", 1),
    a("Feature Name", "feature", 1),
    a("featureId", "feature", 1),
    a("event", "feature", 1),
    a("event_type", "feature", 1),
    a("pageId", "feature", 2),
    a("Event Count", "events", 1),
    a("Total Events", "events", 1),
    a("Totals", "events", 1),
    a("numEvents", "events", 1),
];

const TICKETS: &[Alias] = &[
    a("Ticket ID", "external_id", 1),
    a("Case Number", "external_id", 1),
    a("Organization", "account", 1),
    a("Organization Name", "account", 1),
    a("organization_id", "account", 1),
    a("Account ID", "account", 1),
    a("Account Name", "account", 2),
    a("Associated Company", "account", 2),
    a("Requester domain", "account", 3),
    a("Created at", "opened", 1),
    a("CreatedDate", "opened", 1),
    a("Date/Time Opened", "opened", 1),
    a("Create date", "opened", 1),
    a("Solved at", "closed", 1),
    a("metric_set.solved_at", "closed", 1),
    a("ClosedDate", "closed", 1),
    a("Date/Time Closed", "closed", 1),
    a("Close date", "closed", 1),
    a("hs_ticket_priority", "priority", 1),
    a("Satisfaction Score", "rating", 1),
    a("satisfaction_rating.score", "rating", 1),
    a("CSAT", "rating", 1),
    a("Satisfaction Rating", "rating", 1),
    a("Ticket status", "status", 1),
    a("Ticket name", "subject", 1),
    a("LastModifiedDate", "updated_at", 1),
];

const NPS: &[Alias] = &[
    a("NPS", "score", 1),
    a("NPS Score", "score", 1),
    a("Rating", "score", 1),
    a("RecordedDate", "date", 1),
    a("Submitted At", "date", 1),
    a("Timestamp", "date", 1),
    a("Response Date", "date", 1),
    a("created_at", "date", 1),
    // Qualtrics has both; SurveyMonkey only this one.
    a("End Date", "date", 2),
    a("Email Address", "email", 1),
    a("RecipientEmail", "email", 1),
    a("person_email", "email", 1),
    a("end_user.email", "email", 1),
    a("ExternalReference", "account", 1),
    a("Custom Data 1", "account", 1),
    a("person_properties.Company", "account", 1),
    a("end_user.properties.company", "account", 1),
    a("Account ID", "account", 1),
    a("Account Name", "account", 2),
    a("Company", "account", 2),
    a("text", "comment", 1),
    a("Comments", "comment", 1),
    a("Feedback", "comment", 1),
    a("Reason", "comment", 1),
    a("Verbatim", "comment", 1),
];

const INTERACTIONS: &[Alias] = &[
    a("Activity ID", "external_id", 1),
    a("Interaction ID", "external_id", 1),
    a("Account ID", "account", 1),
    a("Account Name", "account", 2),
    a("Organization", "account", 2),
    a("Activity Date", "date", 1),
    a("Type", "kind", 1),
    a("Activity Type", "kind", 1),
    a("Interaction Type", "kind", 1),
    a("Attendees", "contacts", 1),
    a("Participants", "contacts", 1),
    a("Contact Emails", "contacts", 1),
    a("Subject", "summary", 1),
    a("Title", "summary", 2),
    a("Notes", "body", 1),
    a("Description", "body", 1),
    a("Comments", "body", 2),
];

const OPPORTUNITIES: &[Alias] = &[
    a("Opportunity ID", "external_id", 1),
    a("Deal ID", "external_id", 1),
    a("Record ID", "external_id", 1),
    a("AccountId", "account", 1),
    a("companyId", "account", 1),
    a("Account Name.id", "account", 1),
    a("Account Name", "account", 2),
    a("Associated Company IDs", "account", 2),
    a("Associated Company", "account", 3),
    a("Opportunity Name", "name", 1),
    a("Deal Name", "name", 1),
    a("Opportunity Type", "type", 1),
    a("Deal Type", "type", 1),
    a("RecordType.Name", "type", 2),
    a("Total Amount", "amount", 1),
    a("Amount (converted)", "amount", 2),
    a("Amount in company currency", "amount", 2),
    a("ARR to Renew", "amount", 3),
    a("CurrencyIsoCode", "currency", 1),
    a("Amount Currency", "currency", 1),
    a("Total Amount Currency", "currency", 1),
    a("StageName", "stage", 1),
    a("Deal Stage", "stage", 1),
    a("Closing Date", "close_date", 1),
    a("Expected Close Date", "close_date", 2),
    // HubSpot writes these from 0 to 1, where `1` is a won deal, not 1%.
    a("Deal probability", "probability_fraction", 1),
    a("hs_deal_stage_probability", "probability_fraction", 1),
    a("Win Probability", "probability", 1),
    a("Opportunity Status", "status", 1),
    a("Is Closed Won", "is_won", 1),
];

/// A header that holds a field by what it asks rather than by a name: these words, in this
/// order, in the lower-cased header (or its survey label).
#[derive(Debug, Clone, Copy)]
pub struct Phrase {
    pub words: &'static [&'static str],
    pub field: &'static str,
    pub rank: u8,
}

/// The NPS question and its follow-up, as survey tools title them.
pub const NPS_PHRASES: &[Phrase] = &[
    Phrase { words: &["how likely", "recommend"], field: "score", rank: 1 },
    Phrase { words: &["why", "score"], field: "comment", rank: 1 },
    Phrase { words: &["reason", "score"], field: "comment", rank: 1 },
];
