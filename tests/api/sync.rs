use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{push_body, response_item, sample_answers, spawn_app, testimony_item};

#[tokio::test]
async fn one_result_per_item_and_one_bad_item_sinks_nothing() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let (_, version) = app.open_survey(&[bellevue]).await;
    let (_, volunteer) = app.user("volunteer", None).await;

    let good = response_item(version, bellevue, sample_answers());
    let stored_first = response_item(version, bellevue, sample_answers());
    assert_eq!(
        app.post("/api/v1/responses", &volunteer, &stored_first)
            .await
            .status,
        StatusCode::CREATED
    );
    let mut conflicting = stored_first.clone();
    conflicting["answers"]["note"] = json!(1);
    let invalid = response_item(version, bellevue, json!({"mode": "velo", "note": 3}));
    let outing = json!({"id": Uuid::now_v7(), "quartier_id": bellevue, "place": "marché", "started_at": chrono::Utc::now(),
                        "ended_at": chrono::Utc::now(), "approached": 14, "answered": 9});
    let body = push_body(&[
        ("response", good.clone()),
        ("response", stored_first.clone()),
        ("response", conflicting),
        ("response", invalid),
        ("testimony", json!({"id": Uuid::now_v7(), "text": 12})),
        ("spaceship", json!({"id": Uuid::now_v7()})),
        (
            "testimony",
            testimony_item(bellevue, "Les bus 23 et C3 passent trop rarement le soir."),
        ),
        ("outing", outing),
    ]);
    let reply = app.post("/api/v1/sync/push", &volunteer, &body).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let results = reply.body["results"].as_array().unwrap();
    let statuses: Vec<&str> = results
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        [
            "created",
            "duplicate",
            "conflict",
            "rejected",
            "rejected",
            "rejected",
            "created",
            "created"
        ]
    );
    assert_eq!(results[3]["code"], "invalid_answer");
    assert_eq!(results[3]["field"], "answers.mode");
    assert_eq!(results[4]["code"], "malformed_item");
    assert!(
        results[4]["id"].is_string(),
        "the id is reported when it could be read"
    );
    assert_eq!(results[0]["id"], good["id"]);
    for (i, result) in results.iter().enumerate() {
        assert_eq!(result["index"], i);
        if result["status"] == "rejected" {
            assert!(
                result["message"].as_str().unwrap().len() > 5,
                "rejections carry a French message"
            );
        }
    }

    // Sending the same batch again changes nothing: every good item is now a duplicate.
    let again = app.post("/api/v1/sync/push", &volunteer, &body).await;
    let statuses: Vec<&str> = again.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        [
            "duplicate",
            "duplicate",
            "conflict",
            "rejected",
            "rejected",
            "rejected",
            "duplicate",
            "duplicate"
        ]
    );

    let check = app
        .post(
            "/api/v1/sync/check",
            &volunteer,
            &json!({"ids": [good["id"], Uuid::now_v7()]}),
        )
        .await;
    assert_eq!(check.body["present"], json!([good["id"]]));
    let (_, other) = app.user("volunteer", None).await;
    let check = app
        .post("/api/v1/sync/check", &other, &json!({"ids": [good["id"]]}))
        .await;
    assert_eq!(
        check.body["present"],
        json!([]),
        "ids of other volunteers are not revealed"
    );
}

#[tokio::test]
async fn limits_are_explicit() {
    let app = spawn_app().await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let many: Vec<Value> = (0..501)
        .map(|_| json!({"kind": "outing", "item": {}}))
        .collect();
    let reply = app
        .post(
            "/api/v1/sync/push",
            &volunteer,
            &json!({"device_id": null, "items": many}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.error_code(), "payload_too_large");
    let big = "x".repeat(3 * 1024 * 1024);
    let reply = app
        .post(
            "/api/v1/sync/push",
            &volunteer,
            &json!({"device_id": null, "items": [{"kind": "testimony", "item": {"text": big}}]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    // Under the push limit but over the general one: the push still takes it and rejects the item.
    let medium = "x".repeat(300 * 1024);
    let reply = app
        .post(
            "/api/v1/sync/push",
            &volunteer,
            &json!({"device_id": null, "items": [{"kind": "testimony", "item": {"text": medium}}]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.body["results"][0]["status"], "rejected");
    let foreign = app
        .post(
            "/api/v1/sync/push",
            &volunteer,
            &json!({"device_id": Uuid::now_v7(), "items": []}),
        )
        .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    let council = app.council_id("Conseil citoyen de Bellevue").await;
    let (_, member) = app.user("council_member", Some(council)).await;
    assert_eq!(
        app.post(
            "/api/v1/sync/push",
            &member,
            &json!({"device_id": null, "items": []})
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/api/v1/sync/pull", &member).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/api/v1/sync/pull?cursor=abc", &volunteer)
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn pull_returns_changes_since_the_cursor() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let (_, volunteer) = app.user("volunteer", None).await;

    let first = app.get("/api/v1/sync/pull", &volunteer).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(first.body["quartiers"].as_array().unwrap().len(), 13);
    assert_eq!(first.body["themes"].as_array().unwrap().len(), 16);
    assert!(first.body["information_notice"]
        .as_str()
        .unwrap()
        .contains("effacement"));
    assert_eq!(first.body["surveys"], json!([]));
    let cursor = first.body["cursor"].as_i64().unwrap();

    let quiet = app
        .get(&format!("/api/v1/sync/pull?cursor={cursor}"), &volunteer)
        .await;
    assert_eq!(quiet.body["quartiers"], json!([]));
    assert_eq!(quiet.body["themes"], json!([]));
    assert_eq!(quiet.body["cursor"], cursor);

    let (survey, version) = app.open_survey(&[bellevue]).await;
    let next = app
        .get(&format!("/api/v1/sync/pull?cursor={cursor}"), &volunteer)
        .await;
    let surveys = next.body["surveys"].as_array().unwrap();
    assert_eq!(surveys.len(), 1);
    assert_eq!(surveys[0]["version"]["id"], version);
    assert_eq!(surveys[0]["quartier_ids"], json!([bellevue]));
    assert_eq!(
        surveys[0]["version"]["definition"]["questions"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
    let cursor = next.body["cursor"].as_i64().unwrap();

    app.post(
        &format!("/api/v1/surveys/{survey}/close"),
        &app.admin,
        &json!({}),
    )
    .await;
    let closed = app
        .get(&format!("/api/v1/sync/pull?cursor={cursor}"), &volunteer)
        .await;
    assert_eq!(closed.body["surveys"], json!([]));
    assert_eq!(
        closed.body["tombstones"],
        json!([{"entity": "survey", "id": survey.to_string()}])
    );
}
