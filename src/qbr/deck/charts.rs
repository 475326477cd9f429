//! The charts of a deck as data, each with its one-line takeaway: daily active users against
//! licensed seats (the quarter before lighter), key features used this quarter against last,
//! and tickets opened and resolved by month. A chart without data is not made. Pure: it must
//! not read the store nor draw.

use chrono::Datelike as _;

use super::choices::ChartKind;
use super::facts::{FeatureRow, SupportFacts, UsageSeries};
use super::model::{Chart, Figure, Series};
use super::words::{count, number};
use crate::domain::Window;
use crate::scoring::round_to_int;

/// Daily active users over the quarter, the quarter before lighter, seats as a level.
#[must_use]
pub fn active_users(u: &UsageSeries, this: Window) -> Chart {
    let now = round_to_int(u.mean_now);
    let change =
        u.mean_before.filter(|b| *b > 0.0).map(|b| round_to_int(100.0 * (u.mean_now - b) / b));
    let mut takeaway = match change {
        Some(c) if c > 0 => format!("Active users up {c} % to {} a day", number(now)),
        Some(c) if c < 0 => {
            format!("Active users {} a day, {} % below last quarter", number(now), -c)
        }
        Some(_) => format!("Active users steady at {} a day", number(now)),
        None => format!("{} active users a day", number(now)),
    };
    if let Some(share) = u.seat_share() {
        takeaway.push_str(&format!("; {share} % of seats"));
    }
    // A tick on the first day of each month, and on the first day of the quarter.
    let mut x_ticks = Vec::new();
    for (i, date) in this.start.iter_days().take(u.this.len()).enumerate() {
        if date.day() == 1 || (i == 0 && date.day() < 25) {
            x_ticks.push((i, date.format("%-d %b").to_string()));
        }
    }
    #[allow(clippy::cast_precision_loss)] // user counts are far below 2^52
    let values = |days: &[Option<i64>]| days.iter().map(|d| d.map(|n| n as f64)).collect();
    let mut series =
        vec![Series { name: "This quarter".to_owned(), values: values(&u.this), light: false }];
    if u.last.iter().any(Option::is_some) {
        series.push(Series {
            name: "Previous quarter".to_owned(),
            values: values(&u.last),
            light: true,
        });
    }
    #[allow(clippy::cast_precision_loss)] // seat counts are far below 2^52
    let reference = u.seats.map(|s| (s as f64, format!("{} licensed seats", number(s))));
    Chart {
        kind: ChartKind::ActiveUsers,
        title: "Daily active users".to_owned(),
        takeaway,
        figure: Figure::Lines {
            y_label: "active users a day".to_owned(),
            x_ticks,
            series,
            reference,
        },
    }
}

/// Days each key feature was used, this quarter against the quarter before.
#[must_use]
pub fn features(rows: &[FeatureRow]) -> Option<Chart> {
    if rows.is_empty() {
        return None;
    }
    let used = rows.iter().filter(|r| r.days_now > 0).count();
    let used_before = rows.iter().filter(|r| r.days_before > 0).count();
    let mut takeaway = format!("{used} of {} key features in use", rows.len());
    match used.cmp(&used_before) {
        std::cmp::Ordering::Greater => {
            takeaway.push_str(&format!(", {} more than last quarter", used - used_before))
        }
        std::cmp::Ordering::Equal => takeaway.push_str(", as last quarter"),
        std::cmp::Ordering::Less => {
            takeaway.push_str(&format!(", against {used_before} last quarter"))
        }
    }
    #[allow(clippy::cast_precision_loss)] // day counts are far below 2^52
    let days = |f: fn(&FeatureRow) -> usize| rows.iter().map(|r| Some(f(r) as f64)).collect();
    Some(Chart {
        kind: ChartKind::Features,
        title: "Key features used".to_owned(),
        takeaway,
        figure: Figure::Bars {
            y_label: "days used".to_owned(),
            categories: rows.iter().map(|r| r.name.clone()).collect(),
            series: vec![
                Series {
                    name: "This quarter".to_owned(),
                    values: days(|r| r.days_now),
                    light: false,
                },
                Series {
                    name: "Previous quarter".to_owned(),
                    values: days(|r| r.days_before),
                    light: true,
                },
            ],
            empty: "not used".to_owned(),
        },
    })
}

/// Tickets opened and resolved in each month of the quarter.
#[must_use]
pub fn tickets(s: &SupportFacts) -> Chart {
    let mut takeaway = format!("{} opened, {} resolved", count(s.opened, "ticket"), s.resolved);
    if let Some(median) = s.median_days {
        takeaway.push_str(&format!(
            " in a median of {}",
            count(usize::try_from(median).unwrap_or(0), "day")
        ));
    }
    #[allow(clippy::cast_precision_loss)] // ticket counts are far below 2^52
    let per_month = |f: fn(&super::facts::MonthTickets) -> usize| {
        s.months.iter().map(|m| Some(f(m) as f64)).collect()
    };
    Chart {
        kind: ChartKind::Tickets,
        title: "Tickets by month".to_owned(),
        takeaway,
        figure: Figure::Bars {
            y_label: "tickets".to_owned(),
            categories: s.months.iter().map(|m| m.month.format("%b %Y").to_string()).collect(),
            series: vec![
                Series { name: "Opened".to_owned(), values: per_month(|m| m.opened), light: false },
                Series {
                    name: "Resolved".to_owned(),
                    values: per_month(|m| m.resolved),
                    light: true,
                },
            ],
            empty: "none".to_owned(),
        },
    }
}
