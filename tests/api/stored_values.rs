//! A text column holding a value its enum does not know (a corrupted row, a hand edit gone
//! wrong) is an error answered as a 500, never read as some default status, consent or role.

use diesel::connection::SimpleConnection;
use reqwest::StatusCode;
use serde_json::Value;

use crate::fixtures::testimony;
use crate::helpers::{backend, pool, spawn_app, testimony_item, TestApp};

/// Writes `sql` straight into the test's database, behind the server's back, past the CHECK
/// constraint of `table.column` (as a row restored from a newer version's backup would be).
fn corrupt(app: &TestApp, table: &str, column: &str, sql: &str) {
    let pool = pool(app.db.url());
    let mut conn = pool.get().unwrap();
    if backend() == "postgres" {
        conn.batch_execute(&format!(
            "ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {table}_{column}_check"
        ))
        .unwrap();
        conn.batch_execute(sql).unwrap();
    } else {
        conn.batch_execute(&format!("PRAGMA ignore_check_constraints = ON; {sql}"))
            .unwrap();
    }
}

fn assert_internal(status: StatusCode, body: &Value) {
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    assert_eq!(body["error"]["code"], "internal", "{body}");
    // The cause is logged, not sent.
    assert!(
        !body.to_string().contains("archived") && !body.to_string().contains("bogus"),
        "{body}"
    );
}

#[tokio::test]
async fn an_unknown_survey_status_is_an_error_not_closed() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let (survey, version) = app.open_survey(&[bellevue]).await;
    corrupt(
        &app,
        "surveys",
        "status",
        &format!("UPDATE surveys SET status = 'archived' WHERE id = {survey}"),
    );
    let reply = app
        .get(&format!("/api/v1/surveys/{survey}"), &app.admin)
        .await;
    assert_internal(reply.status, &reply.body);
    // The ingest used to take it for a closed survey and refuse the answers as such.
    let (_, token) = app.user("volunteer", None).await;
    let item = crate::helpers::response_item(version, bellevue, crate::helpers::sample_answers());
    let body =
        serde_json::json!({"device_id": null, "items": [{"kind": "response", "item": item}]});
    let reply = app.post("/api/v1/sync/push", &token, &body).await;
    assert_internal(reply.status, &reply.body);
}

#[tokio::test]
async fn an_unknown_moderation_status_or_consent_is_an_error_not_a_default() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let (_, token) = app.user("volunteer", None).await;
    let id = testimony(
        &app,
        &token,
        testimony_item(bellevue, "Il manque des bancs au square."),
    )
    .await;
    let path = format!("/api/v1/moderation/testimonies/{id}");
    let reply = app.get(&path, &app.admin).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.body["status"], "pending");

    corrupt(
        &app,
        "testimonies",
        "status",
        &format!("UPDATE testimonies SET status = 'bogus' WHERE id = '{id}'"),
    );
    let reply = app.get(&path, &app.admin).await;
    assert_internal(reply.status, &reply.body);
    // The volunteer's pull used to leave it out silently.
    let reply = app.get("/api/v1/sync/pull?cursor=0", &token).await;
    assert_internal(reply.status, &reply.body);

    corrupt(
        &app,
        "testimonies",
        "consent",
        &format!("UPDATE testimonies SET status = 'pending', consent = 'bogus' WHERE id = '{id}'"),
    );
    let reply = app.get(&path, &app.admin).await;
    assert_internal(reply.status, &reply.body);

    // No CHECK constraint on age bands: a value from a newer version's list, say.
    corrupt(
        &app,
        "testimonies",
        "age_band",
        &format!(
            "UPDATE testimonies SET consent = 'quote', age_band = 'bogus_90' WHERE id = '{id}'"
        ),
    );
    let reply = app.get(&path, &app.admin).await;
    assert_internal(reply.status, &reply.body);

    corrupt(
        &app,
        "testimonies",
        "age_band",
        &format!("UPDATE testimonies SET age_band = NULL WHERE id = '{id}'"),
    );
    let reply = app.get(&path, &app.admin).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
}

#[tokio::test]
async fn an_unknown_role_is_an_error() {
    let app = spawn_app().await;
    let (user, token) = app.user("volunteer", None).await;
    let reply = app.get("/api/v1/auth/me", &token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    corrupt(
        &app,
        "users",
        "role",
        &format!("UPDATE users SET role = 'bogus' WHERE id = {user}"),
    );
    let reply = app.get("/api/v1/auth/me", &token).await;
    assert_internal(reply.status, &reply.body);
}
