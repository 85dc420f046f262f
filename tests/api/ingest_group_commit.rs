//! SQLite's one writer with group commit (issue 18): pushes waiting in its queue are written in
//! one transaction and answered after its commit; two copies of an item in one group are one
//! `created` and one `duplicate`; a crash between the commit and the answers loses nothing and
//! duplicates nothing (the retries answer `duplicate`); a full queue answers 503 with
//! `Retry-After` at once. The writer is held at a gate (`ItemFaults::hold_writer`) so that the
//! groups are made on purpose, not by timing. PostgreSQL has no writer (concurrent
//! transactions): there the same requests run side by side and the same guarantees hold.

use std::collections::HashMap;

use diesel::prelude::*;
use futures_util::future::join_all;
use portevoix::services::items::{LostAnswers, WriterGate};
use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{
    backend, pool, response_item, sample_answers, spawn_with, testimony_item, Reply, TestApp,
};

fn on_sqlite() -> bool {
    backend() == "sqlite"
}

/// `count` distinct items: answer sets and testimonies, as phones send them.
async fn items(app: &TestApp, count: usize) -> Vec<Value> {
    let bellevue = app.quartier_id("bellevue").await;
    let (_, version) = app.open_survey(&[bellevue]).await;
    (0..count)
        .map(|i| {
            if i % 3 == 0 {
                json!({"kind": "testimony", "item": testimony_item(bellevue, &format!("Le square {i} ferme trop tôt l'été."))})
            } else {
                json!({"kind": "response", "item": response_item(version, bellevue, sample_answers())})
            }
        })
        .collect()
}

fn id_of(item: &Value) -> Uuid {
    item["item"]["id"].as_str().unwrap().parse().unwrap()
}

fn body(items: &[Value]) -> Value {
    json!({"device_id": null, "items": items})
}

async fn push(app: &TestApp, token: &str, items: &[Value]) -> Reply {
    app.post("/api/v1/sync/push", token, &body(items)).await
}

