//! The demo book's vocabularies: company and person names, industries, regions, owners, titles,
//! and the makers of unique account names, domains and CRM-style external ids.
//!
//! Everything here is invented. This module only names things; it must not decide how an account
//! behaves (see `plan` and `stories`) nor write to the store.

use std::collections::HashSet;

use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::domain::{Role, Segment};

/// The CSMs who own the demo book's accounts.
pub(super) const OWNERS: [&str; 4] =
    ["Priya Raman", "Jonas Becker", "Camille Dubois", "Marcus Reed"];

/// Industries, each with the words a company of that industry tends to end its name with.
pub(super) const INDUSTRIES: &[(&str, &[&str])] = &[
    ("Logistics", &["Logistics", "Freight", "Shipping"]),
    ("Healthcare", &["Health", "Medical Group", "Clinics"]),
    ("Financial Services", &["Capital", "Bank", "Credit Union"]),
    ("Insurance", &["Insurance", "Mutual", "Assurance"]),
    ("Manufacturing", &["Manufacturing", "Industries", "Precision Works"]),
    ("Retail", &["Outfitters", "Markets", "Home Goods"]),
    ("Software", &["Software", "Labs", "Systems"]),
    ("Education", &["Learning", "Academy", "Press"]),
    ("Energy", &["Energy", "Power", "Renewables"]),
    ("Media", &["Media", "Studios", "Publishing"]),
    ("Hospitality", &["Hotels", "Hospitality", "Resorts"]),
    ("Biotech", &["Biosciences", "Therapeutics", "Genomics"]),
    ("Construction", &["Builders", "Construction", "Engineering"]),
    ("Food & Beverage", &["Foods", "Brewing", "Bakeries"]),
];

/// A sales region with the first words of company names and the cities that tell apart two
/// companies of the same name.
pub(super) struct Region {
    pub name: &'static str,
    /// Share of the book, in percent.
    pub weight: u32,
    pub prefixes: &'static [&'static str],
    pub cities: &'static [&'static str],
}

/// Company names get accents where they would have them, so that search must fold them.
pub(super) const REGIONS: &[Region] = &[
    Region {
        name: "North America",
        weight: 45,
        prefixes: &[
            "Northwind",
            "Bluefin",
            "Copperleaf",
            "Harborview",
            "Ironbridge",
            "Larkspur",
            "Meridian",
            "Oakhurst",
            "Pinecrest",
            "Redwood",
            "Silverline",
            "Summit",
            "Tidewater",
            "Vantage",
            "Westbrook",
            "Alder",
            "Birchwood",
            "Cobalt",
            "Driftwood",
            "Evergreen",
            "Granite",
            "Halcyon",
            "Juniper",
            "Marlow",
            "Nimbus",
            "Paragon",
            "Riverstone",
            "Sable",
            "Willow",
            "Yarrow",
            "Brightwater",
            "Stonegate",
            "Foxglove",
            "Keystone",
        ],
        cities: &["Boston", "Denver", "Toronto", "Austin", "Seattle", "Chicago", "Atlanta"],
    },
    Region {
        name: "EMEA",
        weight: 35,
        prefixes: &[
            "Ångström",
            "Müller",
            "Lumière",
            "Sørensen",
            "Château Vert",
            "Brückner",
            "Élan",
            "Østby",
            "Zöllner",
            "Dvořák",
            "Fjäll",
            "Thistle",
            "Kestrel",
            "Fjord",
            "Verity",
            "Umber",
            "Orchid",
            "Quillon",
            "Halvorsen",
            "Göteborg",
            "Bérénice",
            "Aldwych",
        ],
        cities: &[
            "Lyon",
            "Hamburg",
            "Rotterdam",
            "Malmö",
            "Zürich",
            "Kraków",
            "Dublin",
            "Bilbao",
            "Genève",
        ],
    },
    Region {
        name: "APAC",
        weight: 12,
        prefixes: &["Tasman", "Kiwa", "Sakura", "Lotus", "Coral", "Monsoon", "Jade", "Kōyō"],
        cities: &["Osaka", "Melbourne", "Singapore", "Pune", "Auckland"],
    },
    Region {
        name: "LATAM",
        weight: 8,
        prefixes: &["Peñalara", "São Bento", "Nuñez", "Bahía", "Andina", "Cóndor", "Ceiba"],
        cities: &["São Paulo", "Bogotá", "Monterrey", "Santiago"],
    },
];

