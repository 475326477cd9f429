//! Todo title templates: text with `{placeholders}` filled from what a trigger knows. A template
//! is checked when the configuration is read, against the placeholders its trigger can fill, so a
//! run never meets an unknown one. It must not decide what the values are.

use std::fmt::Write as _;

/// A value a template can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Account,
    Segment,
    Owner,
    Health,
    Band,
    Rule,
    RenewalDate,
    /// Days from the as-of date to the renewal (renewal) or the milestone's target (onboarding).
    Days,
    Signal,
    Contact,
    Milestone,
    TargetDate,
    Period,
}

impl Field {
    const ALL: [(&'static str, Self); 13] = [
        ("account", Self::Account),
        ("segment", Self::Segment),
        ("owner", Self::Owner),
        ("health", Self::Health),
        ("band", Self::Band),
        ("rule", Self::Rule),
        ("renewal_date", Self::RenewalDate),
        ("days", Self::Days),
        ("signal", Self::Signal),
        ("contact", Self::Contact),
        ("milestone", Self::Milestone),
        ("target_date", Self::TargetDate),
        ("period", Self::Period),
    ];

    /// Fields every trigger fills.
    pub const COMMON: [Self; 6] =
        [Self::Account, Self::Segment, Self::Owner, Self::Health, Self::Band, Self::Rule];

    fn named(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
    }

    /// The placeholder's name.
    #[must_use]
    pub fn name(self) -> &'static str {
        Self::ALL.iter().find(|(_, f)| *f == self).map_or("", |(n, _)| n)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Field(Field),
}

/// A parsed title template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

impl Template {
    /// Parses `text`, accepting only the placeholders in `allowed`. `{{` and `}}` are literal
    /// braces.
    ///
    /// # Errors
    /// An unclosed or unknown placeholder, or one the trigger cannot fill; a blank title.
    pub fn parse(text: &str, allowed: &[Field]) -> Result<Self, String> {
        if text.trim().is_empty() {
            return Err("title: must not be blank".to_owned());
        }
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let mut name = String::new();
                    let closed = loop {
                        match chars.next() {
                            Some('}') => break true,
                            Some(c) => name.push(c),
                            None => break false,
                        }
                    };
                    if !closed {
                        return Err(format!(
                            "title {text:?}: a {{ is not closed (write {{{{ for a brace)"
                        ));
                    }
                    let field = Self::field(&name, allowed)?;
                    if !literal.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut literal)));
                    }
                    parts.push(Part::Field(field));
                }
                '}' => return Err(format!("title {text:?}: a lone }} (write }}}} for a brace)")),
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Text(literal));
        }
        Ok(Self { parts })
    }

    fn field(name: &str, allowed: &[Field]) -> Result<Field, String> {
        let listed = || allowed.iter().map(|f| format!("{{{}}}", f.name())).collect::<Vec<_>>();
        match Field::named(name.trim()) {
            Some(field) if allowed.contains(&field) => Ok(field),
            Some(_) => Err(format!(
                "title: placeholder {{{name}}} is not known to this trigger (it knows {})",
                listed().join(", ")
            )),
            None => Err(format!(
                "title: unknown placeholder {{{name}}} (known: {})",
                listed().join(", ")
            )),
        }
    }

    /// The title with every placeholder filled by `value`.
    #[must_use]
    pub fn render(&self, value: impl Fn(Field) -> String) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Field(field) => {
                    let _ = write!(out, "{}", value(*field));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RENEWAL: [Field; 3] = [Field::Account, Field::RenewalDate, Field::Days];

    #[test]
    fn placeholders_are_filled_and_double_braces_kept() {
        let template = Template::parse("Renew {account} in {days} days {{soon}}", &RENEWAL)
            .expect("a valid template");
        let title = template.render(|f| match f {
            Field::Account => "Acme".to_owned(),
            Field::Days => "90".to_owned(),
            _ => "?".to_owned(),
        });
        assert_eq!(title, "Renew Acme in 90 days {soon}");
    }

    #[test]
    fn an_unknown_placeholder_is_named() {
        let err = Template::parse("Call {acount}", &RENEWAL).unwrap_err();
        assert!(err.starts_with("title: unknown placeholder {acount} (known: {account}"), "{err}");
    }

    #[test]
    fn a_placeholder_the_trigger_cannot_fill_is_refused() {
        let err = Template::parse("Call {contact}", &RENEWAL).unwrap_err();
        assert!(err.contains("{contact} is not known to this trigger"), "{err}");
    }

    #[test]
    fn broken_braces_and_blank_titles_are_refused() {
        assert!(
            Template::parse("{account} {account", &RENEWAL).unwrap_err().contains("not closed")
        );
        assert!(Template::parse("Call }", &RENEWAL).unwrap_err().contains("lone }"));
        assert!(Template::parse("  ", &RENEWAL).unwrap_err().contains("blank"));
    }
}
