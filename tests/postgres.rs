//! The PostgreSQL side of the tests, on this process's throwaway cluster
//! (`csm::test_support::postgres`): skipped, saying why, on a machine without the server binaries
//! unless `CSM_TEST_POSTGRES=required`.

use chrono::NaiveDate;
use csm::test_support::postgres::database;

#[test]
fn a_test_database_round_trips_a_date() {
    let Some(db) = database("round_trips_a_date") else { return };
    let mut client = db.connect();
    let day = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
    let row =
        client.query_one("SELECT $1::date + 7, $2::bigint * 2", &[&day, &21_i64]).expect("query");
    assert_eq!(row.get::<_, NaiveDate>(0), NaiveDate::from_ymd_opt(2026, 12, 1).expect("date"));
    assert_eq!(row.get::<_, i64>(1), 42);
}
