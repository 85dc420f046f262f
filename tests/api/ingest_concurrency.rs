//! Concurrent pushes of overlapping batches (issue 18): 8 clients send, at once, batches that
//! share ids (the same item in several batches, and twice in one), as phones retrying after a
//! lost answer do. Each item is stored once, exactly one answer across all of them says
//! `created` for each id (every other says `duplicate`), and the tallies equal a recount.

use std::collections::HashMap;

use futures_util::future::join_all;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{pool, response_item, sample_answers, spawn_app, testimony_item};

const CLIENTS: usize = 8;
const ROUNDS: usize = 3;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn overlapping_concurrent_batches_store_each_item_once() {
    let app = spawn_app().await;
    let quartiers = vec![
        app.quartier_id("bellevue").await,
        app.quartier_id("breil").await,
    ];
    let (_, version) = app.open_survey(&quartiers).await;
    let (_, volunteer) = app.user("volunteer", None).await;

    // 90 distinct items: answer sets (two shapes), testimonies and outings.
    let items: Vec<(Uuid, Value)> = (0..90)
        .map(|i| {
            let q = quartiers[i % quartiers.len()];
            let item = match i % 6 {
                0 => json!({"kind": "testimony", "item": testimony_item(q, &format!("Le bus {i} passe trop rarement le soir."))}),
                1 => json!({"kind": "outing", "item": {"id": Uuid::now_v7(), "quartier_id": q, "place": "marché",
                    "started_at": chrono::Utc::now(), "approached": i, "answered": i / 2}}),
                2 => json!({"kind": "response", "item": response_item(version, q, json!({"mode": "pied", "note": 2}))}),
                _ => json!({"kind": "response", "item": response_item(version, q, sample_answers())}),
            };
            let id = item["item"]["id"].as_str().unwrap().parse().unwrap();
            (id, item)
        })
        .collect();

    // Each round, each client sends one batch: a slice every client shares, random others, and
    // one item twice. Every item is in at least one batch of the first round.
    let mut rng = rand::rngs::StdRng::seed_from_u64(18);
    let rounds: Vec<Vec<Value>> = (0..ROUNDS)
        .map(|round| {
            (0..CLIENTS)
                .map(|client| {
                    let mut batch: Vec<Value> =
                        items[..10].iter().map(|(_, i)| i.clone()).collect();
                    if round == 0 {
                        batch.extend(
                            items[10..]
                                .iter()
                                .skip(client)
                                .step_by(CLIENTS)
                                .map(|(_, i)| i.clone()),
                        );
                    }
                    for _ in 0..20 {
                        batch.push(items[rng.gen_range(0..items.len())].1.clone());
                    }
                    let again = batch[rng.gen_range(0..batch.len())].clone();
                    batch.push(again);
                    batch.shuffle(&mut rng);
                    json!({"device_id": null, "items": batch})
                })
                .collect()
        })
        .collect();

    let mut created: HashMap<Uuid, usize> = HashMap::new();
    let mut answers = 0;
    for round in &rounds {
        let replies = join_all(
            round
                .iter()
                .map(|batch| app.post("/api/v1/sync/push", &volunteer, batch)),
        )
        .await;
        for (reply, batch) in replies.iter().zip(round) {
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            let results = reply.body["results"].as_array().unwrap();
            assert_eq!(results.len(), batch["items"].as_array().unwrap().len());
            for result in results {
                let id: Uuid = result["id"].as_str().unwrap().parse().unwrap();
                answers += 1;
                match result["status"].as_str().unwrap() {
                    "created" => *created.entry(id).or_default() += 1,
                    "duplicate" => {}
                    other => panic!("unexpected {other} for a copy of a stored item: {result}"),
                }
            }
        }
    }
    assert!(answers > items.len() * 3, "the batches overlap");
    for (id, _) in &items {
        assert_eq!(
            created.get(id).copied().unwrap_or(0),
            1,
            "exactly one `created` for {id}"
        );
    }

    let url = app.db.url().to_owned();
    let ids: HashMap<&str, Vec<String>> = ["response", "testimony", "outing"]
        .into_iter()
        .map(|kind| {
            (
                kind,
                items
                    .iter()
                    .filter(|(_, i)| i["kind"] == kind)
                    .map(|(id, _)| id.to_string())
                    .collect(),
            )
        })
        .collect();
    tokio::task::spawn_blocking(move || {
        use diesel::prelude::*;
        use portevoix::db::schema::{outings, responses, testimonies};
        use portevoix::services::tallies;
        let pool = pool(&url);
        let mut conn = pool.get().unwrap();
        let stored_responses: Vec<String> = responses::table
            .select(responses::id)
            .order(responses::id)
            .load(&mut *conn)
            .unwrap();
        let stored_testimonies: Vec<String> = testimonies::table
            .select(testimonies::id)
            .order(testimonies::id)
            .load(&mut *conn)
            .unwrap();
        let stored_outings: Vec<String> = outings::table
            .select(outings::id)
            .order(outings::id)
            .load(&mut *conn)
            .unwrap();
        for (kind, stored) in [
            ("response", stored_responses),
            ("testimony", stored_testimonies),
            ("outing", stored_outings),
        ] {
            let mut expected = ids[kind].clone();
            expected.sort();
            assert_eq!(stored, expected, "each {kind} stored once");
        }
        let stored = tallies::stored(&mut conn).unwrap();
        let recount = tallies::recount(&mut conn).unwrap();
        assert_eq!(stored, recount, "tallies equal a recount");
        let total: i64 = stored.responses.iter().map(|r| r.2).sum();
        assert_eq!(total as usize, ids["response"].len());
        // Every row was numbered (PostgreSQL numbers them last, after writing them).
        let unnumbered: i64 = responses::table
            .filter(responses::seq.le(0))
            .count()
            .get_result::<i64>(&mut *conn)
            .unwrap()
            + testimonies::table
                .filter(testimonies::seq.le(0))
                .count()
                .get_result::<i64>(&mut *conn)
                .unwrap()
            + outings::table
                .filter(outings::seq.le(0))
                .count()
                .get_result::<i64>(&mut *conn)
                .unwrap();
        assert_eq!(unnumbered, 0, "every stored row has its sequence number");
    })
    .await
    .unwrap();
}