pub(super) const FIRST_NAMES: &[&str] = &[
    "Ana", "Ben", "Chloé", "David", "Elena", "Farah", "Gustav", "Hana", "Ibrahim", "Jasmine",
    "Kenji", "Laura", "Mateo", "Nadia", "Oliver", "Priya", "Quentin", "Rosa", "Søren", "Tomás",
    "Uma", "Victor", "Wen", "Xavier", "Yusuf", "Zoë", "Aurélie", "Björn", "Carmen", "Declan",
    "Emeka", "Fiona", "Grace", "Héctor", "Ingrid", "José", "Kai", "Léa", "Marcus", "Noor",
    "Olivia", "Pedro", "Renée", "Samir", "Tara", "Łukasz", "Siobhán", "Iñigo", "Maya", "Ruth",
];

pub(super) const LAST_NAMES: &[&str] = &[
    "Okafor",
    "Nakamura",
    "García",
    "Müller",
    "Lindqvist",
    "Dubois",
    "Kowalski",
    "O'Brien",
    "Ødegaard",
    "Nguyen",
    "Patel",
    "Fernández",
    "Schmidt",
    "Rossi",
    "Jensen",
    "Haddad",
    "Kim",
    "Novák",
    "Moreau",
    "Silva",
    "Andersson",
    "Chen",
    "Ivanova",
    "Mendoza",
    "Walsh",
    "Brennan",
    "Yilmaz",
    "Costa",
    "Bauer",
    "Larsen",
    "Ortiz",
    "Fischer",
    "Tanaka",
    "Singh",
    "Murphy",
    "Hoffmann",
    "Petrov",
    "Alvarez",
    "Sato",
    "Ahmed",
];

/// Job titles a contact of a role might hold, the smaller companies' last.
pub(super) fn titles(role: Role, segment: Segment) -> &'static [&'static str] {
    let small = matches!(segment, Segment::Smb | Segment::SelfService);
    match role {
        Role::ExecutiveSponsor if small => &["Founder & CEO", "Managing Director", "Owner"],
        Role::ExecutiveSponsor => &[
            "Chief Operating Officer",
            "VP Operations",
            "Chief Technology Officer",
            "SVP Customer Experience",
            "Chief Digital Officer",
        ],
        Role::EconomicBuyer if small => &["Finance Manager", "Office Manager"],
        Role::EconomicBuyer => &["CFO", "VP Finance", "Head of Procurement", "Director of IT"],
        Role::Champion => &[
            "Operations Manager",
            "Head of Analytics",
            "Program Manager",
            "Director of Revenue Operations",
            "Business Systems Lead",
        ],
        Role::Influencer => &["IT Security Lead", "Solutions Architect", "Data Team Lead"],
        Role::EndUser => &["Analyst", "Coordinator", "Specialist", "Team Lead", "Planner"],
        Role::Other => &["Legal Counsel", "Procurement Specialist", "Executive Assistant"],
    }
}

/// One element of a non-empty slice, uniformly.
pub(super) fn pick<T: Copy>(rng: &mut ChaCha8Rng, items: &[T]) -> T {
    items[rng.random_range(0..items.len())]
}

/// One value by weight (weights need not sum to anything in particular).
pub(super) fn weighted<T: Copy>(rng: &mut ChaCha8Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total.max(1));
    for &(item, w) in items {
        if roll < w {
            return item;
        }
        roll -= w;
    }
    items[items.len() - 1].0
}

