//! The demo book: a realistic, deterministic book of business for trying csm, for screenshots
//! and for tests at any scale.
//!
//! [`generate`] writes a handful of scripted story accounts (see `stories`), then fills the book
//! with random but plausible accounts, all in one transaction. Everything follows from the seed,
//! the number of accounts and the as-of date: every date is relative to the as-of date, so the
//! stories hold whatever day the book is made for, and nothing is dated after it (except what
//! lies ahead by nature: renewals, due dates, targets, close dates).
//!
//! Before the present year lie up to five years of history (three by default, see `older`):
//! older facts, renewal records whose outcomes follow the latent state the history was drawn
//! from, and former customers who churned at one of their renewals (see `former`). The history
//! is written after the present and from random streams of its own, so the present (every
//! record, id and score of the last year) is the same whatever the history.
//!
//! This module only writes through [`BookWriter`]; it must not score accounts, read the clock or
//! depend on the order of a hash map.

mod activity;
mod commercial;
mod former;
mod history;
mod names;
mod older;
mod past;
mod people;
mod plan;
mod random;
mod script;
mod script_revenue;
mod stories;
mod texts;
mod usage;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_history;

use chrono::{NaiveDate, TimeDelta};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::domain::{
    Account, AccountId, Contact, ContactId, FeatureDay, FeatureId, Goal, Interaction, Milestone,
    NpsResponse, Opportunity, RenewalRecord, Ticket, Todo, UsageDay,
};
use crate::progress::{Unwatched, Watch};
use crate::store::{BookWriter, Store, StoreResult};
use names::NameBook;
use older::Later;
use people::Person;
use plan::AccountPlan;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoOptions {
    /// How many active accounts the book gets, exactly: the story accounts first, as many of
    /// them as fit, then random ones. The former customers (churned in the history's years)
    /// come on top, after them.
    pub accounts: usize,
    /// The seed every random choice follows from.
    pub seed: u64,
    /// The day the book is "today": all facts are dated on or before it.
    pub as_of: NaiveDate,
    /// Years of renewal history before the as-of date ([`MIN_YEARS`] to [`MAX_YEARS`]; the
    /// facts reach half a year further back, bounded by each contract's start). The last year
    /// is the present, the same whatever this is.
    pub years: u32,
}

/// The fewest years of history a demo book has.
pub const MIN_YEARS: u32 = 1;

/// The most years of history a demo book has.
pub const MAX_YEARS: u32 = 5;

impl DemoOptions {
    /// The default demo book (60 accounts, seed 7, three years of history) as of `as_of`.
    #[must_use]
    pub fn new(as_of: NaiveDate) -> Self {
        Self { accounts: 60, seed: 7, as_of, years: 3 }
    }
}

/// How many records of each kind the demo book got.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoSummary {
    /// Active accounts.
    pub accounts: usize,
    /// Former customers: accounts that churned in the history's years.
    pub former_accounts: usize,
    /// Renewal records, churns included.
    pub renewals: usize,
    /// Stakeholders, those who left included.
    pub contacts: usize,
    /// Days of usage: one row per account and day.
    pub usage_rows: usize,
    /// Days a feature was used: one row per account, feature and day of use.
    pub feature_rows: usize,
    pub tickets: usize,
    /// NPS survey responses.
    pub nps: usize,
    /// Timeline entries, the CSM's notes included.
    pub interactions: usize,
    /// Todos, those of the book as a whole (no account) included.
    pub todos: usize,
    pub opportunities: usize,
}

/// Writes the demo book into `store`, which is assumed empty, in one transaction, then refreshes
/// the planner's statistics.
///
/// The book has exactly the accounts asked for. The story accounts come first (a book smaller
/// than the stories gets the first of them); the random accounts follow in order, so a larger
/// book with the same seed starts with the same accounts as a smaller one.
///
/// # Errors
/// A write fails (for instance the store already holds an account with a demo external id);
/// nothing is written then.
pub fn generate(store: &mut Store, options: &DemoOptions) -> StoreResult<DemoSummary> {
    generate_watched(store, options, &Unwatched)
}

