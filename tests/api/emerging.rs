//! Emerging topics for coordinators: words rising in a quartier this period that no theme of
//! the stored codebook covers.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a panic is a failure"
)]

use chrono::{Datelike, Duration, NaiveDate, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{spawn_app, testimony_item};

fn at(item: Value, when: chrono::DateTime<Utc>) -> Value {
    let mut item = item;
    item["captured_at"] = json!(when);
    item
}

#[tokio::test]
async fn rising_words_the_codebook_misses_are_shown_to_staff_only() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let breil = app.quartier_id("breil").await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let (_, coordinator) = app.user("coordinator", None).await;
    let now = Utc::now();
    let this_month = NaiveDate::from_ymd_opt(now.year(), now.month(), 1).unwrap();
    let last_month = (this_month - Duration::days(1)).with_day(1).unwrap();
    let before = last_month.and_hms_opt(12, 0, 0).unwrap().and_utc();
    let current = this_month.and_hms_opt(0, 30, 0).unwrap().and_utc().min(now);

    let mut items = Vec::new();
    for text in [
        "Le tram est souvent en retard le matin.",
        "Il y a des poubelles partout devant l'immeuble.",
        "Le bus ne passe pas assez souvent.",
        "Les jeunes n'ont rien à faire le soir.",
    ] {
        items.push(at(testimony_item(bellevue, text), before));
    }
    for text in [
        "Il y a des frelons près des jeux d'enfants.",
        "Des frelons partout devant l'école, les enfants ont peur.",
        "Un nid de frelons dans le square, personne ne vient l'enlever.",
        "Encore un frelon dans la cage d'escalier.",
        "Le tram est souvent en retard.",
    ] {
        items.push(at(testimony_item(bellevue, text), current));
    }
    // Another quartier's words do not count for Bellevue.
    for n in 0..4 {
        items.push(at(
            testimony_item(
                breil,
                &format!("Les moustiques tigres piquent au bord du canal ({n})."),
            ),
            current,
        ));
    }
    let body = json!({"device_id": null, "items": items.into_iter()
        .map(|i| json!({"kind": "testimony", "item": i})).collect::<Vec<_>>()});
    let pushed = app.post("/api/v1/sync/push", &volunteer, &body).await;
    assert_eq!(pushed.status, StatusCode::OK, "{}", pushed.body);
    assert!(
        pushed.body["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "created"),
        "{}",
        pushed.body
    );

    let month = this_month.format("%Y-%m").to_string();
    let path =
        format!("/api/v1/analysis/emerging?quartier_id={bellevue}&period=month&date={month}");
    let reply = app.get(&path, &coordinator).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.body["current"]["testimonies"], 5);
    assert_eq!(reply.body["previous"]["testimonies"], 4);
    assert_eq!(reply.body["current"]["from"], this_month.to_string());
    assert_eq!(reply.body["previous"]["from"], last_month.to_string());
    let terms = reply.body["terms"].as_array().unwrap();
    assert!(!terms.is_empty(), "{}", reply.body);
    let first = &terms[0];
    assert!(
        first["forms"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "frelons"),
        "{}",
        reply.body
    );
    assert_eq!(first["current"], 4);
    assert_eq!(first["previous"], 0);
    let all_forms: Vec<&str> = terms
        .iter()
        .flat_map(|t| {
            t["forms"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap())
        })
        .collect();
    assert!(
        !all_forms.contains(&"tram"),
        "a codebook keyword is not emerging: {all_forms:?}"
    );
    assert!(
        !all_forms.contains(&"canal"),
        "other quartier: {all_forms:?}"
    );

    // Every quartier together sees both.
    let everywhere = app
        .get(
            &format!("/api/v1/analysis/emerging?date={month}"),
            &coordinator,
        )
        .await;
    assert_eq!(everywhere.status, StatusCode::OK, "{}", everywhere.body);
    assert!(
        // Said four times as `au bord du canal`: the phrase stands for the word.
        everywhere.body["terms"]
            .to_string()
            .contains("\"bord du canal\""),
        "{}",
        everywhere.body
    );

    // Staff only; bad input is a 4xx with the error body.
    for role in ["volunteer", "council_member"] {
        let council = (role == "council_member")
            .then_some(app.council_id("Conseil citoyen de Bellevue").await);
        let (_, token) = app.user(role, council).await;
        assert_eq!(app.get(&path, &token).await.status, StatusCode::FORBIDDEN);
    }
    for (query, status, field) in [
        ("date=2026-13", StatusCode::BAD_REQUEST, "date"),
        ("period=week", StatusCode::BAD_REQUEST, ""),
        ("limit=0", StatusCode::BAD_REQUEST, "limit"),
        ("quartier_id=999999", StatusCode::NOT_FOUND, ""),
    ] {
        let reply = app
            .get(&format!("/api/v1/analysis/emerging?{query}"), &coordinator)
            .await;
        assert_eq!(reply.status, status, "{query}: {}", reply.body);
        reply.error_code();
        if !field.is_empty() {
            assert_eq!(reply.body["error"]["field"], field, "{query}");
        }
    }
}
