//! Months and days are those of Nantes (`Europe/Paris`), not of UTC (issue 16, part 2): a
//! testimony given at 00:30 on the 1st counts in that month, the moderation queue's days start
//! at midnight in Nantes, and the migration moves the tallies of existing testimonies.

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use portevoix::db::DbConnection;
use reqwest::StatusCode;
use serde_json::json;

use crate::fixtures::{approve, testimony};
use crate::helpers::{backend, pool, spawn_app, testimony_item, TestApp};

/// 00:30 in Nantes on the 1st of the latest month whose 1st at 03:30 is past, as a UTC
/// instant: the last hours of the previous month in UTC.
fn half_past_midnight_on_the_first() -> chrono::DateTime<Utc> {
    let now = Utc::now().with_timezone(&Paris);
    let mut first = NaiveDate::from_ymd_opt(now.year(), now.month(), 1).unwrap();
    loop {
        let at = Paris
            .from_local_datetime(&first.and_hms_opt(0, 30, 0).unwrap())
            .single()
            .unwrap()
            .with_timezone(&Utc);
        if at + Duration::hours(3) < Utc::now() {
            return at;
        }
        first = (first - Duration::days(1)).with_day(1).unwrap();
    }
}

fn month_text(at: chrono::DateTime<Utc>) -> (String, String) {
    (
        at.with_timezone(&Paris).format("%Y-%m").to_string(),
        at.format("%Y-%m").to_string(),
    )
}

/// `tally_testimonies` of one quartier, month by month (zero rows left out).
fn months_counted(app: &TestApp, quartier: i64) -> Vec<(String, i64)> {
    use portevoix::db::schema::tally_testimonies;
    let mut conn = pool(app.db.url()).get().unwrap();
    tally_testimonies::table
        .filter(tally_testimonies::quartier_id.eq(quartier))
        .filter(tally_testimonies::testimonies.ne(0))
        .select((tally_testimonies::month, tally_testimonies::testimonies))
        .order(tally_testimonies::month)
        .load(&mut conn)
        .unwrap()
}

/// `tally_themes` of one quartier and theme, month by month (zero rows left out).
fn theme_months(app: &TestApp, quartier: i64, theme: &str) -> Vec<(String, i64)> {
    use portevoix::db::schema::tally_themes;
    let mut conn = pool(app.db.url()).get().unwrap();
    tally_themes::table
        .filter(tally_themes::quartier_id.eq(quartier))
        .filter(tally_themes::theme_code.eq(theme))
        .filter(tally_themes::testimonies.ne(0))
        .select((tally_themes::month, tally_themes::testimonies))
        .order(tally_themes::month)
        .load(&mut conn)
        .unwrap()
}

/// One approved testimony given at 00:30 on the 1st in Nantes, and one at 03:30 (the 1st in
/// UTC too).
async fn boundary_testimonies(app: &TestApp) -> (i64, chrono::DateTime<Utc>, String) {
    let quartier = app.quartier_id("bellevue").await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let at = half_past_midnight_on_the_first();
    let mut item = testimony_item(quartier, "Le tram 1 ne passe plus le soir.");
    item["captured_at"] = json!(at);
    let id = testimony(app, &volunteer, item).await;
    approve(app, &id, &["mobilite"]).await;
    let mut mid = testimony_item(quartier, "Le bus de nuit manque beaucoup.");
    mid["captured_at"] = json!(at + Duration::hours(3));
    let mid_id = testimony(app, &volunteer, mid).await;
    approve(app, &mid_id, &["mobilite"]).await;
    (quartier, at, id)
}

#[tokio::test]
async fn a_testimony_at_half_past_midnight_on_the_first_counts_in_that_month() {
    let app = spawn_app().await;
    let (quartier, at, id) = boundary_testimonies(&app).await;
    let (paris, utc) = month_text(at);
    assert_ne!(paris, utc, "the instant is in the previous month in UTC");

    assert_eq!(months_counted(&app, quartier), vec![(paris.clone(), 2)]);
    assert_eq!(
        theme_months(&app, quartier, "mobilite"),
        vec![(paris.clone(), 2)]
    );

    // The queue's days are days in Nantes: the 1st holds both, the last day before neither.
    let day = at.with_timezone(&Paris).date_naive();
    let queue = |from: NaiveDate, to: NaiveDate| {
        let app = &app;
        async move {
            let reply = app
                .get(
                    &format!("/api/v1/moderation/testimonies?status=approved&from={from}&to={to}"),
                    &app.admin,
                )
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            reply.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    let mut first_day = queue(day, day).await;
    first_day.sort();
    assert_eq!(first_day.len(), 2);
    assert!(first_day.contains(&id));
    let eve = day.pred_opt().unwrap();
    assert_eq!(queue(eve, eve).await, Vec::<String>::new());
}

fn run_script(conn: &mut DbConnection, name: &str) {
    let dir = format!(
        "{}/../migrations/{}/2026-12-01-000070_tallies_in_paris_time",
        env!("CARGO_MANIFEST_DIR"),
        backend()
    );
    let sql = std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
    conn.batch_execute(&sql).unwrap();
}

#[tokio::test]
async fn the_migration_moves_tallies_counted_in_utc_to_the_month_in_nantes() {
    let app = spawn_app().await;
    let (quartier, at, _) = boundary_testimonies(&app).await;
    let (paris, utc) = month_text(at);
    let mut conn = pool(app.db.url()).get().unwrap();

    // down.sql puts the database back as the UTC versions counted it …
    run_script(&mut conn, "down.sql");
    assert_eq!(
        months_counted(&app, quartier),
        vec![(utc.clone(), 1), (paris.clone(), 1)]
    );
    assert_eq!(
        theme_months(&app, quartier, "mobilite"),
        vec![(utc.clone(), 1), (paris.clone(), 1)]
    );

    // … and up.sql moves the boundary testimony to its month in Nantes; the other one does
    // not move.
    run_script(&mut conn, "up.sql");
    assert_eq!(months_counted(&app, quartier), vec![(paris.clone(), 2)]);
    assert_eq!(theme_months(&app, quartier, "mobilite"), vec![(paris, 2)]);
}