/// The ASCII letters a character folds to in a slug or an email address ("é" → "e", "ß" → "ss").
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => "a",
        'æ' => "ae",
        'ç' | 'č' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ě' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ł' => "l",
        'ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => "o",
        'ř' => "r",
        'š' => "s",
        'ß' => "ss",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ý' | 'ÿ' => "y",
        'ž' => "z",
        _ => return None,
    })
}

/// Lower-case ASCII letters and digits of `text`, accents folded, other characters replaced by
/// `sep` (runs collapsed, none at either end), or dropped when `sep` is `None`.
pub(super) fn ascii_slug(text: &str, sep: Option<char>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let mut buf = [0; 4];
        let folded =
            if c.is_ascii_alphanumeric() { Some(&*c.encode_utf8(&mut buf)) } else { fold_char(c) };
        match folded {
            Some(letters) => {
                if pending && !out.is_empty() {
                    out.extend(sep);
                }
                pending = false;
                out.push_str(letters);
            }
            // An apostrophe joins ("O'Brien" → "obrien"); anything else separates words.
            None => pending |= c != '\'' && c != '’',
        }
    }
    out
}

/// Hands out account names and domains that are unique across the book, however large.
#[derive(Default)]
pub(super) struct NameBook {
    names: HashSet<String>,
    domains: HashSet<String>,
    /// Counts the names that needed a number, so that each such name is new.
    numbered: u64,
}

impl NameBook {
    /// Reserves a name chosen by hand (a story account's), so no generated account takes it.
    pub fn reserve(&mut self, name: &str) -> String {
        self.names.insert(name.to_owned());
        self.domain(name)
    }

    /// A fresh company name in `region` for `industry`, and its domain.
    ///
    /// A taken name gets a city ("Northwind Logistics Lyon", a regional subsidiary), and a
    /// taken one of those a number, so that a book of 100,000 accounts still has unique names.
    pub fn company(
        &mut self,
        rng: &mut ChaCha8Rng,
        region: &Region,
        suffixes: &[&str],
    ) -> (String, String) {
        let base = format!("{} {}", pick(rng, region.prefixes), pick(rng, suffixes));
        let name = if self.names.contains(&base) {
            let with_city = format!("{base} {}", pick(rng, region.cities));
            if self.names.contains(&with_city) {
                self.numbered += 1;
                format!("{with_city} {}", self.numbered)
            } else {
                with_city
            }
        } else {
            base
        };
        self.names.insert(name.clone());
        let domain = self.domain(&name);
        (name, domain)
    }

    /// The `.example` domain of a company name, numbered if two names fold to the same slug.
    fn domain(&mut self, name: &str) -> String {
        let slug = ascii_slug(name, Some('-'));
        let mut domain = format!("{slug}.example");
        let mut n = 1;
        while self.domains.contains(&domain) {
            n += 1;
            domain = format!("{slug}-{n}.example");
        }
        self.domains.insert(domain.clone());
        domain
    }
}

/// A Salesforce-style 18-character account id, unique per `index` within a book.
///
/// The index is scrambled by an affine map modulo 62^8, a bijection (the multiplier is prime to
/// 62), so the ids look random yet can never collide.
pub(super) fn external_id(seed: u64, index: usize) -> String {
    const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    const SPACE: u128 = 62u128.pow(8);
    const MULTIPLIER: u128 = 0x2545_F491; // odd and not a multiple of 31
    let offset = u128::from(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)) % SPACE;
    let index = u128::try_from(index).unwrap_or(u128::MAX) % SPACE;
    let mut n = (index * MULTIPLIER + offset) % SPACE;
    let mut tail = [b'0'; 8];
    for slot in tail.iter_mut().rev() {
        *slot = ALPHABET[usize::try_from(n % 62).unwrap_or(0)];
        n /= 62;
    }
    let mut id = String::with_capacity(18);
    id.push_str("0015g00000");
    id.extend(tail.iter().map(|&b| char::from(b)));
    id
}
