//! The closed vocabularies of the book (SPEC 3): segments, roles, advocacy, priorities, kinds and
//! statuses, each with its stable snake_case code used in the store, the JSON report and the CLI.

use std::fmt;
use std::str::FromStr;

/// A value that is not one of a vocabulary's codes; the message lists the accepted ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {vocabulary} {value:?} (accepted: {accepted})")]
pub struct UnknownValue {
    /// The vocabulary's name, e.g. "segment".
    pub vocabulary: &'static str,
    /// The value that was given.
    pub value: String,
    /// The accepted codes, comma-separated.
    pub accepted: String,
}

macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident, $label:literal { $($(#[$vdoc:meta])* $variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $name {
            /// Every value, in the vocabulary's order.
            pub const ALL: &[Self] = &[$(Self::$variant),+];

            /// The stable code of the value.
            #[must_use]
            pub const fn code(self) -> &'static str {
                match self {
                    $(Self::$variant => $code),+
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::domain::UnknownValue;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.code().eq_ignore_ascii_case(wanted))
                    .ok_or_else(|| $crate::domain::UnknownValue {
                        vocabulary: $label,
                        value: s.to_owned(),
                        accepted: Self::ALL.iter().map(|v| v.code()).collect::<Vec<_>>().join(", "),
                    })
            }
        }
    };
}

pub(super) use vocabulary;

vocabulary!(
    /// The customer segment, which sets the coverage model (and the onboarding path).
    Segment, "segment" {
        Enterprise => "enterprise",
        MidMarket => "mid_market",
        Smb => "smb",
        SelfService => "self_service",
    }
);

vocabulary!(
    /// A stakeholder's role in the buying and success relationship.
    Role, "role" {
        ExecutiveSponsor => "executive_sponsor",
        EconomicBuyer => "economic_buyer",
        Champion => "champion",
        EndUser => "end_user",
        Influencer => "influencer",
        Other => "other",
    }
);

impl Role {
    /// The role in words, for sentences: "executive sponsor" where the code is
    /// `executive_sponsor`.
    #[must_use]
    pub fn words(self) -> &'static str {
        match self {
            Self::ExecutiveSponsor => "executive sponsor",
            Self::EconomicBuyer => "economic buyer",
            Self::Champion => "champion",
            Self::EndUser => "end user",
            Self::Influencer => "influencer",
            Self::Other => "other",
        }
    }
}

vocabulary!(
    /// How strongly an account advocates for the product, ordered from none to ambassador.
    Advocacy, "advocacy" {
        None => "none",
        Supporter => "supporter",
        Advocate => "advocate",
        Champion => "champion",
        Ambassador => "ambassador",
    }
);

vocabulary!(
    /// Priority of a ticket or a todo, most pressing first.
    Priority, "priority" {
        Urgent => "urgent",
        High => "high",
        Normal => "normal",
        Low => "low",
    }
);

vocabulary!(
    /// What an opportunity is about.
    OpportunityKind, "opportunity kind" {
        New => "new",
        Renewal => "renewal",
        Expansion => "expansion",
        Contraction => "contraction",
        Other => "other",
    }
);

vocabulary!(
    /// Where an opportunity stands.
    OpportunityStatus, "opportunity status" {
        Open => "open",
        Won => "won",
        Lost => "lost",
    }
);

vocabulary!(
    /// The kind of a timeline entry. A `note` is the CSM's own and is not a touch with the customer.
    InteractionKind, "interaction kind" {
        Call => "call",
        Email => "email",
        Meeting => "meeting",
        Qbr => "qbr",
        Note => "note",
        Other => "other",
    }
);

vocabulary!(
    /// Whether a todo is still to be done.
    TodoStatus, "todo status" {
        Open => "open",
        Done => "done",
    }
);

vocabulary!(
    /// Where a success-plan goal stands; met goals are a QBR's wins.
    GoalStatus, "goal status" {
        Open => "open",
        Met => "met",
        Missed => "missed",
    }
);

