//! Issue 16 §5: a resident's own receipt page. With the code the volunteer gave them, residents
//! see what was recorded (answers in words, words masked), stop being quoted, or erase it all,
//! each audited, with no account; guessing codes is throttled per address and for everyone.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::fixtures::{approve, audit_actions};
use crate::helpers::{response_item, spawn_app, testimony_item, Reply, TestApp};

const CODE: &str = "K7QX2M9D";
const WORDS: &str = "Le bus 11 ne passe plus le soir, appelez-moi au 06 12 34 56 78.";

async fn ask(app: &TestApp, what: &str, code: &str) -> Reply {
    TestApp::send(
        app.request(
            Method::POST,
            &format!("/api/v1/resident/receipt{what}"),
            None,
        )
        .json(&json!({"code": code})),
    )
    .await
}

/// An answer set and a testimony given by one resident (one receipt code); the testimony
/// approved with consent to be quoted.
async fn one_resident(app: &TestApp) -> String {
    let bellevue = app.quartier_id("bellevue").await;
    let (_, version) = app.open_survey(&[bellevue]).await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let mut answers = response_item(
        version,
        bellevue,
        json!({"mode": "tram", "attente": true, "note": 4, "idee": "Des bancs"}),
    );
    answers["receipt_code"] = json!(CODE);
    let mut words = testimony_item(bellevue, WORDS);
    words["receipt_code"] = json!(CODE);
    let testimony = words["id"].as_str().unwrap().to_owned();
    app.push_new(&volunteer, &[("response", answers), ("testimony", words)])
        .await;
    approve(app, &testimony, &["mobilite"]).await;
    testimony
}

fn item<'a>(record: &'a Value, kind: &str) -> &'a Value {
    record["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == kind)
        .unwrap_or_else(|| panic!("no {kind} in {record}"))
}

