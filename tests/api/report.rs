//! Issue 19: the council chooses the printable report's period and themes.

use reqwest::StatusCode;
use serde_json::Value;

use crate::council::setup;
use crate::fixtures::{approve, assert_no_small_cell, testimony};
use crate::helpers::{spawn_app, testimony_item};

fn this_month() -> String {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%Y-%m")
        .to_string()
}

fn codes(report: &Value) -> Vec<String> {
    report["themes"]["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_report_keeps_to_the_chosen_period_and_themes() {
    let app = spawn_app().await;
    let s = setup(&app).await;
    let (_, volunteer) = app.user("volunteer", None).await;
    // 12 quotable approved testimonies this month (quotes can be published): 6 on housing,
    // 6 on transport.
    for i in 0..12 {
        let theme = if i % 2 == 0 { "logement" } else { "mobilite" };
        let text = format!("Parole {i} entendue au marché, sur le quartier.");
        let id = testimony(&app, &volunteer, testimony_item(s.bellevue, &text)).await;
        approve(&app, &id, &[theme]).await;
    }
    app.published(s.bellevue, None).await;
    let report = |query: String| {
        let app = &app;
        let token = s.council.clone();
        async move {
            app.get(
                &format!("/api/v1/council/report?quartier_id={}{query}", s.bellevue),
                &token,
            )
            .await
        }
    };

    // By default: twelve months up to this one, every theme.
    let default = report(String::new()).await;
    assert_eq!(default.status, StatusCode::OK, "{}", default.body);
    assert_no_small_cell(&default.body);
    assert_eq!(default.body["to"], this_month());
    assert!(codes(&default.body).len() > 2);

    // One theme chosen: its series only, its quotes only.
    let chosen = report("&themes=mobilite".into()).await;
    assert_eq!(chosen.status, StatusCode::OK, "{}", chosen.body);
    assert_eq!(codes(&chosen.body), vec!["mobilite"]);
    let quotes = chosen.body["quotes"].as_array().unwrap();
    assert!(!quotes.is_empty(), "{}", chosen.body);
    assert!(quotes.len() <= 3);
    assert!(quotes
        .iter()
        .all(|q| q["themes"].to_string().contains("mobilite")));

    // A period of 2020: its months are before anything on record, and no quote is from then.
    let past = report("&from=2020-01&to=2020-12".into()).await;
    assert_eq!(past.status, StatusCode::OK, "{}", past.body);
    assert_eq!(past.body["from"], "2020-01");
    assert_eq!(past.body["to"], "2020-12");
    assert_eq!(past.body["quotes"], serde_json::json!([]));

    // Bad choices are named.
    let unknown = report("&themes=mobilite,licornes".into()).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.error_code(), "unknown_theme");
    assert_eq!(unknown.body["error"]["field"], "themes");
    let reversed = report("&from=2026-05&to=2026-01".into()).await;
    assert_eq!(reversed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reversed.error_code(), "invalid_range");
    let bad = report("&from=2026-13".into()).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.error_code(), "invalid_month");
}
