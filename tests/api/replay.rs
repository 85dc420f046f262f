//! Replays: every batch sent three times, shuffled and concurrently, leaves the database
//! identical to sending each batch once.

use futures_util::future::join_all;
use rand::seq::SliceRandom;
use rand::SeedableRng;
use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{
    fingerprint, pool, response_item, sample_answers, spawn_app, testimony_item, TestApp,
};

fn batches(version: i64, quartiers: &[i64]) -> Vec<Value> {
    (0..12)
        .map(|b| {
            let mut items = Vec::new();
            for i in 0..20 {
                let q = quartiers[(b + i) % quartiers.len()];
                let item = match i % 5 {
                    0 => json!({"kind": "testimony", "item": testimony_item(q, &format!("Le tram {b}-{i} est trop plein le matin."))}),
                    1 => json!({"kind": "outing", "item": {"id": Uuid::now_v7(), "quartier_id": q, "place": "marché",
                        "started_at": chrono::Utc::now(), "approached": i, "answered": i / 2}}),
                    2 => json!({"kind": "response", "item": response_item(version, q, json!({"mode": "velo", "note": 3}))}),
                    _ => json!({"kind": "response", "item": response_item(version, q, sample_answers())}),
                };
                items.push(item);
            }
            // An item repeated inside its own batch is stored once.
            items.push(items[3].clone());
            json!({"device_id": null, "items": items})
        })
        .collect()
}

async fn setup(app: &TestApp) -> (String, i64, Vec<i64>) {
    let quartiers = vec![
        app.quartier_id("bellevue").await,
        app.quartier_id("breil").await,
    ];
    let (_, version) = app.open_survey(&quartiers).await;
    let (_, volunteer) = app.user("volunteer", None).await;
    (volunteer, version, quartiers)
}

#[tokio::test]
async fn replayed_batches_leave_the_database_as_one_send() {
    let once = spawn_app().await;
    let thrice = spawn_app().await;
    let (token_once, version, quartiers) = setup(&once).await;
    let (token_thrice, version_b, quartiers_b) = setup(&thrice).await;
    assert_eq!(
        (version, &quartiers),
        (version_b, &quartiers_b),
        "both databases are set up alike"
    );

    let batches = batches(version, &quartiers);
    for batch in &batches {
        let reply = once.post("/api/v1/sync/push", &token_once, batch).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    }

    let mut sends: Vec<&Value> = batches.iter().flat_map(|b| [b, b, b]).collect();
    sends.shuffle(&mut rand::rngs::StdRng::seed_from_u64(7));
    for wave in sends.chunks(12) {
        let replies = join_all(
            wave.iter()
                .map(|batch| thrice.post("/api/v1/sync/push", &token_thrice, batch)),
        )
        .await;
        for reply in replies {
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            for result in reply.body["results"].as_array().unwrap() {
                assert_ne!(
                    result["status"], "conflict",
                    "a replay is never a conflict: {result}"
                );
            }
        }
    }

    let a = fingerprint(&mut pool(once.db.url()).get().unwrap());
    let b = fingerprint(&mut pool(thrice.db.url()).get().unwrap());
    assert!(
        a.contains("tram") || a.len() > 100,
        "the fingerprint covers real rows"
    );
    assert_eq!(a, b);
    let recount =
        portevoix::services::tallies::recount(&mut pool(thrice.db.url()).get().unwrap()).unwrap();
    assert_eq!(
        portevoix::services::tallies::stored(&mut pool(thrice.db.url()).get().unwrap()).unwrap(),
        recount
    );
}
