//! One bad item never fails a batch. Faults are injected at the item level (a panic while an
//! item is prepared, a panic in the text analysis, a row the database refuses), not through a
//! known-bad sentence: whatever the next bug is, the other items of the batch are stored and the
//! phone's outbox moves on. Also: text is cleaned at the door the same way on both backends.

use diesel::prelude::*;
use portevoix::db::schema::{outings, responses, tally_responses, testimonies, testimony_themes};
use portevoix::services::items::ItemFaults;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{
    pool, response_item, sample_answers, spawn_app, spawn_with, testimony_item, TestApp,
};

const BATCH: usize = 50;
const POISONED_AT: usize = 17;

/// A batch of 50 mixed items (answer sets, testimonies, outings); the item at
/// [`POISONED_AT`] is of `kind` and has the id `poisoned`.
async fn batch(app: &TestApp, kind: &str, poisoned: Uuid) -> Vec<(&'static str, Value)> {
    let bellevue = app.quartier_id("bellevue").await;
    let (_, version) = app.open_survey(&[bellevue]).await;
    (0..BATCH)
        .map(|i| {
            let kind = if i == POISONED_AT {
                kind
            } else {
                ["response", "testimony", "outing"][i % 3]
            };
            let mut item = match kind {
                "response" => response_item(version, bellevue, sample_answers()),
                "testimony" => testimony_item(
                    bellevue,
                    &format!("J'ai un rdv à la CAF n°{i} mais le bus 23 passe jamais"),
                ),
                _ => json!({"id": Uuid::now_v7(), "quartier_id": bellevue, "place": "marché",
                            "started_at": chrono::Utc::now(), "approached": 9, "answered": 4}),
            };
            if i == POISONED_AT {
                item["id"] = json!(poisoned);
            }
            let kind: &'static str = match kind {
                "response" => "response",
                "testimony" => "testimony",
                _ => "outing",
            };
            (kind, item)
        })
        .collect()
}

fn statuses(results: &[Value]) -> Vec<String> {
    results
        .iter()
        .map(|r| r["status"].as_str().unwrap().to_owned())
        .collect()
}

fn count_rows(app: &TestApp) -> (i64, i64, i64, i64) {
    let mut conn = pool(app.db.url()).get().unwrap();
    let responses: i64 = responses::table.count().get_result(&mut conn).unwrap();
    let testimonies: i64 = testimonies::table.count().get_result(&mut conn).unwrap();
    let outings: i64 = outings::table.count().get_result(&mut conn).unwrap();
    let tallied: Vec<i64> = tally_responses::table
        .select(tally_responses::responses)
        .load(&mut conn)
        .unwrap();
    (responses, testimonies, outings, tallied.iter().sum())
}

/// Pushes the poisoned batch twice: 49 created and the poisoned one rejected with `code`, then
/// 49 duplicates and the poisoned one rejected again; nothing of it stored, tallies exact.
async fn poisoned_batch_stores_the_other_49(
    kind: &str,
    code: &str,
    fault: fn(&mut ItemFaults, Uuid),
) {
    let poisoned = Uuid::now_v7();
    let app = spawn_with(|settings| fault(&mut settings.item_faults, poisoned)).await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let items = batch(&app, kind, poisoned).await;

    for (round, expected_others) in [(1, "created"), (2, "duplicate")] {
        let results = app.push(&volunteer, &items).await;
        let statuses = statuses(&results);
        assert_eq!(results.len(), BATCH);
        for (i, status) in statuses.iter().enumerate() {
            if i == POISONED_AT {
                assert_eq!(status, "rejected", "round {round}: {}", results[i]);
                assert_eq!(results[i]["code"], code);
                assert_eq!(results[i]["id"], json!(poisoned));
                let message = results[i]["message"].as_str().unwrap();
                assert!(message.contains("téléphone"), "{message}");
            } else {
                assert_eq!(
                    status, expected_others,
                    "round {round}, item {i}: {}",
                    results[i]
                );
            }
        }
    }
    let (responses, testimonies, outings, tallied) = count_rows(&app);
    let expected = |k: &str| {
        items
            .iter()
            .enumerate()
            .filter(|(i, (kind, _))| *kind == k && *i != POISONED_AT)
            .count() as i64
    };
    assert_eq!(responses, expected("response"));
    assert_eq!(testimonies, expected("testimony"));
    assert_eq!(outings, expected("outing"));
    assert_eq!(
        tallied, responses,
        "tallies count exactly the stored answer sets"
    );
}

#[tokio::test]
async fn an_item_that_panics_while_prepared_is_rejected_and_the_other_49_are_stored() {
    poisoned_batch_stores_the_other_49("testimony", "item_failed", |faults, id| {
        faults.panic_preparing.push(id)
    })
    .await;
}

#[tokio::test]
async fn an_answer_set_the_database_refuses_is_rejected_and_the_other_49_are_stored() {
    poisoned_batch_stores_the_other_49("response", "refused_by_database", |faults, id| {
        faults.refused_by_database.push(id)
    })
    .await;
}

#[tokio::test]
async fn a_testimony_the_database_refuses_is_rejected_and_the_other_49_are_stored() {
    poisoned_batch_stores_the_other_49("testimony", "refused_by_database", |faults, id| {
        faults.refused_by_database.push(id)
    })
    .await;
}