/// The stream of the first account that tells no story (see `generate_watched`).
const FIRST_RANDOM_STREAM: usize = 1 << 20;

/// [`generate`], telling `watch` how many accounts are written as each one is.
///
/// # Errors
/// As [`generate`].
pub fn generate_watched(
    store: &mut Store,
    options: &DemoOptions,
    watch: &dyn Watch,
) -> StoreResult<DemoSummary> {
    let as_of = options.as_of;
    // The master stream decides the accounts; each account's facts come from a stream of its
    // own, so one account's details never shift another's.
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let mut names = NameBook::default();
    let mut story_plans = stories::plans(&mut names);
    story_plans.truncate(options.accounts);
    let total = options.accounts;

    let years = options.years.clamp(MIN_YEARS, MAX_YEARS);
    let writer = store.writer()?;
    let summary = {
        let mut sink =
            Sink { writer: &writer, summary: DemoSummary::default(), held: Held::default() };
        let features = usage::CATALOGUE
            .iter()
            .map(|name| writer.feature(name))
            .collect::<StoreResult<Vec<FeatureId>>>()?;
        let mut buffers = Buffers::default();
        let mut book =
            Book { as_of, seed: options.seed, features: &features, buffers: &mut buffers };
        watch.begin("writing the demo book", total as u64);
        let mut laters = Vec::with_capacity(total);
        for (index, plan) in story_plans.iter().enumerate() {
            laters.push(book.write_account(&mut sink, index, plan)?);
            watch.reached(index as u64 + 1);
        }
        for index in story_plans.len()..total {
            let plan = random::random_plan(&mut rng, &mut names);
            // The other accounts' streams start far beyond the stories': a story added later
            // leaves every other account as it was.
            let stream = FIRST_RANDOM_STREAM + (index - story_plans.len());
            laters.push(book.write_account(&mut sink, stream, &plan)?);
            watch.reached(index as u64 + 1);
        }
        commercial::write_book_todos(&mut sink, as_of)?;
        write_history(
            &mut sink,
            &laters,
            &features,
            (options.seed, years, as_of),
            &mut names,
            watch,
        )?;
        sink.send()?;
        sink.summary
    };
    writer.commit()?;
    store.optimize()?;
    Ok(summary)
}

/// Writes the history before the present: the former customers (after the active accounts, so
/// these keep their ids), then the active accounts' older facts and renewal records.
fn write_history(
    sink: &mut Sink<'_, '_>,
    laters: &[Later],
    features: &[FeatureId],
    (seed, years, as_of): (u64, u32, NaiveDate),
    names: &mut NameBook,
    watch: &dyn Watch,
) -> StoreResult<()> {
    // How many times the active accounts renewed each year back: the former customers' churns
    // are counted against them.
    let mut renewed = vec![0usize; years as usize];
    for later in laters {
        let mut rng = older::history_rng(seed, later.stream);
        for r in &older::past_of(later, years, &mut rng).renewals {
            if let Some(count) = renewed.get_mut(former::year_of(r.due)) {
                *count += 1;
            }
        }
    }
    let formers = former::plan(seed, years, &renewed, names);
    watch.begin("writing the history", (formers.len() + laters.len()) as u64);
    former::write(sink, &formers, features, (seed, years, as_of))?;
    watch.reached(formers.len() as u64);
    for (done, later) in laters.iter().enumerate() {
        let mut rng = older::history_rng(seed, later.stream);
        let past = older::past_of(later, years, &mut rng);
        older::write(sink, later, &past, as_of, years, &mut rng)?;
        watch.reached((formers.len() + done + 1) as u64);
    }
    Ok(())
}

