use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{sample_survey, spawn_app};

#[tokio::test]
async fn survey_lifecycle_draft_publish_open_close() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let created = app
        .post("/api/v1/surveys", &app.admin, &sample_survey())
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.body["status"], "draft");
    assert_eq!(created.body["current_version"], serde_json::Value::Null);
    let id = created.body["id"].as_i64().unwrap();

    let open_too_early = app
        .post(
            &format!("/api/v1/surveys/{id}/open"),
            &app.admin,
            &json!({}),
        )
        .await;
    assert_eq!(open_too_early.status, StatusCode::CONFLICT);
    assert_eq!(open_too_early.error_code(), "not_published");

    let v1 = app
        .post(
            &format!("/api/v1/surveys/{id}/publish"),
            &app.admin,
            &json!({}),
        )
        .await;
    assert_eq!(v1.body["current_version"]["version"], 1);
    let unchanged = app
        .post(
            &format!("/api/v1/surveys/{id}/publish"),
            &app.admin,
            &json!({}),
        )
        .await;
    assert_eq!(unchanged.status, StatusCode::CONFLICT);

    let no_quartier = app
        .post(
            &format!("/api/v1/surveys/{id}/open"),
            &app.admin,
            &json!({}),
        )
        .await;
    assert_eq!(no_quartier.error_code(), "no_quartier");
    app.put(
        &format!("/api/v1/surveys/{id}/quartiers"),
        &app.admin,
        &json!({"quartier_ids": [bellevue]}),
    )
    .await;
    let opened = app
        .post(
            &format!("/api/v1/surveys/{id}/open"),
            &app.admin,
            &json!({}),
        )
        .await;
    assert_eq!(opened.body["status"], "open");

    // Editing an open survey makes a new version; version 1 stays as it was.
    let mut edited = sample_survey();
    edited["title"] = json!("Transports (v2)");
    let draft = app
        .put(&format!("/api/v1/surveys/{id}"), &app.admin, &edited)
        .await;
    assert_eq!(draft.body["draft"]["title"], "Transports (v2)");
    assert_eq!(
        draft.body["current_version"]["definition"]["title"],
        "Transports à Bellevue"
    );
    let v2 = app
        .post(
            &format!("/api/v1/surveys/{id}/publish"),
            &app.admin,
            &json!({}),
        )
        .await;
    assert_eq!(v2.body["current_version"]["version"], 2);
    assert_eq!(
        v2.body["current_version"]["definition"]["title"],
        "Transports (v2)"
    );

    let closed = app
        .post(
            &format!("/api/v1/surveys/{id}/close"),
            &app.admin,
            &json!({}),
        )
        .await;
    assert_eq!(closed.body["status"], "closed");
    let edit_closed = app
        .put(&format!("/api/v1/surveys/{id}"), &app.admin, &edited)
        .await;
    assert_eq!(edit_closed.status, StatusCode::CONFLICT);
    assert_eq!(
        app.get(&format!("/api/v1/surveys/{id}"), &app.admin)
            .await
            .body["status"],
        "closed"
    );
    assert_eq!(
        app.get("/api/v1/surveys", &app.admin)
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn invalid_definitions_cannot_be_published() {
    let app = spawn_app().await;
    let mut bad = sample_survey();
    bad["questions"][1]["show_if"] = json!({"question": "idee", "any_of": ["x"]});
    let created = app.post("/api/v1/surveys", &app.admin, &bad).await;
    assert_eq!(
        created.status,
        StatusCode::CREATED,
        "drafts may be incomplete"
    );
    let id = created.body["id"].as_i64().unwrap();
    let publish = app
        .post(
            &format!("/api/v1/surveys/{id}/publish"),
            &app.admin,
            &json!({}),
        )
        .await;
    assert_eq!(publish.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(publish.error_code(), "invalid_definition");
    assert_eq!(
        publish.body["error"]["field"],
        "questions[1].show_if.question"
    );

    let unknown_type =
        json!({"title": "T", "questions": [{"code": "q", "label": "Q", "type": "essay"}]});
    let reply = app.post("/api/v1/surveys", &app.admin, &unknown_type).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    let untitled = app
        .post(
            "/api/v1/surveys",
            &app.admin,
            &json!({"title": "", "questions": []}),
        )
        .await;
    assert_eq!(untitled.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(untitled.body["error"]["field"], "title");
    let missing = app.get("/api/v1/surveys/424242", &app.admin).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let unknown_quartier = app
        .put(
            &format!("/api/v1/surveys/{id}/quartiers"),
            &app.admin,
            &json!({"quartier_ids": [424242]}),
        )
        .await;
    assert_eq!(unknown_quartier.status, StatusCode::UNPROCESSABLE_ENTITY);
}
