//! The outside security review (issue 13), data at rest and in exports, logs and the pull: one
//! test per finding, named after it, each failing without its fix.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a panic is a failure"
)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use diesel::prelude::*;
use portevoix::db::schema::{responses, settings as settings_table};
use portevoix::services::privacy::retention;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{
    backend, pool, response_item, sample_answers, spawn_app, spawn_with, test_settings,
    testimony_item, TestApp, TestDb, ADMIN_EMAIL, ADMIN_PASSWORD, JWT_SECRET, PASSWORD,
};

const DAY_MS: i64 = 24 * 3600 * 1000;

async fn text(app: &TestApp, path: &str) -> String {
    let response = app
        .request(Method::GET, path, Some(&app.admin))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.text().await.unwrap()
}

/// No field of a CSV body starts with `payload`; its guarded form is there.
fn guarded(body: &str, payload: &str) {
    for lead in [",", ";", "\"", "\n"] {
        assert!(
            !body.contains(&format!("{lead}{payload}")),
            "{payload:?} passes through: {body}"
        );
    }
    assert!(
        body.contains(&format!("'{payload}")),
        "{payload:?} missing: {body}"
    );
}

/// Finding 3: formulas passed through the default CSV export (only `format=excel` was
/// guarded): in responses, testimonies and outings (note, volunteer name).
#[tokio::test]
async fn finding_03_formulas_pass_through_the_default_csv_export() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let (survey, version) = app.open_survey(&[bellevue]).await;
    let created = app
        .post(
            "/api/v1/users",
            &app.admin,
            &json!({"email": "formule@test.local", "display_name": "-2+3+cmd|' /C calc'!A0",
                    "role": "volunteer", "password": PASSWORD}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let volunteer = app.login("formule@test.local", PASSWORD).await;
    let mut answer = response_item(
        version,
        bellevue,
        json!({"mode": "tram", "note": 4, "idee": "=HYPERLINK(\"http://x.example\",\"clic\")"}),
    );
    answer["place"] = json!("@SUM(1+1)");
    let testimony = testimony_item(bellevue, "+cmd|' /C calc'!A0 le tram est plein");
    let outing = json!({"id": Uuid::now_v7(), "quartier_id": bellevue, "place": "＝1+1",
        "started_at": chrono::Utc::now(), "approached": 3, "answered": 1, "note": "@SUM(2)"});
    app.push_new(
        &volunteer,
        &[
            ("response", answer),
            ("testimony", testimony),
            ("outing", outing),
        ],
    )
    .await;

    let answers = text(
        &app,
        &format!("/api/v1/exports/responses?survey_id={survey}"),
    )
    .await;
    guarded(&answers, "=HYPERLINK(");
    guarded(&answers, "@SUM(1+1)");
    let testimonies = text(
        &app,
        "/api/v1/exports/testimonies?approved_only=false&original=true",
    )
    .await;
    guarded(&testimonies, "+cmd|");
    let outings = text(&app, "/api/v1/exports/outings").await;
    guarded(&outings, "-2+3+cmd|");
    guarded(&outings, "＝1+1");
    guarded(&outings, "@SUM(2)");
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Finding 4: the database, its WAL and its backups were world-readable, and the signing key
/// sat in the database, so a backup's reader could sign an admin token. Now files are 0600,
/// folders 0700, and the key lives in a 0600 key file (moved there from an older database).
#[cfg(unix)]
#[tokio::test]
async fn finding_04_the_database_and_its_backups_are_world_readable_and_hold_the_signing_key() {
    let keys = tempfile::tempdir().unwrap();
    let key_file = keys.path().join("keys").join("portevoix.key");
    let key_path = key_file.clone();
    let app = spawn_with(move |s| {
        s.jwt_secret = None;
        s.key_file = Some(key_path);
    })
    .await;
    assert_eq!(mode(&key_file), 0o600);
    assert_eq!(mode(key_file.parent().unwrap()), 0o700);
    let key = std::fs::read_to_string(&key_file).unwrap();
    assert!(key.trim().len() >= 32);
    let mut conn = pool(app.db.url()).get().unwrap();
    let stored: i64 = settings_table::table
        .filter(settings_table::value.eq(key.trim()))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(stored, 0, "the key is not in the database");

    // A database from before: the key in `settings`, no key file. It moves out on start.
    let legacy = "legacy-key-legacy-key-legacy-key-0123456789";
    diesel::insert_into(settings_table::table)
        .values((
            settings_table::key.eq("jwt_secret"),
            settings_table::value.eq(legacy),
        ))
        .execute(&mut conn)
        .unwrap();
    std::fs::remove_file(&key_file).unwrap();
    let mut settings = test_settings(app.db.url());
    settings.jwt_secret = None;
    settings.key_file = Some(key_file.clone());
    tokio::task::spawn_blocking(move || portevoix::startup::prepare(settings).map(|_| ()))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(std::fs::read_to_string(&key_file).unwrap().trim(), legacy);
    assert_eq!(mode(&key_file), 0o600);
    let rows: i64 = settings_table::table
        .filter(settings_table::key.eq("jwt_secret"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(rows, 0, "the legacy row is deleted");

    if backend() == "sqlite" {
        let path = app.db.url().trim_start_matches("sqlite://").to_owned();
        for file in [path.clone(), format!("{path}-wal")] {
            assert_eq!(mode(std::path::Path::new(&file)), 0o600, "{file}");
        }
        let target = keys.path().join("backups").join("copy.db");
        let output = Command::new(env!("CARGO_BIN_EXE_portevoix"))
            .current_dir(app.db.work_dir())
            .args(["backup", "--database", app.db.url(), "--to"])
            .arg(&target)
            .env_remove("PORTEVOIX_DATABASE_URL")
            .env("PORTEVOIX_KEY_FILE", &key_file)
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        assert_eq!(mode(&target), 0o600);
        assert_eq!(mode(target.parent().unwrap()), 0o700);
    }
}

/// Finding 4, rotation: `portevoix keys rotate` writes a new key and ends every session at
/// once; accounts and data stay.
#[tokio::test]
async fn finding_04_keys_rotate_ends_every_session_and_keeps_the_rest() {
    let keys = tempfile::tempdir().unwrap();
    let key_file = keys.path().join("portevoix.key");
    let key_path = key_file.clone();
    let app = spawn_with(move |s| {
        s.jwt_secret = None;
        s.key_file = Some(key_path);
    })
    .await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let session = app.login_reply(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let before = std::fs::read_to_string(&key_file).unwrap();
    let users_before = app.get("/api/v1/users", &app.admin).await.body;

    let output = Command::new(env!("CARGO_BIN_EXE_portevoix"))
        .current_dir(app.db.work_dir())
        .args(["keys", "rotate", "--database", app.db.url()])
        .env_remove("PORTEVOIX_DATABASE_URL")
        .env_remove("PORTEVOIX_JWT_SECRET")
        .env("PORTEVOIX_KEY_FILE", &key_file)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_ne!(std::fs::read_to_string(&key_file).unwrap(), before);

    assert_eq!(
        app.get("/api/v1/auth/me", &volunteer).await.status,
        StatusCode::UNAUTHORIZED
    );
    let refreshed =
        crate::auth::refresh(&app, session.body["refresh_token"].as_str().unwrap()).await;
    assert_eq!(refreshed.status, StatusCode::UNAUTHORIZED);
    // Signing in again works, and nothing else was lost.
    let admin = app.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    assert_eq!(app.get("/api/v1/users", &admin).await.body, users_before);

    // With the key in the environment the command refuses and says where to change it.
    let output = Command::new(env!("CARGO_BIN_EXE_portevoix"))
        .current_dir(app.db.work_dir())
        .args(["keys", "rotate", "--database", app.db.url()])
        .env_remove("PORTEVOIX_DATABASE_URL")
        .env("PORTEVOIX_JWT_SECRET", JWT_SECRET)
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("PORTEVOIX_JWT_SECRET"));
}

/// Finding 11: answer sets of surveys that stay open were never purged (retention counted
/// from the closing). Now an open survey's answers go `retention_months` after capture.
#[tokio::test]
async fn finding_11_answer_sets_of_surveys_that_stay_open_are_never_purged() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let (_, version) = app.open_survey(&[bellevue]).await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let mut old = response_item(version, bellevue, sample_answers());
    old["captured_at"] = json!(chrono::Utc::now() - chrono::Duration::days(400));
    let recent = response_item(version, bellevue, sample_answers());
    let recent_id = recent["id"].as_str().unwrap().to_owned();
    app.push_new(&volunteer, &[("response", old), ("response", recent)])
        .await;

    let mut conn = pool(app.db.url()).get().unwrap();
    let now = portevoix::clock::now_ms();
    let report = retention::purge(&mut conn, 12, now, false).unwrap();
    assert_eq!(report.responses, 1);
    let kept: Vec<String> = responses::table
        .select(responses::id)
        .load(&mut conn)
        .unwrap();
    assert_eq!(kept, vec![recent_id]);
}

/// Finding 13: every 4xx was logged with its full path and query, receipt codes included, and
/// the audit log kept receipt codes for ever.
#[tokio::test]
async fn finding_13_logs_keep_what_they_should_not() {
    let db = TestDb::new();
    let logs = tempfile::tempdir().unwrap();
    let log_path = logs.path().join("server.log");
    let log = std::fs::File::create(&log_path).unwrap();
    let mut child = db
        .serve_command()
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let base = loop {
        let line = lines.next().expect("server output").unwrap();
        if let Some(address) = line.strip_prefix("listening on ") {
            break address.trim().to_owned();
        }
    };
    let client = reqwest::Client::new();
    let session: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let admin = session["access_token"].as_str().unwrap();
    let lookup = client
        .get(format!("{base}/api/v1/receipts/K7QX-2M9D?code=W4RT-8PZC"))
        .bearer_auth(admin)
        .send()
        .await
        .unwrap();
    assert_eq!(lookup.status(), StatusCode::NOT_FOUND);
    let anonymous = client
        .delete(format!("{base}/api/v1/receipts/H3NB-6QKD"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let _ = child.kill();
    let _ = child.wait();
    let written = std::fs::read_to_string(&log_path).unwrap();
    assert!(
        written.contains("/api/v1/receipts/{code}"),
        "the 4xx are still logged: {written}"
    );
    for code in ["K7QX", "W4RT", "H3NB"] {
        assert!(!written.contains(code), "{code} in the log: {written}");
    }

    // The audit log names the code of an erasure only until the retention period is over.
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let (_, version) = app.open_survey(&[bellevue]).await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let mut item = response_item(version, bellevue, sample_answers());
    item["receipt_code"] = json!("K7QX2M9D");
    app.push_new(&volunteer, &[("response", item)]).await;
    let erased = TestApp::send(app.request(
        Method::DELETE,
        "/api/v1/receipts/K7QX-2M9D",
        Some(&app.admin),
    ))
    .await;
    assert_eq!(erased.status, StatusCode::OK, "{}", erased.body);
    let audit = app
        .get("/api/v1/audit?action=item.erased", &app.admin)
        .await;
    assert_eq!(audit.body["entries"][0]["target"], "receipt:K7QX2M9D");
    let mut conn = pool(app.db.url()).get().unwrap();
    retention::purge(
        &mut conn,
        12,
        portevoix::clock::now_ms() + 400 * DAY_MS,
        false,
    )
    .unwrap();
    let audit = app
        .get("/api/v1/audit?action=item.erased", &app.admin)
        .await;
    assert_eq!(audit.body["entries"].as_array().unwrap().len(), 1);
    assert!(!audit.body.to_string().contains("K7QX"), "{}", audit.body);
}

/// Finding 14, second part: the pull sent every collector the tombstones of other volunteers'
/// erased items. Now only their owner's phones get them.
#[tokio::test]
async fn finding_14_the_pull_sends_every_collector_the_tombstones_of_others_items() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let (_, author) = app.user("volunteer", None).await;
    let (_, other) = app.user("volunteer", None).await;
    let mut item = testimony_item(bellevue, "Les bancs manquent au square.");
    item["receipt_code"] = json!("K7QX2M9D");
    let id = item["id"].as_str().unwrap().to_owned();
    app.push_new(&author, &[("testimony", item)]).await;
    let erased = TestApp::send(app.request(
        Method::DELETE,
        "/api/v1/receipts/K7QX2M9D",
        Some(&app.admin),
    ))
    .await;
    assert_eq!(erased.status, StatusCode::OK, "{}", erased.body);
    let tombstones = |body: Value| -> Vec<String> {
        body["tombstones"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let own = app.get("/api/v1/sync/pull?cursor=0", &author).await;
    assert!(tombstones(own.body).contains(&id));
    let others = app.get("/api/v1/sync/pull?cursor=0", &other).await;
    assert!(!tombstones(others.body).contains(&id));
}
