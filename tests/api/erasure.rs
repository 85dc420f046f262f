//! RGPD lifecycle: erasure with the resident's receipt code (tallies, tombstones, audit) and the
//! retention purge under a fake clock (aggregates kept, one instance per interval).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a panic is a failure"
)]

use diesel::prelude::*;
use portevoix::auth::AuthUser;
use portevoix::db::schema::{
    answers, outings, responses, tally_testimonies, tally_themes, testimonies,
};
use portevoix::services::privacy::retention;
use portevoix::services::{moderation, tallies};
use portevoix_domain::wire::{Decision, DecisionKind, Role};
use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{pool, response_item, sample_answers, spawn_app, testimony_item, TestApp};

const DAY_MS: i64 = 24 * 3600 * 1000;

fn with_receipt(mut item: Value, code: &str) -> Value {
    item["receipt_code"] = json!(code);
    item
}

fn approve(url: &str, admin_id: i64, id: Uuid) {
    let mut conn = pool(url).get().unwrap();
    let admin = AuthUser {
        id: admin_id,
        role: Role::Admin,
        council_id: None,
        device_id: None,
    };
    let decision = Decision {
        decision: DecisionKind::Approve,
        message: None,
        themes: Some(vec!["mobilite".into()]),
        redacted_text: None,
        confirm_sensitive: true,
        expected_seq: None,
    };
    moderation::decide(&mut conn, &admin, id, decision).expect("approved");
}

/// Answer rows stored, and how many of them name no stored response. SQLite's `answers` has no
/// foreign key to `responses` (the one writer's cost): deleting a response must delete its
/// answers itself.
fn answer_rows(conn: &mut portevoix::db::DbConnection) -> (i64, i64) {
    let all: i64 = answers::table.count().get_result(conn).unwrap();
    let orphans: i64 = answers::table
        .filter(diesel::dsl::not(
            answers::response_id.eq_any(responses::table.select(responses::id)),
        ))
        .count()
        .get_result(conn)
        .unwrap();
    (all, orphans)
}

fn theme_tally(url: &str, quartier: i64) -> (i64, i64) {
    let mut conn = pool(url).get().unwrap();
    let themes: Vec<i64> = tally_themes::table
        .filter(tally_themes::quartier_id.eq(quartier))
        .filter(tally_themes::theme_code.eq("mobilite"))
        .select(tally_themes::testimonies)
        .load(&mut conn)
        .unwrap();
    let approved: Vec<i64> = tally_testimonies::table
        .filter(tally_testimonies::quartier_id.eq(quartier))
        .select(tally_testimonies::testimonies)
        .load(&mut conn)
        .unwrap();
    (themes.iter().sum(), approved.iter().sum())
}

