use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{response_item, sample_answers, spawn_app, testimony_item};

#[tokio::test]
async fn answers_are_stored_once_by_id() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let (_, version) = app.open_survey(&[bellevue]).await;
    let (_, volunteer) = app.user("volunteer", None).await;

    let item = response_item(version, bellevue, sample_answers());
    let first = app.post("/api/v1/responses", &volunteer, &item).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(first.body["status"], "created");
    let again = app.post("/api/v1/responses", &volunteer, &item).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body["status"], "duplicate");
    let mut changed = item.clone();
    changed["answers"]["note"] = json!(2);
    let conflict = app.post("/api/v1/responses", &volunteer, &changed).await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    assert_eq!(conflict.error_code(), "conflict");
}

#[tokio::test]
async fn answers_are_validated_by_the_domain_rules() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let malakoff = app.quartier_id("malakoff").await;
    let (survey, version) = app.open_survey(&[bellevue]).await;
    let (_, volunteer) = app.user("volunteer", None).await;

    let cases = [
        (
            response_item(version, bellevue, json!({"note": 4})),
            "invalid_answer",
            "answers.mode",
        ),
        (
            response_item(version, bellevue, json!({"mode": "velo", "note": 4})),
            "invalid_answer",
            "answers.mode",
        ),
        (
            response_item(
                version,
                bellevue,
                json!({"mode": "pied", "attente": true, "note": 4}),
            ),
            "invalid_answer",
            "answers.attente",
        ),
        (
            response_item(version, bellevue, json!({"mode": "bus", "note": 9})),
            "invalid_answer",
            "answers.note",
        ),
        (
            response_item(
                version,
                bellevue,
                json!({"mode": "bus", "note": 3, "idee": "x".repeat(2001)}),
            ),
            "invalid_answer",
            "answers.idee",
        ),
        (
            response_item(version, malakoff, sample_answers()),
            "quartier_not_assigned",
            "quartier_id",
        ),
        (
            response_item(version + 1000, bellevue, sample_answers()),
            "unknown_survey_version",
            "survey_version_id",
        ),
    ];
    for (item, code, field) in cases {
        let reply = app.post("/api/v1/responses", &volunteer, &item).await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{item}: {}",
            reply.body
        );
        assert_eq!(reply.error_code(), code);
        assert_eq!(reply.body["error"]["field"], field);
    }
    let mut future = response_item(version, bellevue, sample_answers());
    future["captured_at"] = json!("2099-01-01T00:00:00Z");
    assert_eq!(
        app.post("/api/v1/responses", &volunteer, &future)
            .await
            .error_code(),
        "time_in_future"
    );
    let mut wrong_type = response_item(version, bellevue, sample_answers());
    wrong_type["quartier_id"] = json!("bellevue");
    let reply = app.post("/api/v1/responses", &volunteer, &wrong_type).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.body["error"]["code"], "invalid_json");

    app.post(
        &format!("/api/v1/surveys/{survey}/close"),
        &app.admin,
        &json!({}),
    )
    .await;
    let closed = app
        .post(
            "/api/v1/responses",
            &volunteer,
            &response_item(version, bellevue, sample_answers()),
        )
        .await;
    assert_eq!(closed.error_code(), "survey_not_open");
}

#[tokio::test]
async fn council_members_cannot_submit_items() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let council = app.council_id("Conseil citoyen de Bellevue").await;
    let (_, version) = app.open_survey(&[bellevue]).await;
    let (_, member) = app.user("council_member", Some(council)).await;
    let reply = app
        .post(
            "/api/v1/responses",
            &member,
            &response_item(version, bellevue, sample_answers()),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let reply = app
        .post(
            "/api/v1/testimonies",
            &member,
            &testimony_item(bellevue, "Le tram est toujours plein."),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn testimonies_are_checked_and_idempotent() {
    let app = spawn_app().await;
    let dervallieres = app.quartier_id("dervallieres").await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let item = testimony_item(
        dervallieres,
        "Il y a de l'humidité dans ma salle de bain et le bailleur ne fait rien.",
    );
    assert_eq!(
        app.post("/api/v1/testimonies", &volunteer, &item)
            .await
            .status,
        StatusCode::CREATED
    );
    assert_eq!(
        app.post("/api/v1/testimonies", &volunteer, &item)
            .await
            .body["status"],
        "duplicate"
    );

    let mut empty = testimony_item(dervallieres, "   ");
    assert_eq!(
        app.post("/api/v1/testimonies", &volunteer, &empty)
            .await
            .error_code(),
        "invalid_text"
    );
    empty = testimony_item(dervallieres, "Trop de voitures");
    empty["themes"] = json!(["not_a_theme"]);
    assert_eq!(
        app.post("/api/v1/testimonies", &volunteer, &empty)
            .await
            .error_code(),
        "unknown_theme"
    );
    let mut consent = testimony_item(dervallieres, "Trop de voitures");
    consent["consent"] = json!("maybe");
    assert_eq!(
        app.post("/api/v1/testimonies", &volunteer, &consent)
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    let mut receipt = testimony_item(dervallieres, "Trop de voitures");
    receipt["receipt_code"] = json!("0000-OOOO");
    assert_eq!(
        app.post("/api/v1/testimonies", &volunteer, &receipt)
            .await
            .error_code(),
        "invalid_receipt_code"
    );
    let unknown = testimony_item(424242, "Trop de voitures");
    assert_eq!(
        app.post("/api/v1/testimonies", &volunteer, &unknown)
            .await
            .error_code(),
        "unknown_quartier"
    );
    let mut foreign = testimony_item(dervallieres, "Trop de voitures");
    foreign["device_id"] = json!(uuid::Uuid::now_v7());
    assert_eq!(
        app.post("/api/v1/testimonies", &volunteer, &foreign)
            .await
            .error_code(),
        "foreign_device"
    );
}

/// Issue 12 §3: more people who answered than people approached is refused, on the server too.
#[tokio::test]
async fn an_outing_with_more_answers_than_people_approached_is_refused() {
    let app = spawn_app().await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let bellevue = app.quartier_id("bellevue").await;
    let outing = |approached: u32, answered: u32| {
        serde_json::json!({"id": uuid::Uuid::now_v7(), "quartier_id": bellevue, "place": "marché",
            "started_at": chrono::Utc::now(), "approached": approached, "answered": answered})
    };
    let results = app
        .push(
            &volunteer,
            &[("outing", outing(5, 7)), ("outing", outing(5, 5))],
        )
        .await;
    assert_eq!(results[0]["status"], "rejected", "{}", results[0]);
    assert_eq!(results[0]["code"], "invalid_count");
    assert_eq!(results[0]["field"], "answered");
    assert_eq!(results[1]["status"], "created", "{}", results[1]);
}