/// A testimony must not be lost because the theme suggestion failed: it is stored, with no
/// suggested theme, a placeholder as redacted text (never the raw text) and the flag the
/// review queue shows.
#[tokio::test]
async fn a_testimony_whose_analysis_panics_is_stored_for_the_coordinator_to_theme() {
    let poisoned = Uuid::now_v7();
    let app = spawn_with(|s| s.item_faults.panic_analysing.push(poisoned)).await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let items = batch(&app, "testimony", poisoned).await;
    let results = app.push(&volunteer, &items).await;
    assert!(
        statuses(&results).iter().all(|s| s == "created"),
        "{results:?}"
    );

    let mut conn = pool(app.db.url()).get().unwrap();
    let (redacted, failed, sensitive): (String, bool, bool) = testimonies::table
        .find(poisoned.to_string())
        .select((
            testimonies::redacted_text,
            testimonies::analysis_failed,
            testimonies::sensitive,
        ))
        .first(&mut conn)
        .unwrap();
    assert!(failed && sensitive);
    assert!(!redacted.contains("rdv"), "{redacted}");
    let themes: i64 = testimony_themes::table
        .filter(testimony_themes::testimony_id.eq(poisoned.to_string()))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(themes, 0);
    // The others were analysed as usual.
    let analysed: i64 = testimonies::table
        .filter(testimonies::analysis_failed.eq(false))
        .count()
        .get_result(&mut conn)
        .unwrap();
    let all: i64 = testimonies::table.count().get_result(&mut conn).unwrap();
    assert_eq!(analysed, all - 1);

    let queue = app
        .get(
            "/api/v1/moderation/testimonies?status=pending&limit=100",
            &app.admin,
        )
        .await;
    let flagged: Vec<&Value> = queue.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["analysis_failed"] == true)
        .collect();
    assert_eq!(flagged.len(), 1, "{}", queue.body);
    assert_eq!(flagged[0]["id"], json!(poisoned));
}

/// NUL and other controls, bidi overrides and decomposed accents: removed and composed before
/// anything is stored, the same on SQLite and PostgreSQL (where a NUL used to fail the batch).
#[tokio::test]
async fn text_is_cleaned_at_the_door_on_both_backends() {
    let app = spawn_app().await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let bellevue = app.quartier_id("bellevue").await;
    let mut testimony = testimony_item(
        bellevue,
        "Le bus\u{0} ne passe plus\u{202e} depuis l'e\u{301}te\u{301}\r\nvraiment\u{7}",
    );
    testimony["place"] = json!("marche\u{301}\u{0}\nde Bellevue");
    let outing = json!({"id": Uuid::now_v7(), "quartier_id": bellevue, "place": "square",
        "started_at": chrono::Utc::now(), "approached": 3, "answered": 2,
        "note": "pluie\u{0}\u{1b}[31m, peu de monde"});
    let only_controls = testimony_item(bellevue, "\u{0}\u{1}\u{202e}");
    let results = app
        .push(
            &volunteer,
            &[
                ("testimony", testimony.clone()),
                ("outing", outing.clone()),
                ("testimony", only_controls),
            ],
        )
        .await;
    assert_eq!(statuses(&results), ["created", "created", "rejected"]);
    assert_eq!(results[2]["code"], "invalid_text");

    let mut conn = pool(app.db.url()).get().unwrap();
    let (text, place): (String, String) = testimonies::table
        .find(testimony["id"].as_str().unwrap())
        .select((testimonies::text, testimonies::place))
        .first(&mut conn)
        .unwrap();
    assert_eq!(text, "Le bus ne passe plus depuis l'été\nvraiment");
    assert_eq!(place, "marché de Bellevue");
    let note: Option<String> = outings::table
        .find(outing["id"].as_str().unwrap())
        .select(outings::note)
        .first(&mut conn)
        .unwrap();
    assert_eq!(note.as_deref(), Some("pluie[31m, peu de monde"));
    // Sent again as it was: the same item, acknowledged as a duplicate.
    let again = app.push(&volunteer, &[("testimony", testimony)]).await;
    assert_eq!(statuses(&again), ["duplicate"]);
}

/// What residents write by SMS reaches the review queue analysed (the `rdv` crash).
#[tokio::test]
async fn testimonies_with_sms_spellings_are_analysed_and_stored() {
    let app = spawn_app().await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let bellevue = app.quartier_id("bellevue").await;
    let texts = [
        "j'ai un rdv",
        "RDV à la CAF demain",
        "rdv.",
        "1 rdv chez le médecin, jsuis tjrs malade tkt",
        "pas de rdv chez le dentiste pk ?",
    ];
    let items: Vec<(&str, Value)> = texts
        .iter()
        .map(|t| ("testimony", testimony_item(bellevue, t)))
        .collect();
    let results = app.push(&volunteer, &items).await;
    assert!(
        statuses(&results).iter().all(|s| s == "created"),
        "{results:?}"
    );
    let mut conn = pool(app.db.url()).get().unwrap();
    let failed: i64 = testimonies::table
        .filter(testimonies::analysis_failed.eq(true))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(failed, 0);
    let sante: i64 = testimony_themes::table
        .filter(testimony_themes::theme_code.eq("sante"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert!(sante >= 1, "the médecin testimony is about health");
}