#[tokio::test]
async fn a_receipt_code_finds_and_erases_a_persons_items_everywhere() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let (_, version) = app.open_survey(&[bellevue]).await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let (coordinator_id, coordinator) = app.user("coordinator", None).await;
    let council = app.council_id("Conseil citoyen de Bellevue").await;
    let (_, member) = app.user("council_member", Some(council)).await;
    let admin_id = app.get("/api/v1/auth/me", &app.admin).await.body["id"]
        .as_i64()
        .unwrap();

    let ids = app
        .push_new(
            &volunteer,
            &[
                (
                    "response",
                    with_receipt(
                        response_item(version, bellevue, sample_answers()),
                        "k7qx-2m9d",
                    ),
                ),
                (
                    "response",
                    with_receipt(
                        response_item(version, bellevue, json!({"mode": "bus", "note": 2})),
                        "K7QX2M9D",
                    ),
                ),
                (
                    "response",
                    with_receipt(
                        response_item(version, bellevue, sample_answers()),
                        "ABCD-2345",
                    ),
                ),
                (
                    "testimony",
                    with_receipt(
                        testimony_item(bellevue, "Le tram est toujours en retard le matin."),
                        "K7QX-2M9D",
                    ),
                ),
                (
                    "testimony",
                    testimony_item(bellevue, "Le bus de nuit manque beaucoup."),
                ),
            ],
        )
        .await;
    let url = app.db.url().to_owned();
    for id in [&ids[3], &ids[4]] {
        let (url, id) = (url.clone(), Uuid::parse_str(id).unwrap());
        tokio::task::spawn_blocking(move || approve(&url, admin_id, id))
            .await
            .unwrap();
    }
    assert_eq!(theme_tally(&url, bellevue), (2, 2));
    let cursor = app.get("/api/v1/sync/pull?cursor=0", &volunteer).await.body["cursor"]
        .as_i64()
        .unwrap();

    for token in [&volunteer, &member] {
        let reply = app.get("/api/v1/receipts/K7QX-2M9D", token).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        let reply = TestApp::send(app.request(
            reqwest::Method::DELETE,
            "/api/v1/receipts/K7QX-2M9D",
            Some(token),
        ))
        .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
    }
    let found = app.get("/api/v1/receipts/k7qx2m9d", &coordinator).await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    assert_eq!(found.body["code"], "K7QX2M9D");
    let items = found.body["items"].as_array().unwrap();
    let mut found_ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    found_ids.sort_unstable();
    let mut expected: Vec<&str> = vec![&ids[0], &ids[1], &ids[3]];
    expected.sort_unstable();
    assert_eq!(found_ids, expected);
    assert!(
        items.iter().all(|i| i.get("text").is_none()),
        "no content in the lookup"
    );

    let bad = app.get("/api/v1/receipts/0000-0000", &coordinator).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.error_code(), "invalid_receipt_code");
    assert_eq!(bad.body["error"]["field"], "code");

    let erased = TestApp::send(app.request(
        reqwest::Method::DELETE,
        "/api/v1/receipts/K7QX-2M9D",
        Some(&coordinator),
    ))
    .await;
    assert_eq!(erased.status, StatusCode::OK, "{}", erased.body);
    assert_eq!(
        erased.body,
        json!({"code": "K7QX2M9D", "responses": 2, "testimonies": 1})
    );

    // Gone everywhere, tallies follow, the other items stay.
    let again = app.get("/api/v1/receipts/K7QX2M9D", &coordinator).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert_eq!(again.error_code(), "not_found");
    let mut conn = pool(&url).get().unwrap();
    let stored = tallies::stored(&mut conn).unwrap();
    assert_eq!(stored, tallies::recount(&mut conn).unwrap());
    assert_eq!(stored.responses.iter().map(|r| r.2).sum::<i64>(), 1);
    let left: i64 = responses::table.count().get_result(&mut conn).unwrap();
    assert_eq!(left, 1);
    let (rows, orphans) = answer_rows(&mut conn);
    assert!(rows > 0, "the response kept keeps its answers");
    assert_eq!(orphans, 0, "the erased responses' answers are gone");
    let left: i64 = testimonies::table.count().get_result(&mut conn).unwrap();
    assert_eq!(left, 1);
    drop(conn);
    assert_eq!(theme_tally(&url, bellevue), (1, 1));
    let check = app
        .post("/api/v1/sync/check", &volunteer, &json!({"ids": ids}))
        .await;
    assert_eq!(check.body["present"], json!([ids[2], ids[4]]));

    // The phones are told to drop them.
    let pulled = app
        .get(&format!("/api/v1/sync/pull?cursor={cursor}"), &volunteer)
        .await;
    let mut tombs: Vec<(String, String)> = pulled.body["tombstones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["entity"].as_str().unwrap().to_owned(),
                t["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    tombs.sort();
    let mut expected = vec![
        ("response".to_owned(), ids[0].clone()),
        ("response".to_owned(), ids[1].clone()),
        ("testimony".to_owned(), ids[3].clone()),
    ];
    expected.sort();
    assert_eq!(tombs, expected);

    // Audited, with who did it.
    let audit = app
        .get("/api/v1/audit?action=item.erased", &app.admin)
        .await;
    assert_eq!(audit.status, StatusCode::OK, "{}", audit.body);
    let entries = audit.body["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["target"], "receipt:K7QX2M9D");
    assert_eq!(entries[0]["actor_id"], coordinator_id);
}

/// A phone that never saw the acknowledgement sends the same items again after the resident had
/// them erased: they are acknowledged (the phone stops retrying) and nothing comes back.
#[tokio::test]
async fn an_erased_item_sent_again_is_acknowledged_and_not_stored() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let (_, version) = app.open_survey(&[bellevue]).await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let (_, coordinator) = app.user("coordinator", None).await;
    let items = vec![
        (
            "response",
            with_receipt(
                response_item(version, bellevue, sample_answers()),
                "K7QX-2M9D",
            ),
        ),
        (
            "testimony",
            with_receipt(
                testimony_item(bellevue, "Le tram est toujours en retard le matin."),
                "K7QX-2M9D",
            ),
        ),
    ];
    let ids = app.push_new(&volunteer, &items).await;
    let erased = TestApp::send(app.request(
        reqwest::Method::DELETE,
        "/api/v1/receipts/K7QX-2M9D",
        Some(&coordinator),
    ))
    .await;
    assert_eq!(erased.status, StatusCode::OK, "{}", erased.body);

    let replay: Vec<(String, String)> = app
        .push(&volunteer, &items)
        .await
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_owned(),
                r["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        replay,
        [
            (ids[0].clone(), "duplicate".to_owned()),
            (ids[1].clone(), "duplicate".to_owned())
        ]
    );

    let check = app
        .post("/api/v1/sync/check", &volunteer, &json!({"ids": ids}))
        .await;
    assert_eq!(check.body["present"], json!([]));
    let again = app.get("/api/v1/receipts/K7QX2M9D", &coordinator).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let mut conn = pool(app.db.url()).get().unwrap();
    let stored = tallies::stored(&mut conn).unwrap();
    assert_eq!(stored, tallies::recount(&mut conn).unwrap());
    assert_eq!(stored.responses.iter().map(|r| r.2).sum::<i64>(), 0);
}

#[tokio::test]
async fn retention_purges_raw_items_and_keeps_aggregates() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let (closed_survey, closed_version) = app.open_survey(&[bellevue]).await;
    let (_, open_version) = app.open_survey(&[bellevue]).await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let old = chrono::Utc::now() - chrono::Duration::days(400);
    let mut old_testimony = testimony_item(bellevue, "Les poubelles débordent souvent.");
    old_testimony["captured_at"] = json!(old);
    let old_outing = json!({"id": Uuid::now_v7(), "quartier_id": bellevue, "place": "marché",
        "started_at": old, "approached": 10, "answered": 4});
    let new_outing = json!({"id": Uuid::now_v7(), "quartier_id": bellevue, "place": "marché",
        "started_at": chrono::Utc::now(), "approached": 12, "answered": 5});
    app.push_new(
        &volunteer,
        &[
            (
                "response",
                response_item(closed_version, bellevue, sample_answers()),
            ),
            (
                "response",
                response_item(closed_version, bellevue, sample_answers()),
            ),
            (
                "response",
                response_item(open_version, bellevue, sample_answers()),
            ),
            ("testimony", old_testimony),
            ("testimony", testimony_item(bellevue, "Le tram est plein.")),
            ("outing", old_outing),
            ("outing", new_outing),
        ],
    )
    .await;
    let closed = app
        .post(
            &format!("/api/v1/surveys/{closed_survey}/close"),
            &app.admin,
            &json!({}),
        )
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);

    let url = app.db.url().to_owned();
    let mut conn = pool(&url).get().unwrap();
    let count = |conn: &mut portevoix::db::DbConnection| -> (i64, i64, i64) {
        (
            responses::table.count().get_result(conn).unwrap(),
            testimonies::table.count().get_result(conn).unwrap(),
            outings::table.count().get_result(conn).unwrap(),
        )
    };
    let tallies_before = tallies::stored(&mut conn).unwrap();
    assert!(answer_rows(&mut conn).0 > 0);
    let now = portevoix::clock::now_ms();

    // Today: only what was captured more than 12 months ago goes; the survey closed today.
    let dry = retention::purge(&mut conn, 12, now, true).unwrap();
    assert_eq!((dry.responses, dry.testimonies, dry.outings), (0, 1, 1));
    assert!(dry.dry_run);
    assert_eq!(count(&mut conn), (3, 2, 2), "a dry run removes nothing");
    let done = retention::purge(&mut conn, 12, now, false).unwrap();
    assert_eq!((done.responses, done.testimonies, done.outings), (0, 1, 1));
    assert_eq!(count(&mut conn), (3, 1, 1));

    // Twelve months and a day later: the closed survey's answers go, and so does the open
    // one's, captured more than twelve months before (an open survey keeps nothing for ever).
    let later = now + 366 * DAY_MS;
    let dry = retention::purge(&mut conn, 12, later, true).unwrap();
    assert_eq!((dry.responses, dry.testimonies, dry.outings), (3, 1, 1));
    retention::purge(&mut conn, 12, later, false).unwrap();
    assert_eq!(count(&mut conn), (0, 0, 0));
    assert_eq!(
        answer_rows(&mut conn),
        (0, 0),
        "no answer outlives its response"
    );
    assert_eq!(
        tallies::stored(&mut conn).unwrap(),
        tallies_before,
        "aggregates are kept"
    );
    drop(conn);
    let audit = app
        .get("/api/v1/audit?action=retention.purge", &app.admin)
        .await;
    assert_eq!(
        audit.body["entries"].as_array().unwrap().len(),
        2,
        "{}",
        audit.body
    );

    // The preview endpoint is a dry run at the real clock (administrators only).
    let preview = app.get("/api/v1/retention/preview", &app.admin).await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert_eq!(preview.body["dry_run"], true);
    assert_eq!(preview.body["retention_months"], 12);
}