/// 8 clients send, at once, the same ids with different contents (a tampered or buggy phone):
/// exactly one `created` per id, every other answer `conflict`, and what is stored is the
/// content of the push told `created`. Five rounds, so the pushes really race.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_different_contents_under_one_id_store_the_first_and_answer_conflict() {
    let app = spawn_app().await;
    let quartier = app.quartier_id("bellevue").await;
    let (_, version) = app.open_survey(&[quartier]).await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let url = app.db.url().to_owned();
    for round in 0..5 {
        let (response_id, testimony_id) = (Uuid::now_v7(), Uuid::now_v7());
        let batches: Vec<Value> = (0..CLIENTS)
            .map(|client| {
                let mut response = response_item(version, quartier, sample_answers());
                response["id"] = json!(response_id);
                response["place"] = json!(format!("marché, stand {client}"));
                let mut testimony =
                    testimony_item(quartier, &format!("Le bus passe trop rarement ({client})."));
                testimony["id"] = json!(testimony_id);
                let mut items = vec![
                    json!({"kind": "response", "item": response}),
                    json!({"kind": "testimony", "item": testimony}),
                ];
                if client % 2 == 1 {
                    items.reverse();
                }
                json!({"device_id": null, "items": items})
            })
            .collect();
        let replies = join_all(
            batches
                .iter()
                .map(|batch| app.post("/api/v1/sync/push", &volunteer, batch)),
        )
        .await;
        let mut winners: HashMap<Uuid, Vec<usize>> = HashMap::new();
        for (client, reply) in replies.iter().enumerate() {
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            for result in reply.body["results"].as_array().unwrap() {
                let id: Uuid = result["id"].as_str().unwrap().parse().unwrap();
                match result["status"].as_str().unwrap() {
                    "created" => winners.entry(id).or_default().push(client),
                    "conflict" => {}
                    other => panic!("round {round}: unexpected {other}: {result}"),
                }
            }
        }
        let response_winner = winners[&response_id].clone();
        let testimony_winner = winners[&testimony_id].clone();
        assert_eq!(response_winner.len(), 1, "one `created` for the answer set");
        assert_eq!(testimony_winner.len(), 1, "one `created` for the testimony");
        let url = url.clone();
        tokio::task::spawn_blocking(move || {
            use diesel::prelude::*;
            use portevoix::db::schema::{answers, responses, testimonies};
            let pool = pool(&url);
            let mut conn = pool.get().unwrap();
            let place: String = responses::table
                .find(response_id.to_string())
                .select(responses::place)
                .first(&mut *conn)
                .unwrap();
            assert_eq!(place, format!("marché, stand {}", response_winner[0]));
            let text: String = testimonies::table
                .find(testimony_id.to_string())
                .select(testimonies::text)
                .first(&mut *conn)
                .unwrap();
            assert!(
                text.contains(&format!("({})", testimony_winner[0])),
                "{text}"
            );
            let answer_rows: i64 = answers::table
                .filter(answers::response_id.eq(response_id.to_string()))
                .count()
                .get_result(&mut *conn)
                .unwrap();
            assert!(answer_rows > 0, "the winner's answers are stored");
        })
        .await
        .unwrap();
    }
    let url = app.db.url().to_owned();
    tokio::task::spawn_blocking(move || {
        let pool = pool(&url);
        let mut conn = pool.get().unwrap();
        let stored = portevoix::services::tallies::stored(&mut conn).unwrap();
        let recount = portevoix::services::tallies::recount(&mut conn).unwrap();
        assert_eq!(stored, recount, "tallies count each winner once");
    })
    .await
    .unwrap();
}
