//! Enrolment refusals say which (issue 12 §5): an unknown, a used and an expired code, and a code
//! of a disabled account, each with its own error code, so the phone tells the volunteer what to
//! do. And the codebook the phones pull carries English theme labels, which coordinators set.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{spawn_app, Reply, TestApp};

async fn enrol(app: &TestApp, code: &str) -> Reply {
    TestApp::send(
        app.request(Method::POST, "/api/v1/auth/enrol", None)
            .json(&json!({"code": code})),
    )
    .await
}

async fn new_code(app: &TestApp, coordinator: &str, user_id: i64) -> String {
    let created = app
        .post(
            "/api/v1/devices/enrolments",
            coordinator,
            &json!({"user_id": user_id}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    created.body["code"].as_str().unwrap().to_owned()
}

/// Moves every unused enrolment code's expiry into the past (time passing, without sleeping).
fn expire_codes(database_url: &str) {
    use diesel::prelude::*;
    use portevoix::db::schema::enrolments;
    let mut conn = crate::helpers::pool(database_url).get().unwrap();
    diesel::update(enrolments::table.filter(enrolments::used_at.is_null()))
        .set(enrolments::expires_at.eq(1_i64))
        .execute(&mut conn)
        .unwrap();
}

#[tokio::test]
async fn each_refused_code_says_why() {
    let app = spawn_app().await;
    let (volunteer_id, _) = app.user("volunteer", None).await;
    let (_, coordinator) = app.user("coordinator", None).await;

    let unknown = enrol(&app, "ZZZZ-ZZZZ").await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED, "{}", unknown.body);
    assert_eq!(unknown.error_code(), "enrol_code_unknown");

    let code = new_code(&app, &coordinator, volunteer_id).await;
    let first = enrol(&app, &code).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let again = enrol(&app, &code).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED, "{}", again.body);
    assert_eq!(again.error_code(), "enrol_code_used");

    let code = new_code(&app, &coordinator, volunteer_id).await;
    expire_codes(app.db.url());
    let expired = enrol(&app, &code).await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED, "{}", expired.body);
    assert_eq!(expired.error_code(), "enrol_code_expired");

    let code = new_code(&app, &coordinator, volunteer_id).await;
    let disabled = app
        .patch(
            &format!("/api/v1/users/{volunteer_id}"),
            &app.admin,
            &json!({"active": false}),
        )
        .await;
    assert_eq!(disabled.status, StatusCode::OK, "{}", disabled.body);
    let inactive = enrol(&app, &code).await;
    assert_eq!(
        inactive.status,
        StatusCode::UNAUTHORIZED,
        "{}",
        inactive.body
    );
    assert_eq!(inactive.error_code(), "enrol_account_inactive");
    // Refusals are answered as 401s should be.
    assert_eq!(
        inactive
            .headers
            .get("www-authenticate")
            .map(|v| v.to_str().unwrap()),
        Some("Bearer")
    );
}

#[tokio::test]
async fn themes_carry_their_english_label() {
    let app = spawn_app().await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let themes = app.get("/api/v1/themes", &volunteer).await;
    assert_eq!(themes.status, StatusCode::OK, "{}", themes.body);
    let labels: Vec<(String, Option<String>)> = themes
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["code"].as_str().unwrap().to_owned(),
                t["label_en"].as_str().map(str::to_owned),
            )
        })
        .collect();
    assert!(labels.iter().all(|(_, en)| en.is_some()), "{labels:?}");
    assert!(labels.contains(&("logement".to_owned(), Some("Housing".to_owned()))));
    // What the phones pull is the same codebook.
    let pulled = app.get("/api/v1/sync/pull?cursor=0", &volunteer).await;
    assert_eq!(pulled.status, StatusCode::OK, "{}", pulled.body);
    assert!(pulled.body["themes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["code"] == "mobilite" && t["label_en"] == "Transport and getting around"));
}

#[tokio::test]
async fn coordinators_set_and_remove_a_theme_s_english_label() {
    let app = spawn_app().await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let theme = json!({"code": "jardins", "label": "Jardins partagés", "label_en": " Shared gardens ", "keywords": ["potager"]});
    let created = app.post("/api/v1/themes", &app.admin, &theme).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.body["label_en"], "Shared gardens");

    // Without label_en (an older editor), the English label stays.
    let renamed = json!({"label": "Jardins et potagers", "keywords": ["potager"]});
    let reply = app
        .put("/api/v1/themes/jardins", &app.admin, &renamed)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.body["label_en"], "Shared gardens");

    let english = json!({"label": "Jardins et potagers", "label_en": "Gardens and allotments", "keywords": ["potager"]});
    let reply = app
        .put("/api/v1/themes/jardins", &app.admin, &english)
        .await;
    assert_eq!(
        reply.body["label_en"], "Gardens and allotments",
        "{}",
        reply.body
    );
    // The phones pull the change.
    let pulled = app.get("/api/v1/sync/pull?cursor=0", &volunteer).await;
    assert!(pulled.body["themes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["code"] == "jardins" && t["label_en"] == "Gardens and allotments"));

    let too_long = json!({"label": "Jardins", "label_en": "g".repeat(101), "keywords": []});
    let reply = app
        .put("/api/v1/themes/jardins", &app.admin, &too_long)
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert_eq!(reply.error_code(), "invalid_label_en");
    assert_eq!(reply.body["error"]["field"], "label_en");

    // Empty removes it: the French label is shown then.
    let removed =
        json!({"label": "Jardins et potagers", "label_en": "  ", "keywords": ["potager"]});
    let reply = app
        .put("/api/v1/themes/jardins", &app.admin, &removed)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.get("label_en").is_none(), "{}", reply.body);
}
