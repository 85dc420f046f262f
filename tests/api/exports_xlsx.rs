//! `.xlsx` exports opened with a spreadsheet reader (calamine): labels in the cells, dates as
//! dates, accents intact, the codes on a second sheet; and the single-use download links the
//! coordinators' screen hands to the browser.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::fixtures::audit_actions;
use crate::helpers::{response_item, spawn_app, TestApp};

const IDEA: &str = "Plus de bancs; des \"arbres\",\net l'été à l'ombre";

async fn fetch(app: &TestApp, path: &str, token: Option<&str>) -> (StatusCode, Vec<u8>, String) {
    let response = app.request(Method::GET, path, token).send().await.unwrap();
    let status = response.status();
    let disposition = response
        .headers()
        .get("content-disposition")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (
        status,
        response.bytes().await.unwrap().to_vec(),
        disposition,
    )
}

fn sheet(bytes: &[u8], name: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("an xlsx workbook");
    let range = book.worksheet_range(name).expect("the sheet");
    range.rows().map(<[Data]>::to_vec).collect()
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// One survey in Bellevue with two responses, one given during an outing.
async fn two_responses(app: &TestApp) -> i64 {
    let bellevue = app.quartier_id("bellevue").await;
    let (survey, version) = app.open_survey(&[bellevue]).await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let mut first = response_item(
        version,
        bellevue,
        json!({"mode": "tram", "attente": true, "note": 4, "idee": IDEA}),
    );
    first["age_band"] = json!("40_59");
    let second = response_item(version, bellevue, json!({"mode": "pied", "note": 2}));
    app.push_new(&volunteer, &[("response", first), ("response", second)])
        .await;
    survey
}

#[tokio::test]
async fn an_xlsx_export_holds_labels_dates_and_a_codes_sheet() {
    let app = spawn_app().await;
    let survey = two_responses(&app).await;
    let path = format!("/api/v1/exports/responses?survey_id={survey}&format=xlsx");
    let (status, bytes, disposition) = fetch(&app, &path, Some(&app.admin)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(disposition.ends_with(".xlsx\""), "{disposition}");
    assert_eq!(&bytes[..2], b"PK", "a zip container");

    let rows = sheet(&bytes, "Réponses");
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(header[3], "Quartier");
    assert_eq!(header[5], "Recueillie le");
    assert_eq!(header[6], "Tranche d'âge");
    assert!(
        header.contains(&"Comment vous déplacez-vous ?".to_owned()),
        "{header:?}"
    );
    assert_eq!(rows.len(), 3, "header and two responses");
    let mode = header
        .iter()
        .position(|h| h == "Comment vous déplacez-vous ?")
        .unwrap();
    let tram = rows
        .iter()
        .find(|r| text(&r[mode]) == "Tram")
        .expect("the tram answer, by its label");
    assert_eq!(text(&tram[3]), "Bellevue");
    assert_eq!(text(&tram[6]), "40 à 59 ans");
    let waited = header
        .iter()
        .position(|h| h == "Attendez-vous longtemps ?")
        .unwrap();
    assert_eq!(text(&tram[waited]), "oui");
    let idea = header.iter().position(|h| h == "Une idée ?").unwrap();
    assert_eq!(
        text(&tram[idea]),
        IDEA,
        "accents, quotes and line breaks intact"
    );
    let note = header.iter().position(|h| h == "Note du quartier").unwrap();
    assert_eq!(tram[note], Data::Float(4.0), "numbers as numbers");
    match &tram[5] {
        Data::DateTime(at) => {
            assert!(at.is_datetime());
            let at = at.as_datetime().expect("a calendar date");
            let now = chrono::Utc::now().with_timezone(&chrono_tz::Europe::Paris);
            let apart = (now.naive_local() - at).num_minutes().abs();
            assert!(
                apart <= 5,
                "captured a moment ago, in Nantes time: {at} vs {now}"
            );
        }
        other => panic!("captured_at is not a date: {other:?}"),
    }
    assert!(rows.iter().any(|r| text(&r[mode]) == "À pied"));

    let codes = sheet(&bytes, "Codes");
    let lines: Vec<Vec<String>> = codes.iter().map(|r| r.iter().map(text).collect()).collect();
    assert_eq!(lines[0][2], "Code");
    let has = |wanted: &[&str]| {
        lines
            .iter()
            .any(|l| wanted.iter().all(|w| l.contains(&(*w).to_owned())))
    };
    assert!(has(&["question", "mode", "tram", "Tram"]), "{lines:?}");
    assert!(has(&["quartier", "bellevue", "Bellevue"]));
    assert!(has(&["age_band", "40_59", "40 à 59 ans"]));
    assert!(has(&["theme", "logement", "Logement"]));

    // Codes instead of labels, asked for: the same workbook with codes and no second sheet.
    let (_, bytes, _) = fetch(&app, &format!("{path}&labels=false"), Some(&app.admin)).await;
    let rows = sheet(&bytes, "Réponses");
    assert_eq!(text(&rows[0][3]), "quartier");
    assert!(rows.iter().any(|r| r.iter().any(|c| text(c) == "tram")));
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["Réponses"]);
    assert!(book.worksheet_range("Codes").is_err());
}

#[tokio::test]
async fn the_french_excel_csv_has_labels_unless_codes_are_asked() {
    let app = spawn_app().await;
    let survey = two_responses(&app).await;
    let path = format!("/api/v1/exports/responses?survey_id={survey}&format=excel");
    let (_, bytes, _) = fetch(&app, &path, Some(&app.admin)).await;
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(
        text.starts_with("Identifiant de la réponse;Enquête;Version;Quartier;"),
        "{text}"
    );
    assert!(text.contains(";Bellevue;"), "{text}");
    assert!(text.contains(";Tram;oui;4;"), "{text}");
    let (_, bytes, _) = fetch(&app, &format!("{path}&labels=false"), Some(&app.admin)).await;
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(
        text.contains(";bellevue;") && text.contains(";tram;yes;4;"),
        "{text}"
    );
}

async fn new_link(app: &TestApp, token: &str, body: serde_json::Value) -> crate::helpers::Reply {
    app.post("/api/v1/exports/links", token, &body).await
}

#[tokio::test]
async fn a_download_link_works_once_without_a_token_and_expires() {
    let app = spawn_app().await;
    let survey = two_responses(&app).await;
    let asked = json!({"export": "responses", "survey_id": survey, "format": "xlsx"});
    let link = new_link(&app, &app.admin, asked.clone()).await;
    assert_eq!(link.status, StatusCode::CREATED, "{}", link.body);
    let url = link.body["url"].as_str().unwrap().to_owned();
    assert!(url.starts_with("/api/v1/exports/download/"), "{url}");
    assert!(link.body["expires_at"].as_str().is_some());
    let exports = || async {
        audit_actions(&app, &format!("survey:{survey}"))
            .await
            .into_iter()
            .filter(|a| a.starts_with("export."))
            .collect::<Vec<_>>()
    };
    assert!(
        exports().await.is_empty(),
        "audited when downloaded, not when the link is made"
    );

    let (status, bytes, disposition) = fetch(&app, &url, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(disposition.ends_with(".xlsx\""), "{disposition}");
    assert_eq!(sheet(&bytes, "Réponses").len(), 3);
    assert_eq!(exports().await, ["export.responses"]);

    let again = TestApp::send(app.request(Method::GET, &url, None)).await;
    assert_eq!(again.status, StatusCode::GONE, "{}", again.body);
    assert_eq!(again.error_code(), "link_used");

    let unknown =
        TestApp::send(app.request(Method::GET, "/api/v1/exports/download/nope", None)).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    let late = new_link(&app, &app.admin, asked).await;
    let late_url = late.body["url"].as_str().unwrap().to_owned();
    expire_links(app.db.url());
    let expired = TestApp::send(app.request(Method::GET, &late_url, None)).await;
    assert_eq!(expired.status, StatusCode::GONE, "{}", expired.body);
    assert_eq!(expired.error_code(), "link_expired");
    assert_eq!(exports().await.len(), 1, "refused links export nothing");
}

#[tokio::test]
async fn links_are_for_coordinators_and_checked_when_made() {
    let app = spawn_app().await;
    let survey = two_responses(&app).await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let refused = new_link(&app, &volunteer, json!({"export": "outings"})).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let missing = new_link(&app, &app.admin, json!({"export": "responses"})).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(missing.error_code(), "missing_survey");
    assert_eq!(missing.body["error"]["field"], "survey_id");
    let unknown = new_link(
        &app,
        &app.admin,
        json!({"export": "responses", "survey_id": 99999}),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let format = new_link(
        &app,
        &app.admin,
        json!({"export": "responses", "survey_id": survey, "format": "pdf"}),
    )
    .await;
    assert_eq!(format.error_code(), "invalid_format");
    let quartier = new_link(
        &app,
        &app.admin,
        json!({"export": "testimonies", "quartier_id": 99999}),
    )
    .await;
    assert_eq!(quartier.error_code(), "unknown_quartier");
    let typo = new_link(
        &app,
        &app.admin,
        json!({"export": "outings", "labes": true}),
    )
    .await;
    assert_eq!(typo.status, StatusCode::BAD_REQUEST);
    let anonymous = TestApp::send(
        app.request(Method::POST, "/api/v1/exports/links", None)
            .json(&json!({"export": "outings"})),
    )
    .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

/// Moves every export link's expiry into the past (time passing, without sleeping).
fn expire_links(database_url: &str) {
    use diesel::prelude::*;
    use portevoix::db::schema::export_links;
    let mut conn = crate::helpers::pool(database_url).get().unwrap();
    diesel::update(export_links::table)
        .set(export_links::expires_at.eq(1_i64))
        .execute(&mut conn)
        .unwrap();
}
