//! Runs over a small hand-built book on each engine: what is created, that a second run creates
//! nothing (even after a todo was deleted), that a dry run writes nothing, and how an episode
//! ends and a new one starts.

use chrono::NaiveDate;

use super::date;
use crate::book::ScoredBook;
use crate::config::Config;
use crate::domain::{Account, AccountId, Priority, Rating, Segment, Ticket, TicketId, Todo};
use crate::playbooks::{self, Applied};
use crate::store::Store;
use crate::test_support::stores::on_each_engine;

const D: &str = "2026-11-24";

fn new_account(external: &str, name: &str, segment: Segment) -> Account {
    Account {
        segment: Some(segment),
        arr_cents: 1_000_000,
        contract_start: Some(date("2025-01-10")),
        lifecycle_stage: Some("growth".into()),
        ..Account::named(external, name)
    }
}

fn rated(account: AccountId, opened: &str, rating: Rating) -> Ticket {
    Ticket {
        id: TicketId(0),
        account_id: account,
        external_id: None,
        opened: date(opened),
        closed: Some(date(opened)),
        priority: Priority::Normal,
        rating: Some(rating),
        status: None,
        subject: None,
    }
}

/// Three accounts at D = 2026-11-24, with no usage (so health is support and engagement only,
/// weights 20 and 10, and no contact is engaged: engagement 0):
/// - Renewing (SMB) renews in 90 days, on 2027-02-22; support 80 without ratings: health
///   (20 * 80) / 30 = 53, watch;
/// - Troubled (SMB) had a ticket rated bad: support 0, health 0, at risk;
/// - Newco (enterprise) is onboarding since 2026-11-04 (20 days) with no milestones, and no QBR
///   this quarter; health 53, watch.
fn book(mut store: Store) -> (Store, [AccountId; 3]) {
    let writer = store.writer().unwrap();
    let mut renewing = new_account("R", "Renewing", Segment::Smb);
    renewing.renewal_date = Some(date("2027-02-22"));
    let renewing = writer.insert_account(&renewing).unwrap();
    let troubled = writer.insert_account(&new_account("T", "Troubled", Segment::Smb)).unwrap();
    writer.insert_ticket(&rated(troubled, "2026-11-10", Rating::Bad)).unwrap();
    let mut newco = new_account("N", "Newco", Segment::Enterprise);
    newco.contract_start = Some(date("2026-11-04"));
    newco.lifecycle_stage = Some("Onboarding".into());
    let newco = writer.insert_account(&newco).unwrap();
    writer.commit().unwrap();
    (store, [renewing, troubled, newco])
}

fn run(store: &mut Store, as_of: &str) -> Applied {
    let config = Config::default();
    let book = ScoredBook::load(store, &config, date(as_of)).unwrap();
    playbooks::run(store, &config, &book).unwrap().1
}

/// Every open todo as (account, rule, title, due).
fn todos(store: &Store) -> Vec<(AccountId, String, String, NaiveDate)> {
    let mut all: Vec<_> = store
        .open_todos()
        .unwrap()
        .into_iter()
        .map(|t: Todo| (t.account_id.unwrap(), t.rule.unwrap(), t.title, t.due.unwrap()))
        .collect();
    all.sort();
    all
}

#[test]
fn a_run_creates_each_occasions_todo_and_the_onboarding_path() {
    on_each_engine("a_run_creates_each_occasions_todo_and_th", |store| {
        let (mut store, [renewing, troubled, newco]) = book(store);
        let applied = run(&mut store, D);
        assert_eq!(applied, Applied { todos: 4, paths: 1, milestones: 4, skipped: 0 });
        let s = |t: &str| t.to_owned();
        assert_eq!(
            todos(&store),
            vec![
                // 2027-02-22 - 90 = 2026-11-24, + 14 days.
                (
                    renewing,
                    s("renewal-90"),
                    s(
                        "Business review and value demo with Renewing before the renewal on 2027-02-22"
                    ),
                    date("2026-12-08"),
                ),
                (
                    troubled,
                    s("risk-review-at-risk"),
                    s("Risk review for Troubled: health 0, at risk"),
                    date("2026-11-27")
                ),
                // The enterprise path's first milestone: 2026-11-04 + 22 = 2026-11-26, within the
                // week: due on its target.
                (
                    newco,
                    s("onboarding-milestone"),
                    s("Onboarding Newco: Foundation: technical setup complete by 2026-11-26"),
                    date("2026-11-26"),
                ),
                // The fourth quarter began on 2026-10-01: + 60 days = 2026-11-30.
                (
                    newco,
                    s("qbr-enterprise"),
                    s("Hold the 2026-Q4 business review with Newco"),
                    date("2026-11-30")
                ),
            ]
        );
        // The path: 22, 45, 67 and 90 days after the contract's start on 2026-11-04.
        let targets: Vec<NaiveDate> =
            store.milestones(newco).unwrap().iter().filter_map(|m| m.target_date).collect();
        assert_eq!(
            targets,
            [date("2026-11-26"), date("2026-12-19"), date("2027-01-10"), date("2027-02-02")]
        );
    });
}