#[tokio::test]
async fn a_resident_sees_their_items_stops_being_quoted_and_erases_them() {
    let app = spawn_app().await;
    one_resident(&app).await;

    // As printed on the receipt: dash, lower case.
    let seen = ask(&app, "", "k7qx-2m9d").await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.body);
    assert_eq!(seen.body["code"], CODE);
    let answers = item(&seen.body, "response");
    assert_eq!(answers["quartier"], "Bellevue");
    assert_eq!(answers["survey"], "Transports à Bellevue");
    let said: Vec<(String, String)> = answers["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["question"].as_str().unwrap().to_owned(),
                a["answer"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        said.contains(&("Comment vous déplacez-vous ?".into(), "Tram".into())),
        "{said:?}"
    );
    assert!(
        said.contains(&("Attendez-vous longtemps ?".into(), "oui".into())),
        "{said:?}"
    );
    assert!(
        said.contains(&("Une idée ?".into(), "Des bancs".into())),
        "{said:?}"
    );
    let words = item(&seen.body, "testimony");
    let text = words["text"].as_str().unwrap();
    assert!(text.contains("Le bus 11 ne passe plus le soir"), "{text}");
    assert!(
        !text.contains("06 12 34 56 78"),
        "personal data masked: {text}"
    );
    assert_eq!(words["status"], "approved");
    assert_eq!(words["quoted"], true);

    let withdrawn = ask(&app, "/withdraw-consent", CODE).await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{}", withdrawn.body);
    let words = item(&withdrawn.body, "testimony");
    assert_eq!(words["consent"], "count_only");
    assert_eq!(words["quoted"], false);
    let target = format!("receipt:{CODE}");
    assert_eq!(
        audit_actions(&app, &target).await,
        ["item.consent_withdrawn"]
    );
    // Withdrawing again changes nothing and records nothing.
    assert_eq!(
        ask(&app, "/withdraw-consent", CODE).await.status,
        StatusCode::OK
    );
    assert_eq!(audit_actions(&app, &target).await.len(), 1);

    let erased = ask(&app, "/erase", CODE).await;
    assert_eq!(erased.status, StatusCode::OK, "{}", erased.body);
    assert_eq!(erased.body["responses"], 1);
    assert_eq!(erased.body["testimonies"], 1);
    let audit = app
        .get("/api/v1/audit?action=item.erased&limit=5", &app.admin)
        .await;
    assert_eq!(audit.body["entries"][0]["details"]["asked_by"], "resident");
    assert_eq!(audit.body["entries"][0]["actor_id"], Value::Null);
    assert_eq!(ask(&app, "", CODE).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_codes_are_refused_clearly_and_guessing_is_throttled() {
    let app = spawn_app().await;
    one_resident(&app).await;
    let malformed = ask(&app, "", "K7QX-2M9").await;
    assert_eq!(malformed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(malformed.error_code(), "invalid_receipt_code");
    assert_eq!(malformed.body["error"]["field"], "code");
    let typo = TestApp::send(
        app.request(Method::POST, "/api/v1/resident/receipt", None)
            .json(&json!({"code": CODE, "extra": 1})),
    )
    .await;
    assert_eq!(typo.status, StatusCode::BAD_REQUEST);

    // Wrong codes from one address (the malformed one above counts): ten are answered, then
    // the address waits.
    for _ in 0..9 {
        assert_eq!(
            ask(&app, "", "ZZZZ-ZZZZ").await.status,
            StatusCode::NOT_FOUND
        );
    }
    let blocked = ask(&app, "", "ZZZZ-ZZZZ").await;
    assert_eq!(
        blocked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        blocked.body
    );
    assert!(
        blocked.headers["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            > 0
    );
    // The right code waits too: a blocked address learns nothing.
    assert_eq!(
        ask(&app, "", CODE).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn the_receipt_page_works_without_script_or_account() {
    let app = spawn_app().await;
    one_resident(&app).await;
    let form = app
        .request(Method::GET, "/recu", None)
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::OK);
    let csp = form.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("default-src 'none'") && !csp.contains("script-src"),
        "{csp}"
    );
    let html = form.text().await.unwrap();
    assert!(
        html.contains("<html lang=\"fr\">") && html.contains("name=\"code\""),
        "{html}"
    );

    let qr = app
        .request(Method::GET, "/recu/qr.svg", None)
        .send()
        .await
        .unwrap();
    assert_eq!(qr.status(), StatusCode::OK);
    assert_eq!(qr.headers()["content-type"], "image/svg+xml");
    assert!(qr.text().await.unwrap().starts_with("<?xml"));

    let post = |fields: Vec<(&'static str, &'static str)>| {
        app.request(Method::POST, "/recu", None)
            .form(&fields)
            .send()
    };
    let shown = post(vec![("code", "k7qx-2m9d"), ("action", "show")])
        .await
        .unwrap();
    assert_eq!(shown.status(), StatusCode::OK);
    let html = shown.text().await.unwrap();
    assert!(html.contains("Ce qui a été noté"), "{html}");
    assert!(
        html.contains("Transports à Bellevue") && html.contains("Tram"),
        "{html}"
    );
    assert!(html.contains("Le conseil citoyen peut la lire"), "{html}");
    assert!(!html.contains("06 12 34 56 78"));

    let wrong = post(vec![("code", "ZZZZ-ZZZZ"), ("action", "show")])
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::NOT_FOUND);
    let html = wrong.text().await.unwrap();
    assert!(
        html.contains("Rien n'est noté avec ce code") && html.contains("aria-invalid=\"true\""),
        "{html}"
    );

    let confirm = post(vec![("code", CODE), ("action", "erase")])
        .await
        .unwrap();
    let html = confirm.text().await.unwrap();
    assert!(
        html.contains("Oui, tout effacer"),
        "a confirmation first: {html}"
    );
    assert_eq!(
        ask(&app, "", CODE).await.status,
        StatusCode::OK,
        "nothing erased yet"
    );
    let erased = post(vec![("code", CODE), ("action", "erase_confirmed")])
        .await
        .unwrap();
    assert_eq!(erased.status(), StatusCode::OK);
    assert!(erased.text().await.unwrap().contains("C'est effacé"));
    assert_eq!(ask(&app, "", CODE).await.status, StatusCode::NOT_FOUND);
}