fn statuses(reply: &Reply) -> Vec<(Uuid, String)> {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().parse().unwrap(),
                r["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// A 503 with the error body and a `Retry-After` in whole seconds; returns the error code.
fn unavailable(reply: &Reply) -> String {
    assert_eq!(
        reply.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        reply.body
    );
    let retry: u64 = reply.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry >= 1, "Retry-After {retry}");
    let error = &reply.body["error"];
    assert!(error["message"].is_string(), "{}", reply.body);
    assert!(error.get("field").is_some(), "{}", reply.body);
    error["code"].as_str().unwrap().to_owned()
}

/// Each item stored once (answer sets and testimonies), and the tallies equal a recount.
async fn stored_once(app: &TestApp, items: &[Value]) {
    let url = app.db.url().to_owned();
    let mut expected: Vec<String> = items.iter().map(|i| id_of(i).to_string()).collect();
    expected.sort();
    tokio::task::spawn_blocking(move || {
        use portevoix::db::schema::{responses, testimonies};
        use portevoix::services::tallies;
        let pool = pool(&url);
        let mut conn = pool.get().unwrap();
        let mut stored: Vec<String> = responses::table
            .select(responses::id)
            .load(&mut *conn)
            .unwrap();
        stored.extend(
            testimonies::table
                .select(testimonies::id)
                .load::<String>(&mut *conn)
                .unwrap(),
        );
        stored.sort();
        assert_eq!(stored, expected, "each item stored once");
        assert_eq!(
            tallies::stored(&mut conn).unwrap(),
            tallies::recount(&mut conn).unwrap(),
            "tallies equal a recount"
        );
    })
    .await
    .unwrap();
}

async fn blocking(work: impl FnOnce() + Send + 'static) {
    tokio::task::spawn_blocking(work).await.unwrap();
}

/// Sends `first` and waits until the writer holds it at the gate, then sends `rest` and waits
/// until they are all in its queue (SQLite). On PostgreSQL all are sent at once.
async fn in_one_group(
    app: &TestApp,
    gate: &WriterGate,
    token: &str,
    first: Vec<Value>,
    rest: Vec<Vec<Value>>,
) -> Vec<Reply> {
    let mut sent = Vec::new();
    let spawn = |items: Vec<Value>| {
        let (client, url, token) = (
            app.client.clone(),
            format!("{}/api/v1/sync/push", app.base),
            token.to_owned(),
        );
        tokio::spawn(async move {
            TestApp::send(client.post(url).bearer_auth(token).json(&body(&items))).await
        })
    };
    let requests = rest.len() + 1;
    sent.push(spawn(first));
    if on_sqlite() {
        let gate = gate.clone();
        blocking(move || gate.wait_until_held()).await;
    }
    sent.extend(rest.into_iter().map(spawn));
    if on_sqlite() {
        let waiter = gate.clone();
        blocking(move || waiter.wait_until_queued(requests)).await;
        gate.open();
    }
    join_all(sent)
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_copies_of_an_item_in_one_group_are_one_created_and_one_duplicate() {
    let gate = WriterGate::new();
    let held = gate.clone();
    let app = spawn_with(|s| s.item_faults.hold_writer = Some(held)).await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let items = items(&app, 30).await;
    // The second and third pushes share ten items; each also has its own.
    let shared = &items[10..20];
    let second: Vec<Value> = shared.iter().chain(&items[20..25]).cloned().collect();
    let mut third: Vec<Value> = items[25..30].iter().chain(shared).cloned().collect();
    third.reverse();
    let replies = in_one_group(
        &app,
        &gate,
        &volunteer,
        items[..10].to_vec(),
        vec![second, third],
    )
    .await;

    let mut created: HashMap<Uuid, usize> = HashMap::new();
    let mut duplicates: HashMap<Uuid, usize> = HashMap::new();
    for reply in &replies {
        for (id, status) in statuses(reply) {
            match status.as_str() {
                "created" => *created.entry(id).or_default() += 1,
                "duplicate" => *duplicates.entry(id).or_default() += 1,
                other => panic!("{other} for {id}"),
            }
        }
    }
    for item in &items {
        assert_eq!(
            created.get(&id_of(item)),
            Some(&1),
            "one `created` per item"
        );
    }
    for item in shared {
        assert_eq!(
            duplicates.get(&id_of(item)),
            Some(&1),
            "the other copy is `duplicate`"
        );
    }
    assert_eq!(duplicates.len(), shared.len());
    stored_once(&app, &items).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn answers_lost_after_the_commit_lose_nothing_and_the_retries_say_duplicate() {
    let gate = WriterGate::new();
    let held = gate.clone();
    // The item whose write loses its answers is named once the items exist (they need the app).
    let marked = LostAnswers::new(Vec::new());
    let faults = marked.clone();
    let app = spawn_with(move |s| {
        s.item_faults.hold_writer = Some(held);
        s.item_faults.lose_answers_once = faults;
    })
    .await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let items = items(&app, 30).await;
    marked.add(id_of(&items[12]));
    let first = items[..10].to_vec();
    let second = items[10..20].to_vec();
    let third: Vec<Value> = items[5..15].iter().chain(&items[20..30]).cloned().collect();
    let batches = [first.clone(), second.clone(), third.clone()];
    let replies = in_one_group(&app, &gate, &volunteer, first, vec![second, third]).await;

    // The first write holding the marked item (the second or third push) got no answer; on
    // SQLite the whole group got none.
    let lost: Vec<bool> = replies
        .iter()
        .map(|reply| reply.status == StatusCode::SERVICE_UNAVAILABLE)
        .collect();
    if on_sqlite() {
        assert_eq!(lost, [true, true, true], "one group, one commit, no answer");
    } else {
        assert!(!lost[0], "{}", replies[0].body);
        assert!(lost[1] != lost[2], "one write lost its answer: {lost:?}");
    }
    let mut created: HashMap<Uuid, usize> = HashMap::new();
    for reply in &replies {
        if reply.status == StatusCode::SERVICE_UNAVAILABLE {
            assert_eq!(unavailable(reply), "unavailable");
            continue;
        }
        for (id, status) in statuses(reply) {
            if status == "created" {
                *created.entry(id).or_default() += 1;
            }
        }
    }

    // The phones retry what got no answer: everything was committed, so all is `duplicate`.
    for (batch, was_lost) in batches.iter().zip(&lost) {
        if *was_lost {
            let retry = push(&app, &volunteer, batch).await;
            for (id, status) in statuses(&retry) {
                assert_eq!(
                    status, "duplicate",
                    "{id} was stored before the answer was lost"
                );
            }
        }
    }
    assert!(created.values().all(|n| *n == 1));
    stored_once(&app, &items).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_full_write_queue_answers_503_with_retry_after_at_once() {
    let gate = WriterGate::new();
    let held = gate.clone();
    let app = spawn_with(|s| {
        s.write_queue = 1;
        s.item_faults.hold_writer = Some(held);
    })
    .await;
    let (_, volunteer) = app.user("volunteer", None).await;
    let items = items(&app, 30).await;
    let (first, second, third) = (&items[..10], &items[10..20], &items[20..30]);
    let spawn = |batch: &[Value]| {
        let (client, url, token, body) = (
            app.client.clone(),
            format!("{}/api/v1/sync/push", app.base),
            volunteer.clone(),
            body(batch),
        );
        tokio::spawn(
            async move { TestApp::send(client.post(url).bearer_auth(token).json(&body)).await },
        )
    };

    if !on_sqlite() {
        // No writer and no queue on PostgreSQL: the same three pushes at once are all stored.
        let replies = join_all([spawn(first), spawn(second), spawn(third)]).await;
        for reply in replies {
            assert!(statuses(&reply.unwrap())
                .iter()
                .all(|(_, s)| s == "created"));
        }
        stored_once(&app, &items).await;
        return;
    }

    // The writer holds the first push; the second fills the queue of one.
    let held_push = spawn(first);
    let waiter = gate.clone();
    blocking(move || waiter.wait_until_held()).await;
    let queued_push = spawn(second);
    let waiter = gate.clone();
    blocking(move || waiter.wait_until_queued(2)).await;

    // The third is turned away at once, a single-item create too; nothing of them is stored.
    let refused = push(&app, &volunteer, third).await;
    assert_eq!(unavailable(&refused), "busy");
    let single = app
        .post("/api/v1/testimonies", &volunteer, &third[1]["item"])
        .await;
    assert_eq!(unavailable(&single), "busy");

    gate.open();
    for reply in [held_push.await.unwrap(), queued_push.await.unwrap()] {
        assert!(statuses(&reply).iter().all(|(_, s)| s == "created"));
    }
    let retried = push(&app, &volunteer, third).await;
    assert!(
        statuses(&retried).iter().all(|(_, s)| s == "created"),
        "the refused push was not stored: its retry creates everything"
    );
    stored_once(&app, &items).await;
}