/// `date` moved by `days` (negative: earlier), saturating at the calendar's ends.
fn shift(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_add_signed(TimeDelta::days(days)).unwrap_or(if days < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

/// Buffers reused from one account to the next, so a large book allocates per account at most.
#[derive(Default)]
struct Buffers {
    usage: Vec<UsageDay>,
    levels: Vec<f64>,
    features: Vec<FeatureDay>,
}

/// The book-wide inputs of writing one account.
struct Book<'a> {
    as_of: NaiveDate,
    seed: u64,
    features: &'a [FeatureId],
    buffers: &'a mut Buffers,
}

impl Book<'_> {
    /// Writes one account and all its facts, drawn from random stream `stream` (which also
    /// makes its external id).
    fn write_account(
        &mut self,
        sink: &mut Sink<'_, '_>,
        stream: usize,
        plan: &AccountPlan,
    ) -> StoreResult<Later> {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(u64::try_from(stream).unwrap_or(u64::MAX).wrapping_add(1));
        let as_of = self.as_of;
        let start = older::start_days(self.seed, stream, plan);
        let account = sink.account(&Account {
            id: AccountId(0),
            external_id: names::external_id(self.seed, stream),
            name: plan.name.clone(),
            domain: Some(plan.domain.clone()),
            segment: Some(plan.segment),
            industry: Some(plan.industry.to_owned()),
            region: Some(plan.region.to_owned()),
            owner: Some(plan.owner.to_owned()),
            arr_cents: plan.arr_cents,
            seats_licensed: Some(plan.seats),
            contract_start: Some(shift(as_of, -start)),
            renewal_date: Some(shift(as_of, plan.renewal_in)),
            lifecycle_stage: Some(plan.lifecycle.to_owned()),
            advocacy: Some(plan.advocacy),
            version: 0,
        })?;

        if plan.product_data {
            usage::fill_usage(
                &mut self.buffers.usage,
                &mut self.buffers.levels,
                &plan.usage,
                plan.seats,
                as_of,
                &mut rng,
            );
            usage::fill_features(
                &mut self.buffers.features,
                plan.features,
                self.features,
                plan.usage.history,
                as_of,
                &mut rng,
            );
        } else {
            self.buffers.usage.clear();
            self.buffers.features.clear();
        }
        sink.usage(account, &self.buffers.usage)?;
        sink.features(account, &self.buffers.features)?;

        let people = people::write_contacts(sink, plan, account, as_of, &mut rng)?;
        let scene = Scene { as_of, account, plan, people, feature: self.latest_feature() };
        activity::write_tickets(sink, &scene, &mut rng)?;
        activity::write_nps(sink, &scene, &mut rng)?;
        activity::write_interactions(sink, &scene, &mut rng)?;
        commercial::write_todos(sink, &scene, &mut rng)?;
        commercial::write_opportunities(sink, &scene, &mut rng)?;
        commercial::write_milestones(sink, &scene, &mut rng)?;
        commercial::write_goals(sink, &scene, &mut rng)?;
        if let Some(story) = plan.story {
            script::write(story, sink, &scene)?;
        }
        let (join, features) = older::seam(
            &self.buffers.usage,
            &self.buffers.features,
            self.features,
            plan.usage.weekend,
        );
        Ok(Later {
            account,
            stream,
            plan: plan.clone(),
            people: scene.people,
            start,
            join,
            features,
            feature: scene.feature,
        })
    }

    /// The name of the feature the account used last (the first of the catalogue if none).
    fn latest_feature(&self) -> &'static str {
        self.buffers
            .features
            .last()
            .and_then(|day| self.features.iter().position(|&f| f == day.feature))
            .and_then(|i| usage::CATALOGUE.get(i).copied())
            .unwrap_or(usage::CATALOGUE[0])
    }
}

/// One account being written: its plan, its id and its people.
struct Scene<'p> {
    as_of: NaiveDate,
    account: AccountId,
    plan: &'p AccountPlan,
    people: Vec<Person>,
    /// A feature the account uses, for the texts to talk about.
    feature: &'static str,
}

impl Scene<'_> {
    /// The day `days_ago` days before the as-of date.
    fn day(&self, days_ago: i64) -> NaiveDate {
        shift(self.as_of, -days_ago)
    }

    /// The first contact with `role`, current or not.
    fn first(&self, role: crate::domain::Role) -> Option<&Person> {
        self.people.iter().find(|p| p.role == role)
    }
}

