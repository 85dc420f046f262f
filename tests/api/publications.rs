//! Councils read dated publications, never the running tallies (issue 16 §1): the
//! differencing attack (look before and after one interview) learns nothing, and a new
//! publication of the same figures waits for 11 more people.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::council::option;
use crate::helpers::{response_item, spawn_app, testimony_item, TestApp};

async fn interviews(app: &TestApp, token: &str, version: i64, quartier: i64, modes: &[&str]) {
    let items: Vec<(&str, Value)> = modes
        .iter()
        .map(|mode| {
            (
                "response",
                response_item(version, quartier, json!({"mode": mode, "note": 3})),
            )
        })
        .collect();
    app.push_new(token, &items).await;
}

#[tokio::test]
async fn one_more_interview_changes_nothing_a_council_sees_until_11_more() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let (_, version) = app.open_survey(&[bellevue]).await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let council_id = app.council_id("Conseil citoyen de Bellevue").await;
    let (_, council) = app.user("council_member", Some(council_id)).await;
    let results_url = format!("/api/v1/council/surveys/{version}/results?quartier_id={bellevue}");

    interviews(
        &app,
        &volunteer,
        version,
        bellevue,
        &[&["tram"; 17][..], &["bus"; 13][..]].concat(),
    )
    .await;

    // Nothing published yet: the council sees no figure at all.
    let unpublished = app.get(&results_url, &council).await;
    assert_eq!(
        unpublished.status,
        StatusCode::NOT_FOUND,
        "{}",
        unpublished.body
    );
    let home = app.get("/api/v1/council/home", &council).await;
    assert_eq!(home.body["surveys"], json!([]), "{}", home.body);

    let made = app.publish(bellevue, Some(version)).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    assert_eq!(made.body["people"], 30);
    assert_eq!(made.body["kind"], "survey");

    let before = app.get(&results_url, &council).await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.body);
    assert_eq!(before.body["responses"]["count"], 30);
    assert_eq!(option(&before.body, "mode", "tram")["count"], 17);
    assert_eq!(option(&before.body, "mode", "bus")["count"], 13);
    assert!(before.body["published_at"].is_string());

    // The neighbour seen answering at the market: one more "bus".
    interviews(&app, &volunteer, version, bellevue, &["bus"]).await;
    let after = app.get(&results_url, &council).await;
    assert_eq!(after.status, StatusCode::OK);
    assert_eq!(
        after.body, before.body,
        "the council still reads the same publication"
    );
    let home = app.get("/api/v1/council/home", &council).await;
    assert_eq!(
        home.body["surveys"][0]["quartiers"][0]["responses"]["count"],
        30
    );

    // Publishing again now would give that answer away: refused, with how many are missing.
    let too_soon = app.publish(bellevue, Some(version)).await;
    assert_eq!(too_soon.status, StatusCode::CONFLICT, "{}", too_soon.body);
    assert_eq!(too_soon.error_code(), "too_soon");
    assert!(
        too_soon.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("10 de plus"),
        "{}",
        too_soon.body
    );
    let board = app
        .get(
            &format!("/api/v1/publications?council_id={council_id}"),
            &app.admin,
        )
        .await;
    assert_eq!(board.status, StatusCode::OK, "{}", board.body);
    let line = board.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["survey_version_id"] == version && i["quartier"]["id"] == bellevue)
        .unwrap()
        .clone();
    assert_eq!(line["people_now"], 31);
    assert_eq!(line["missing"], 10);
    assert_eq!(line["last"]["people"], 30);

    // Ten more people: 41 counted, 11 more than published. The difference now mixes 11 people.
    interviews(&app, &volunteer, version, bellevue, &["tram"; 10]).await;
    app.published(bellevue, Some(version)).await;
    let later = app.get(&results_url, &council).await;
    assert_eq!(later.body["responses"]["count"], 41);
    assert_eq!(option(&later.body, "mode", "tram")["count"], 27);
    assert_eq!(option(&later.body, "mode", "bus")["count"], 14);
}

#[tokio::test]
async fn themes_and_quotes_wait_for_a_publication() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let council_id = app.council_id("Conseil citoyen de Bellevue").await;
    let (_, council) = app.user("council_member", Some(council_id)).await;
    let (_, volunteer) = app.user("volunteer", None).await;
    for i in 0..12 {
        let text = format!("Parole {i} : les loyers montent et le logement est trop cher.");
        let id =
            crate::fixtures::testimony(&app, &volunteer, testimony_item(bellevue, &text)).await;
        crate::fixtures::approve(&app, &id, &["logement"]).await;
    }
    let themes_url = format!("/api/v1/council/themes?quartier_id={bellevue}");
    let quotes_url = format!("/api/v1/council/quotes?quartier_id={bellevue}");
    let themes = app.get(&themes_url, &council).await;
    assert_eq!(themes.status, StatusCode::OK, "{}", themes.body);
    assert_eq!(themes.body["themes"], json!([]), "nothing published yet");
    assert!(themes.body.get("published_at").is_none());
    let quotes = app.get(&quotes_url, &council).await;
    assert_eq!(quotes.body["items"], json!([]));

    app.published(bellevue, None).await;
    let themes = app.get(&themes_url, &council).await;
    let housing = themes.body["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["code"] == "logement")
        .unwrap()
        .clone();
    assert_eq!(housing["total"]["count"], 12);
    assert_eq!(
        app.get(&quotes_url, &council).await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        12
    );

    // One more approval: the published themes stay as they were; republishing waits.
    let id = crate::fixtures::testimony(
        &app,
        &volunteer,
        testimony_item(bellevue, "Encore une parole sur le logement."),
    )
    .await;
    crate::fixtures::approve(&app, &id, &["logement"]).await;
    let again = app.get(&themes_url, &council).await;
    assert_eq!(again.body, themes.body);
    assert_eq!(app.publish(bellevue, None).await.error_code(), "too_soon");
}

#[tokio::test]
async fn a_publication_request_that_makes_no_sense_is_refused_and_names_its_field() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let (_, version) = app.open_survey(&[bellevue]).await;
    let post = |body: Value| {
        let app = &app;
        async move { app.post("/api/v1/publications", &app.admin, &body).await }
    };
    let no_version = post(json!({"kind": "survey", "quartier_id": bellevue})).await;
    assert_eq!(
        no_version.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        no_version.body
    );
    assert_eq!(no_version.body["error"]["field"], "survey_version_id");
    let themes_with_version =
        post(json!({"kind": "themes", "survey_version_id": version, "quartier_id": bellevue}))
            .await;
    assert_eq!(
        themes_with_version.body["error"]["field"],
        "survey_version_id"
    );
    let unknown = post(json!({"kind": "themes", "quartier_id": 999_999})).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.body["error"]["field"], "quartier_id");
    let not_here = post(json!({"kind": "survey", "survey_version_id": version, "quartier_id": app.quartier_id("breil").await})).await;
    assert_eq!(not_here.error_code(), "survey_not_in_quartier");
    let bad_kind = post(json!({"kind": "everything", "quartier_id": bellevue})).await;
    assert_eq!(bad_kind.status.as_u16() / 100, 4, "{}", bad_kind.body);
}