/// A ticket's satisfaction rating as the help desk gave it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rating {
    /// `good` (1.0).
    Good,
    /// `bad` (0.0).
    Bad,
    /// `great` (1.0).
    Great,
    /// `okay` (0.5).
    Okay,
    /// A score from 1 to 5.
    Stars(u8),
    /// A percentage from 0 to 100.
    Percent(f64),
}

impl Rating {
    /// The rating on the 0..1 scale of SPEC 4.1 (support satisfaction).
    #[must_use]
    pub fn normalised(self) -> f64 {
        match self {
            Self::Good | Self::Great => 1.0,
            Self::Bad => 0.0,
            Self::Okay => 0.5,
            Self::Stars(r) => (f64::from(r) - 1.0) / 4.0,
            Self::Percent(p) => p / 100.0,
        }
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Good => f.write_str("good"),
            Self::Bad => f.write_str("bad"),
            Self::Great => f.write_str("great"),
            Self::Okay => f.write_str("okay"),
            Self::Stars(r) => write!(f, "{r}"),
            Self::Percent(p) => write!(f, "{p}%"),
        }
    }
}

impl FromStr for Rating {
    type Err = UnknownValue;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let unknown = || UnknownValue {
            vocabulary: "rating",
            value: s.to_owned(),
            accepted: "good, bad, great, okay, 1-5, 0%-100%".to_owned(),
        };
        match text.to_ascii_lowercase().as_str() {
            "good" => return Ok(Self::Good),
            "bad" => return Ok(Self::Bad),
            "great" => return Ok(Self::Great),
            "okay" => return Ok(Self::Okay),
            _ => {}
        }
        if let Some(percent) = text.strip_suffix('%') {
            let p: f64 = percent.trim().parse().map_err(|_| unknown())?;
            return if (0.0..=100.0).contains(&p) { Ok(Self::Percent(p)) } else { Err(unknown()) };
        }
        match text.parse::<u8>() {
            Ok(r @ 1..=5) => Ok(Self::Stars(r)),
            _ => Err(unknown()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for segment in Segment::ALL {
            assert_eq!(segment.code().parse::<Segment>(), Ok(*segment));
        }
        assert_eq!("Mid_Market".parse::<Segment>(), Ok(Segment::MidMarket));
    }

    #[test]
    fn unknown_value_lists_the_accepted_ones() {
        let err = "gold".parse::<Advocacy>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown advocacy \"gold\" (accepted: none, supporter, advocate, champion, ambassador)"
        );
    }

    #[test]
    fn a_role_in_words_is_its_code_spelled_out() {
        for role in Role::ALL {
            assert_eq!(role.words(), role.code().replace('_', " "), "{role:?}");
        }
    }

    #[test]
    fn advocacy_is_ordered() {
        assert!(Advocacy::Advocate > Advocacy::Supporter);
        assert!(Advocacy::Ambassador > Advocacy::Champion);
    }

    #[test]
    fn ratings_normalise_as_the_spec_says() {
        // good/great 1, bad 0, okay 0.5, r in 1..=5 as (r-1)/4, p% as p/100.
        let cases = [
            ("good", 1.0),
            ("Bad", 0.0),
            ("great", 1.0),
            ("okay", 0.5),
            ("1", 0.0),
            ("3", 0.5),
            ("5", 1.0),
            ("4", 0.75),
            ("85%", 0.85),
            ("0%", 0.0),
        ];
        for (text, expected) in cases {
            let rating: Rating = text.parse().unwrap();
            assert!((rating.normalised() - expected).abs() < 1e-12, "{text}");
            assert_eq!(rating.to_string().parse::<Rating>().unwrap(), rating, "{text}");
        }
        for bad in ["0", "6", "101%", "meh", ""] {
            assert!(bad.parse::<Rating>().is_err(), "{bad}");
        }
    }
}
