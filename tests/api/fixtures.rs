//! Builders shared by the moderation, council, export and follow-up tests.

use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{pool, TestApp};

/// A testimony pushed by `token`; returns its id.
pub async fn testimony(app: &TestApp, token: &str, item: Value) -> String {
    let id = item["id"].as_str().unwrap().to_owned();
    app.push_new(token, &[("testimony", item)]).await;
    id
}

pub async fn decide(app: &TestApp, id: &str, body: Value) -> crate::helpers::Reply {
    app.post(
        &format!("/api/v1/moderation/testimonies/{id}/decision"),
        &app.admin,
        &body,
    )
    .await
}

/// Approves with the given themes and checks it worked.
pub async fn approve(app: &TestApp, id: &str, themes: &[&str]) {
    let reply = decide(
        app,
        id,
        json!({"decision": "approve", "themes": themes, "confirm_sensitive": true}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.body["status"], "approved");
}

/// `tally_themes` for one quartier and theme, all months together.
pub fn theme_tally(app: &TestApp, quartier: i64, theme: &str) -> i64 {
    use portevoix::db::schema::tally_themes;
    let pool = pool(app.db.url());
    let mut conn = pool.get().unwrap();
    tally_themes::table
        .filter(tally_themes::quartier_id.eq(quartier))
        .filter(tally_themes::theme_code.eq(theme))
        .select(tally_themes::testimonies)
        .load::<i64>(&mut conn)
        .unwrap()
        .into_iter()
        .sum()
}

/// `tally_testimonies` for one quartier, all months together.
pub fn testimony_tally(app: &TestApp, quartier: i64) -> i64 {
    use portevoix::db::schema::tally_testimonies;
    let pool = pool(app.db.url());
    let mut conn = pool.get().unwrap();
    tally_testimonies::table
        .filter(tally_testimonies::quartier_id.eq(quartier))
        .select(tally_testimonies::testimonies)
        .load::<i64>(&mut conn)
        .unwrap()
        .into_iter()
        .sum()
}

/// The audit actions recorded for a target, oldest first.
pub async fn audit_actions(app: &TestApp, target: &str) -> Vec<String> {
    let reply = app
        .get(
            &format!("/api/v1/audit?target={target}&limit=200"),
            &app.admin,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let mut actions: Vec<String> = reply.body["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    actions.reverse();
    actions
}

/// Every figure in a JSON document: objects with a `display` and a `count` key.
pub fn figures(value: &Value) -> Vec<&Value> {
    let mut found = Vec::new();
    match value {
        Value::Object(map) => {
            if map.contains_key("display") && map.contains_key("count") {
                found.push(value);
            }
            for v in map.values() {
                found.extend(figures(v));
            }
        }
        Value::Array(items) => {
            for v in items {
                found.extend(figures(v));
            }
        }
        _ => {}
    }
    found
}

/// The small-cell rule on a whole response: nothing published between 1 and 10.
pub fn assert_no_small_cell(value: &Value) {
    let all = figures(value);
    assert!(!all.is_empty(), "no figure in {value}");
    for figure in all {
        if let Some(n) = figure["count"].as_u64() {
            assert!(n == 0 || n >= 11, "published small count {n} in {value}");
            assert!(figure["suppressed"].is_null());
        } else {
            assert!(figure["suppressed"].is_string(), "{figure}");
            assert!(figure["percent"].is_null(), "{figure}");
            assert!(
                figure["display"] == "< 11" || figure["display"] == "s",
                "{figure}"
            );
        }
    }
}
