//! The security review's finding about the ingest (issue 13, finding 10).

use serde_json::json;
use uuid::Uuid;

use crate::helpers::{response_item, sample_answers, spawn_app, testimony_item};

/// A volunteer attached a response to another volunteer's outing and changed that volunteer's
/// follow-up figures: an outing id is now checked against its owner.
#[tokio::test]
async fn finding_10_outing_id_is_not_checked_against_its_owner() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let (_, version) = app.open_survey(&[bellevue]).await;
    let (_, alice) = app.user("volunteer", None).await;
    let (_, bob) = app.user("volunteer", None).await;

    let outing = Uuid::now_v7();
    let alice_outing = json!({"id": outing, "quartier_id": bellevue, "place": "marché",
        "started_at": chrono::Utc::now(), "approached": 5, "answered": 2});
    let results = app.push(&alice, &[("outing", alice_outing)]).await;
    assert_eq!(results[0]["status"], "created");

    let mut response = response_item(version, bellevue, sample_answers());
    response["outing_id"] = json!(outing);
    let mut testimony = testimony_item(bellevue, "Le tram passe jamais le soir");
    testimony["outing_id"] = json!(outing);
    let results = app
        .push(
            &bob,
            &[
                ("response", response.clone()),
                ("testimony", testimony.clone()),
            ],
        )
        .await;
    for result in &results {
        assert_eq!(result["status"], "rejected", "{result}");
        assert_eq!(result["code"], "foreign_outing");
        assert_eq!(result["field"], "outing_id");
    }

    // Alice's own items in her outing, and Bob's in an outing he sends in the same batch or
    // later (not on the server yet), are accepted.
    let results = app
        .push(&alice, &[("response", response), ("testimony", testimony)])
        .await;
    assert!(
        results.iter().all(|r| r["status"] == "created"),
        "{results:?}"
    );
    let bob_outing = Uuid::now_v7();
    let mut later = response_item(version, bellevue, sample_answers());
    later["outing_id"] = json!(bob_outing);
    let mut same_batch = response_item(version, bellevue, sample_answers());
    same_batch["outing_id"] = json!(bob_outing);
    let bob_outing_item = json!({"id": bob_outing, "quartier_id": bellevue, "place": "square",
        "started_at": chrono::Utc::now(), "approached": 3, "answered": 2});
    let results = app.push(&bob, &[("response", later)]).await;
    assert_eq!(results[0]["status"], "created", "{}", results[0]);
    let results = app
        .push(
            &bob,
            &[("outing", bob_outing_item), ("response", same_batch)],
        )
        .await;
    assert!(
        results.iter().all(|r| r["status"] == "created"),
        "{results:?}"
    );
}
