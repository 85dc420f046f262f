//! `/quartier/{slug}`: a quartier's public page shows only what was published to its council,
//! with no identifier, and a resident who stops being quoted leaves it.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::fixtures::{approve, testimony};
use crate::helpers::{spawn_app, testimony_item, TestApp};

const CODE: &str = "P4GE7QX2";
const THEIR_WORDS: &str = "Les loyers montent trop vite à Bellevue, on ne suit plus.";

async fn html(app: &TestApp, path: &str) -> (StatusCode, String, String) {
    let reply = TestApp::send(app.request(Method::GET, path, None)).await;
    let cache = reply
        .headers
        .get("cache-control")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (
        reply.status,
        reply.body.as_str().unwrap_or_default().to_owned(),
        cache,
    )
}

#[tokio::test]
async fn the_public_page_shows_published_words_only_and_forgets_a_withdrawn_quote() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let (_, volunteer) = app.user("volunteer", None).await;

    let (status, page, cache) = html(&app, "/quartier/bellevue").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Rien n'a encore été publié"), "{page}");
    assert_eq!(cache, "public, max-age=300");
    let (missing, page, _) = html(&app, "/quartier/atlantide").await;
    assert_eq!(missing, StatusCode::NOT_FOUND);
    assert!(page.contains("Quartier introuvable"));

    // 12 residents on housing, all agreeing to be quoted; the last one kept a receipt code.
    for i in 0..11 {
        let text = format!("Le logement coûte cher, parole {i}, appelez-moi au 06 12 34 56 78.");
        let id = testimony(&app, &volunteer, testimony_item(bellevue, &text)).await;
        approve(&app, &id, &["logement"]).await;
    }
    let mut mine = testimony_item(bellevue, THEIR_WORDS);
    mine["receipt_code"] = json!(CODE);
    let id = testimony(&app, &volunteer, mine).await;
    approve(&app, &id, &["logement"]).await;
    // Approved but not published yet: still nothing on the page.
    let (_, page, _) = html(&app, "/quartier/bellevue").await;
    assert!(page.contains("Rien n'a encore été publié"), "{page}");

    app.published(bellevue, None).await;
    let (status, page, _) = html(&app, "/quartier/bellevue").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("<strong>Logement</strong> : 12 personnes en ont parlé."),
        "{page}"
    );
    assert!(page.contains("Publié le "), "{page}");
    assert!(page.contains(THEIR_WORDS), "{page}");
    // No identifier: no phone number, no place, no volunteer.
    assert!(!page.contains("06 12 34 56 78"), "{page}");
    assert!(!page.contains("sortie d'école") && !page.contains("sortie d&#39;école"));
    assert!(!page.contains("volunteer"));

    // The resident stops being quoted: their words leave the page at once (the counts stay
    // as published).
    let withdrawn = TestApp::send(
        app.request(
            Method::POST,
            "/api/v1/resident/receipt/withdraw-consent",
            None,
        )
        .json(&json!({"code": CODE})),
    )
    .await;
    assert_eq!(withdrawn.status, StatusCode::OK, "{}", withdrawn.body);
    let (_, page, _) = html(&app, "/quartier/bellevue").await;
    assert!(!page.contains(THEIR_WORDS), "{page}");
    assert!(page.contains("12 personnes en ont parlé"));
}

#[tokio::test]
async fn the_poster_links_to_the_page_and_a_flood_is_refused() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let (_, volunteer) = app.user("volunteer", None).await;
    for i in 0..11 {
        let text = format!("Les bus sont trop rares le soir, parole {i}.");
        let id = testimony(&app, &volunteer, testimony_item(bellevue, &text)).await;
        approve(&app, &id, &["mobilite"]).await;
    }
    app.published(bellevue, None).await;

    let (status, poster, cache) = html(&app, "/quartier/bellevue/affiche").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cache, "public, max-age=300");
    assert!(
        poster.contains("<strong>Mobilités et déplacements</strong> : 11 personnes"),
        "{poster}"
    );
    assert!(
        poster.contains("src=\"/quartier/bellevue/qr.svg\""),
        "{poster}"
    );
    assert!(
        poster.contains("/quartier/bellevue</p>"),
        "the address in words: {poster}"
    );
    assert!(poster.contains("@page{size:A4"));
    let qr = TestApp::send(app.request(Method::GET, "/quartier/bellevue/qr.svg", None)).await;
    assert_eq!(qr.status, StatusCode::OK);
    assert!(qr.body.as_str().unwrap_or_default().starts_with("<?xml"));
    let odd = TestApp::send(app.request(Method::GET, "/quartier/%3Cscript%3E/qr.svg", None)).await;
    assert_eq!(odd.status, StatusCode::NOT_FOUND);

    // One address asking again and again: after the minute's allowance, 429 and when to retry.
    let mut refused = None;
    for _ in 0..portevoix::startup::PUBLIC_PAGES_PER_MINUTE + 1 {
        let reply = TestApp::send(app.request(Method::GET, "/quartier/bellevue", None)).await;
        if reply.status == StatusCode::TOO_MANY_REQUESTS {
            refused = Some(reply);
            break;
        }
        assert_eq!(reply.status, StatusCode::OK);
    }
    let refused = refused.expect("a flood is refused within the minute's allowance");
    let wait: u64 = refused.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert!(refused
        .body
        .as_str()
        .unwrap_or_default()
        .contains("Trop de demandes"));
    // The QR code counts against the same allowance (drawing it costs as much as a page).
    let qr = TestApp::send(app.request(Method::GET, "/quartier/bellevue/qr.svg", None)).await;
    assert_eq!(qr.status, StatusCode::TOO_MANY_REQUESTS);
}