#[tokio::test]
async fn the_scheduled_purge_runs_once_per_interval_across_instances() {
    let app = spawn_app().await;
    let url = app.db.url().to_owned();
    tokio::task::spawn_blocking(move || {
        let settings = crate::helpers::test_settings(&url);
        let interval = settings.purge_interval_minutes * 60_000;
        // Two pools: two server instances sharing the database.
        let (a, b) = (pool(&url), pool(&url));
        let (mut a, mut b) = (a.get().unwrap(), b.get().unwrap());
        let now = portevoix::clock::now_ms();
        assert!(retention::run_scheduled(&mut a, &settings, now)
            .unwrap()
            .is_some());
        assert!(retention::run_scheduled(&mut b, &settings, now + 1_000)
            .unwrap()
            .is_none());
        assert!(
            retention::run_scheduled(&mut a, &settings, now + interval / 2)
                .unwrap()
                .is_none()
        );
        assert!(retention::run_scheduled(&mut b, &settings, now + interval)
            .unwrap()
            .is_some());
        assert!(
            retention::run_scheduled(&mut a, &settings, now + interval + 1)
                .unwrap()
                .is_none()
        );
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn purge_dry_run_from_the_command_line() {
    let app = spawn_app().await;
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_portevoix"))
        .current_dir(app.db.work_dir())
        .args(["purge", "--dry-run", "--database", app.db.url()])
        .env_remove("PORTEVOIX_DATABASE_URL")
        .env("PORTEVOIX_RETENTION_MONTHS", "6")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("retention 6 months"), "{stdout}");
    assert!(stdout.contains("would remove 0 answer set(s)"), "{stdout}");
}