/// The writer with a tally: every record the demo writes goes through here, and those the
/// summary reports are counted.
struct Sink<'w, 's> {
    writer: &'w BookWriter<'s>,
    summary: DemoSummary,
    held: Held,
}

/// Days held by the sink until a batch is full, across accounts.
#[derive(Default)]
struct Held {
    usage: Vec<(AccountId, UsageDay)>,
    features: Vec<(AccountId, FeatureDay)>,
}

/// Days the sink holds before it writes them: enough that a batch costs nothing per day, few
/// enough to keep a few megabytes.
const DAYS_PER_BATCH: usize = 1 << 16;

impl Sink<'_, '_> {
    fn account(&mut self, account: &Account) -> StoreResult<AccountId> {
        self.summary.accounts += 1;
        self.writer.insert_account(account)
    }

    /// A former customer's account: counted apart from the active ones.
    fn former_account(&mut self, account: &Account) -> StoreResult<AccountId> {
        self.summary.former_accounts += 1;
        self.writer.insert_account(account)
    }

    fn renewal(&mut self, record: &RenewalRecord) -> StoreResult<()> {
        self.summary.renewals += 1;
        self.writer.put_renewal_record(record).map(drop)
    }

    fn contact(&mut self, contact: &Contact) -> StoreResult<ContactId> {
        self.summary.contacts += 1;
        self.writer.insert_contact(contact)
    }

    /// Days of usage, new for certain (each account's present and history are days apart), held
    /// with other accounts' until a batch is full: a server takes a batch by one copy where a
    /// statement per day would cost a round trip each.
    fn usage(&mut self, account: AccountId, days: &[UsageDay]) -> StoreResult<()> {
        self.summary.usage_rows += days.len();
        // Marked now, days or not, as the account's facts are written now.
        self.writer.mark_changed(account);
        self.held.usage.extend(days.iter().map(|&day| (account, day)));
        self.send_if_full()
    }

    /// Days of feature use, new for certain, held as [`Sink::usage`] holds days of usage.
    fn features(&mut self, account: AccountId, days: &[FeatureDay]) -> StoreResult<()> {
        self.summary.feature_rows += days.len();
        self.writer.mark_changed(account);
        self.held.features.extend(days.iter().map(|&day| (account, day)));
        self.send_if_full()
    }

    fn send_if_full(&mut self) -> StoreResult<()> {
        if self.held.usage.len() + self.held.features.len() < DAYS_PER_BATCH {
            return Ok(());
        }
        self.send()
    }

    /// Writes the days held: before the book is committed, and whenever a batch is full.
    fn send(&mut self) -> StoreResult<()> {
        self.writer.add_new_usage_days(&self.held.usage)?;
        self.writer.add_new_feature_days(&self.held.features)?;
        self.held.usage.clear();
        self.held.features.clear();
        Ok(())
    }

    fn ticket(&mut self, ticket: &Ticket) -> StoreResult<()> {
        self.summary.tickets += 1;
        self.writer.insert_ticket(ticket).map(drop)
    }

    fn nps(&mut self, response: &NpsResponse) -> StoreResult<()> {
        self.summary.nps += 1;
        self.writer.insert_nps(response).map(drop)
    }

    fn interaction(&mut self, interaction: &Interaction) -> StoreResult<()> {
        self.summary.interactions += 1;
        self.writer.insert_interaction(interaction).map(drop)
    }

    fn todo(&mut self, todo: &Todo) -> StoreResult<()> {
        self.summary.todos += 1;
        self.writer.insert_todo(todo).map(drop)
    }

    fn opportunity(&mut self, opportunity: &Opportunity) -> StoreResult<()> {
        self.summary.opportunities += 1;
        self.writer.insert_opportunity(opportunity).map(drop)
    }

    fn milestone(&mut self, milestone: &Milestone) -> StoreResult<()> {
        self.writer.insert_milestone(milestone).map(drop)
    }

    fn goal(&mut self, goal: &Goal) -> StoreResult<()> {
        self.writer.insert_goal(goal).map(drop)
    }
}
