//! Councils answer residents theme by theme; a coordinator approves; the quartier's public page
//! shows « Vous avez dit… / Le conseil répond… / Ce qui a changé… ».

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{spawn_app, TestApp};

#[tokio::test]
async fn a_council_answer_reaches_the_public_page_once_approved() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let breil = app.quartier_id("breil").await;
    let council_id = app.council_id("Conseil citoyen de Bellevue").await;
    let (_, member) = app.user("council_member", Some(council_id)).await;

    let written = app
        .post(
            "/api/v1/council/answers",
            &member,
            &json!({"quartier_id": bellevue, "theme": "logement",
                    "answer": "  Nous avons rencontré le bailleur le 3 novembre.\n",
                    "changed": "Les ascenseurs de la tour 4 sont réparés."}),
        )
        .await;
    assert_eq!(written.status, StatusCode::CREATED, "{}", written.body);
    assert_eq!(written.body["status"], "submitted");
    assert_eq!(
        written.body["answer"],
        "Nous avons rencontré le bailleur le 3 novembre."
    );
    let id = written.body["id"].as_i64().unwrap();

    let page = |app: &TestApp| {
        let request = app.request(Method::GET, "/quartier/bellevue", None);
        async move {
            TestApp::send(request)
                .await
                .body
                .as_str()
                .unwrap_or_default()
                .to_owned()
        }
    };
    assert!(!page(&app).await.contains("bailleur"), "not approved yet");
    let waiting = app.get("/api/v1/council/answers", &app.admin).await;
    assert_eq!(
        waiting.body.as_array().unwrap().len(),
        1,
        "{}",
        waiting.body
    );

    let approved = app
        .post(
            &format!("/api/v1/council/answers/{id}/decision"),
            &app.admin,
            &json!({"approve": true}),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    assert_eq!(approved.body["status"], "approved");
    let html = page(&app).await;
    assert!(
        html.contains("<strong>Le conseil répond…</strong> Nous avons rencontré le bailleur"),
        "{html}"
    );
    assert!(html
        .contains("<strong>Ce qui a changé…</strong> Les ascenseurs de la tour 4 sont réparés."));
    assert!(html.contains("<strong>Vous avez dit…</strong>"));
    // Each of the three steps has its pictogram, decorative (the words say the same).
    assert_eq!(
        html.matches("<p class=\"step\"><svg class=\"picto\"")
            .count(),
        3,
        "{html}"
    );
    let pictos = html.matches("<svg class=\"picto\"").count();
    assert!(pictos >= 4, "{html}");
    assert_eq!(
        html.matches("aria-hidden=\"true\" focusable=\"false\"")
            .count(),
        pictos
    );
    // On the page, the coordinators' list offers it for taking down.
    let listed = app.get("/api/v1/council/answers", &app.admin).await;
    assert!(
        listed
            .body
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == id && a["status"] == "approved"),
        "{}",
        listed.body
    );
    let approve_twice = app
        .post(
            &format!("/api/v1/council/answers/{id}/decision"),
            &app.admin,
            &json!({"approve": true}),
        )
        .await;
    assert_eq!(approve_twice.error_code(), "already_decided");
    let mine = app
        .get(
            &format!("/api/v1/council/answers?quartier_id={bellevue}"),
            &member,
        )
        .await;
    assert_eq!(mine.body[0]["status"], "approved");
    // Taken down: off the public page and off the list; final.
    let withdrawn = app
        .post(
            &format!("/api/v1/council/answers/{id}/decision"),
            &app.admin,
            &json!({"approve": false}),
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{}", withdrawn.body);
    assert_eq!(withdrawn.body["status"], "rejected");
    let html = page(&app).await;
    assert!(!html.contains("Nous avons rencontré le bailleur"), "{html}");
    let listed = app.get("/api/v1/council/answers", &app.admin).await;
    assert!(listed
        .body
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["id"] != id));
    let again = app
        .post(
            &format!("/api/v1/council/answers/{id}/decision"),
            &app.admin,
            &json!({"approve": true}),
        )
        .await;
    assert_eq!(again.error_code(), "already_decided");

    // Bad input: named, nothing stored.
    let post = |body: serde_json::Value| {
        let app = &app;
        let member = member.clone();
        async move { app.post("/api/v1/council/answers", &member, &body).await }
    };
    let blank = post(json!({"quartier_id": bellevue, "theme": "logement", "answer": " \n "})).await;
    assert_eq!(blank.error_code(), "invalid_answer");
    assert_eq!(blank.body["error"]["field"], "answer");
    let long = post(json!({"quartier_id": bellevue, "theme": "logement", "answer": "ok", "changed": "é".repeat(1501)})).await;
    assert_eq!(long.body["error"]["field"], "changed");
    let theme = post(json!({"quartier_id": bellevue, "theme": "licornes", "answer": "Oui"})).await;
    assert_eq!(theme.error_code(), "unknown_theme");
    let foreign = post(json!({"quartier_id": breil, "theme": "logement", "answer": "Oui"})).await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    let nul = post(
        json!({"quartier_id": bellevue, "theme": "logement", "answer": "Oui\u{0}\u{202e}, merci"}),
    )
    .await;
    assert_eq!(nul.status, StatusCode::CREATED, "{}", nul.body);
    assert_eq!(
        nul.body["answer"], "Oui, merci",
        "controls and bidi overrides removed"
    );
    let all = app
        .get("/api/v1/council/answers?quartier_id=999999", &member)
        .await;
    assert_eq!(all.status, StatusCode::NOT_FOUND);
    let volunteer = app.user("volunteer", None).await.1;
    assert_eq!(
        app.get("/api/v1/council/answers", &volunteer).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_council_answer_follows_its_quartier_into_a_merge() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let breil = app.quartier_id("breil").await;
    let council_id = app.council_id("Conseil citoyen du Breil").await;
    let (_, member) = app.user("council_member", Some(council_id)).await;
    let written = app
        .post(
            "/api/v1/council/answers",
            &member,
            &json!({"quartier_id": breil, "theme": "logement", "answer": "Le bailleur a répondu."}),
        )
        .await;
    assert_eq!(written.status, StatusCode::CREATED, "{}", written.body);
    let id = written.body["id"].as_i64().unwrap();
    let merged = app
        .post(
            "/api/v1/quartiers/merge",
            &app.admin,
            &json!({"from": breil, "into": bellevue}),
        )
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.body);
    let listed = app.get("/api/v1/council/answers", &app.admin).await;
    let moved = listed
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("answer lost in the merge: {}", listed.body));
    assert_eq!(moved["quartier"]["id"], bellevue);
    let approved = app
        .post(
            &format!("/api/v1/council/answers/{id}/decision"),
            &app.admin,
            &json!({"approve": true}),
        )
        .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.body);
    let page = TestApp::send(app.request(Method::GET, "/quartier/bellevue", None)).await;
    assert!(page
        .body
        .as_str()
        .unwrap_or_default()
        .contains("Le bailleur a répondu."));
}