#[test]
fn runs_are_idempotent_and_a_deleted_todo_is_not_made_again() {
    on_each_engine("runs_are_idempotent_and_a_deleted_todo_i", |store| {
        let (mut store, [_, troubled, newco]) = book(store);
        run(&mut store, D);
        let first = todos(&store);
        assert_eq!(run(&mut store, D), Applied::default(), "the same day again");
        assert_eq!(todos(&store), first);
        assert_eq!(store.milestones(newco).unwrap().len(), 4, "the path is made once");

        let review = store.todos(troubled).unwrap().remove(0);
        let writer = store.writer().unwrap();
        writer.delete_todo(review.id, review.version).unwrap();
        writer.commit().unwrap();
        // Two days later nothing new is due (the next path milestone is 2026-12-19, 25 days out).
        assert_eq!(run(&mut store, "2026-11-26"), Applied::default());
        assert!(store.todos(troubled).unwrap().is_empty(), "the deleted review stays deleted");
        let firing = store.firing("risk-review-at-risk", troubled, D).unwrap().unwrap();
        assert_eq!((firing.fired_on, firing.ended_on, firing.todo), (date(D), None, None));
    });
}

#[test]
fn a_dry_run_plans_the_same_and_writes_nothing() {
    on_each_engine("a_dry_run_plans_the_same_and_writes_noth", |store| {
        let (mut store, [_, _, newco]) = book(store);
        let config = Config::default();
        let book = ScoredBook::load(&mut store, &config, date(D)).unwrap();
        let plan = playbooks::plan(&store, &config, &book).unwrap();
        assert_eq!((plan.firings.len(), plan.paths.len(), plan.milestones.len()), (4, 1, 4));
        assert_eq!(plan.name(newco), "Newco");
        assert!(store.open_todos().unwrap().is_empty());
        assert!(store.milestones(newco).unwrap().is_empty());
        assert!(store.playbook_firings().unwrap().is_empty());
        // The real run then makes exactly what was planned.
        assert_eq!(playbooks::apply(&mut store, &plan).unwrap().todos, 4);
    });
}

#[test]
fn an_episode_ends_when_the_band_recovers_and_a_relapse_is_a_new_one() {
    on_each_engine("an_episode_ends_when_the_band_recovers_a", |store| {
        let (mut store, [_, troubled, _]) = book(store);
        run(&mut store, D);
        // Three good ratings beside the bad one: support 100 * 3/4 = 75, health 20 * 75 / 30 = 50,
        // watch.
        let writer = store.writer().unwrap();
        for day in ["2026-11-25", "2026-11-26", "2026-11-27"] {
            writer.insert_ticket(&rated(troubled, day, Rating::Good)).unwrap();
        }
        writer.commit().unwrap();
        run(&mut store, "2026-11-28");
        let ended = store.firing("risk-review-at-risk", troubled, D).unwrap().unwrap();
        assert_eq!(ended.ended_on, Some(date("2026-11-28")));

        // Five more bad ones: 3 of 9, support 33.3, health 22, at risk again: a new review.
        let writer = store.writer().unwrap();
        for _ in 0..5 {
            writer.insert_ticket(&rated(troubled, "2026-11-29", Rating::Bad)).unwrap();
        }
        writer.commit().unwrap();
        assert_eq!(run(&mut store, "2026-11-30").todos, 1);
        let reviews: Vec<NaiveDate> = store
            .todos(troubled)
            .unwrap()
            .iter()
            .filter(|t| t.rule.as_deref() == Some("risk-review-at-risk"))
            .filter_map(|t| t.due)
            .collect();
        // The second is due three days after 2026-11-30.
        assert_eq!(reviews, [date("2026-11-27"), date("2026-12-03")]);
    });
}

/// A stage still saying onboarding long after the contract started: the path runs from the
/// day of the run, so its milestones lie ahead instead of all being overdue at once.
#[test]
fn an_onboarding_path_already_behind_starts_on_the_day_of_the_run() {
    on_each_engine("an_onboarding_path_already_behind_starts", |store| {
        let mut store = store;
        let writer = store.writer().unwrap();
        let mut late = new_account("L", "Lateco", Segment::Smb);
        // The SMB path is 7, 15, 22 and 30 days; 2026-06-01 + 30 days is long before D.
        late.contract_start = Some(date("2026-06-01"));
        late.lifecycle_stage = Some("onboarding".into());
        let late = writer.insert_account(&late).unwrap();
        writer.commit().unwrap();
        let applied = run(&mut store, D);
        assert_eq!((applied.paths, applied.milestones), (1, 4));
        let targets: Vec<NaiveDate> =
            store.milestones(late).unwrap().iter().filter_map(|m| m.target_date).collect();
        // 2026-11-24 + 7, 15, 22, 30.
        assert_eq!(
            targets,
            [date("2026-12-01"), date("2026-12-09"), date("2026-12-16"), date("2026-12-24")]
        );
        // Only the first is within a week: one todo, not four overdue ones.
        let made: Vec<_> = todos(&store)
            .into_iter()
            .filter(|(_, rule, ..)| rule == "onboarding-milestone")
            .collect();
        assert_eq!(made.len(), 1, "{made:?}");
        assert_eq!(made[0].3, date("2026-12-01"));
    });
}

/// Runs go forward in time: once they ran for D, a run for an earlier day is refused (it would
/// take the episodes and periods D handled for new ones) and writes nothing; D and later run.
#[test]
fn a_run_for_a_day_before_the_last_run_is_refused() {
    on_each_engine("a_run_for_a_day_before_the_last_run_is_r", |store| {
        let (mut store, _) = book(store);
        run(&mut store, D);
        let before = todos(&store);
        let config = Config::default();
        let earlier = ScoredBook::load(&mut store, &config, date("2026-11-01")).unwrap();
        let refused = playbooks::run(&mut store, &config, &earlier).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "not run for 2026-11-01: they last ran for 2026-11-24, and run only for that day or later"
        );
        assert_eq!(todos(&store), before);
        assert_eq!(run(&mut store, D), Applied::default());
        run(&mut store, "2026-11-25");
    });
}

#[test]
fn a_path_far_behind_is_closed_as_skipped_and_no_rule_fires_on_it() {
    on_each_engine("a_path_far_behind_is_closed_as_skipped_a", |store| {
        let (mut store, [_, _, newco]) = book(store);
        run(&mut store, D);
        // The path's targets: 2026-11-26, 2026-12-19, 2027-01-10, 2027-02-02. The second is done.
        let path = store.milestones(newco).unwrap();
        let writer = store.writer().unwrap();
        let done =
            crate::domain::Milestone { completed_on: Some(date("2026-12-18")), ..path[1].clone() };
        writer.update_milestone(&done).unwrap();
        writer.commit().unwrap();
        let milestone_todos = |store: &Store| {
            todos(store).into_iter().filter(|t| t.1 == "onboarding-milestone").count()
        };
        assert_eq!(milestone_todos(&store), 1, "the first milestone's, made at D");

        // 2027-02-02 + 90 days = 2027-05-03: on that day the path is not yet far behind.
        let config = Config::default();
        let book = ScoredBook::load(&mut store, &config, date("2027-05-03")).unwrap();
        let plan = playbooks::plan(&store, &config, &book).unwrap();
        assert!(plan.skipped.is_empty(), "{:?}", plan.skipped);

        // The day after, the three open milestones are closed as skipped on 2027-05-03, and the
        // milestone rule, which would have fired on the third and fourth, makes nothing.
        let applied = run(&mut store, "2027-05-04");
        assert_eq!(applied.skipped, 3);
        let skipped: Vec<Option<NaiveDate>> =
            store.milestones(newco).unwrap().iter().map(|m| m.skipped_on).collect();
        let on = Some(date("2027-05-03"));
        assert_eq!(skipped, [on, None, on, on]);
        assert_eq!(milestone_todos(&store), 1, "no todo for a skipped milestone");
        assert_eq!(store.milestones(newco).unwrap()[1].completed_on, Some(date("2026-12-18")));
        assert_eq!(run(&mut store, "2027-05-05").skipped, 0, "closed once");
        assert_eq!(store.milestones(newco).unwrap().len(), 4, "no new path for a skipped one");
    });
}

#[test]
fn far_behind_is_off_at_zero_days() {
    on_each_engine("far_behind_is_off_at_zero_days", |store| {
        let (mut store, [_, _, newco]) = book(store);
        run(&mut store, D);
        let mut config = Config::default();
        config.playbooks.skip_milestones_after_days = 0;
        let book = ScoredBook::load(&mut store, &config, date("2028-01-01")).unwrap();
        let (plan, applied) = playbooks::run(&mut store, &config, &book).unwrap();
        assert!(plan.skipped.is_empty());
        assert_eq!(applied.skipped, 0);
        assert!(store.milestones(newco).unwrap().iter().all(|m| m.skipped_on.is_none()));
    });
}

/// An account churned at the run's date has left the book: no rule fires for it. Troubled's
/// renewal due 2026-11-20 was lost on 2026-11-15 (an imported record: its renewal date stays
/// as the CRM has it), so the at-risk review of the first test is not made; Renewing's renewal
/// todo still is.
#[test]
fn a_churned_account_gets_no_todos() {
    on_each_engine("a_churned_account_gets_no_todos", |store| {
        use crate::domain::{RecordSource, RenewalOutcome, RenewalRecord};
        let (mut store, [renewing, troubled, _]) = book(store);
        let writer = store.writer().unwrap();
        writer
            .put_renewal_record(&RenewalRecord {
                account_id: troubled,
                due: date("2026-11-20"),
                closed_on: date("2026-11-15"),
                outcome: RenewalOutcome::Churned,
                arr_before: 1_000_000,
                arr_after: 0,
                note: None,
                source: RecordSource::Imported,
            })
            .unwrap();
        writer.commit().unwrap();
        run(&mut store, D);
        let accounts: Vec<AccountId> = todos(&store).iter().map(|t| t.0).collect();
        assert!(!accounts.contains(&troubled), "{accounts:?}");
        assert!(accounts.contains(&renewing));
    });
}
