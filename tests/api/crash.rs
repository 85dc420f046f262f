//! Crash test: 20 clients push 10,000 items in batches while the server process is killed with
//! SIGKILL at random moments and restarted. Clients retry until every item is acknowledged.
//! Afterwards every item is stored exactly once, every item acknowledged before a kill survived,
//! and the running tallies equal a full recount.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use diesel::prelude::*;
use rand::{Rng, SeedableRng};
use reqwest::StatusCode;
use serde_json::{json, Value};
use tokio::sync::{watch, Notify};
use uuid::Uuid;

use crate::helpers::{
    pool, response_item, sample_answers, testimony_item, TestDb, ADMIN_EMAIL, ADMIN_PASSWORD,
    JWT_SECRET,
};
use portevoix_test_support::ServerProcess;

const CLIENTS: usize = 20;
const ITEMS_PER_CLIENT: usize = 500;
const BATCH: usize = 50;
const KILLS: usize = 4;

/// The real `portevoix` binary, on a fixed port so clients find it again after a restart.
fn start_server(database_url: &str, port: u16) -> ServerProcess {
    ServerProcess::start(
        env!("CARGO_BIN_EXE_portevoix"),
        database_url,
        &format!("127.0.0.1:{port}"),
        &[
            ("PORTEVOIX_JWT_SECRET", JWT_SECRET),
            ("PORTEVOIX_ADMIN_EMAIL", ADMIN_EMAIL),
            ("PORTEVOIX_ADMIN_PASSWORD", ADMIN_PASSWORD),
        ],
    )
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn json_post(
    client: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    body: &Value,
) -> (StatusCode, Value) {
    let mut request = client.post(url).json(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("server up during setup");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_during_pushes_loses_and_duplicates_nothing() {
    let db = TestDb::new();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start_server(db.url(), port);
    let client = reqwest::Client::new();

    // Set-up through the API: a volunteer, an open survey on two quartiers.
    let (_, login) = json_post(
        &client,
        &format!("{base}/api/v1/auth/login"),
        None,
        &json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}),
    )
    .await;
    let admin = login["access_token"].as_str().unwrap().to_owned();
    let quartiers: Vec<i64> = client
        .get(format!("{base}/api/v1/quartiers"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .take(2)
        .map(|q| q["id"].as_i64().unwrap())
        .collect();
    let (_, survey) = json_post(
        &client,
        &format!("{base}/api/v1/surveys"),
        Some(&admin),
        &crate::helpers::sample_survey(),
    )
    .await;
    let survey_id = survey["id"].as_i64().unwrap();
    client
        .put(format!("{base}/api/v1/surveys/{survey_id}/quartiers"))
        .bearer_auth(&admin)
        .json(&json!({"quartier_ids": quartiers}))
        .send()
        .await
        .unwrap();
    json_post(
        &client,
        &format!("{base}/api/v1/surveys/{survey_id}/publish"),
        Some(&admin),
        &json!({}),
    )
    .await;
    let (_, opened) = json_post(
        &client,
        &format!("{base}/api/v1/surveys/{survey_id}/open"),
        Some(&admin),
        &json!({}),
    )
    .await;
    let version = opened["current_version"]["id"].as_i64().unwrap();
    json_post(&client, &format!("{base}/api/v1/users"), Some(&admin),
        &json!({"email": "v@test.local", "display_name": "V", "role": "volunteer", "password": "volunteer-password"})).await;
    let (_, login) = json_post(
        &client,
        &format!("{base}/api/v1/auth/login"),
        None,
        &json!({"email": "v@test.local", "password": "volunteer-password"}),
    )
    .await;
    let token = Arc::new(login["access_token"].as_str().unwrap().to_owned());

    // 10,000 items: four answer sets for one testimony.
    let mut all_ids = HashSet::new();
    let mut per_client: Vec<Vec<Value>> = Vec::new();
    for c in 0..CLIENTS {
        let mut batches = Vec::new();
        for chunk in 0..ITEMS_PER_CLIENT / BATCH {
            let items: Vec<Value> = (0..BATCH)
                .map(|i| {
                    let q = quartiers[(c + i) % 2];
                    if i % 5 == 4 {
                        json!({"kind": "testimony", "item": testimony_item(q, &format!("Client {c}, lot {chunk}, parole {i} : le bus passe trop rarement."))})
                    } else {
                        json!({"kind": "response", "item": response_item(version, q, sample_answers())})
                    }
                })
                .collect();
            for item in &items {
                all_ids.insert(Uuid::parse_str(item["item"]["id"].as_str().unwrap()).unwrap());
            }
            batches.push(json!({"device_id": null, "items": items}));
        }
        per_client.push(batches);
    }
    assert_eq!(all_ids.len(), CLIENTS * ITEMS_PER_CLIENT);

    let acked: Arc<Mutex<HashSet<Uuid>>> = Arc::default();
    let acked_count = Arc::new(AtomicUsize::new(0));
    let progress = Arc::new(Notify::new());
    let (generation_tx, generation_rx) = watch::channel(0u32);

    let mut tasks = Vec::new();
    for batches in per_client {
        let (client, token, acked, acked_count, progress, mut generation) = (
            client.clone(),
            token.clone(),
            acked.clone(),
            acked_count.clone(),
            progress.clone(),
            generation_rx.clone(),
        );
        let url = format!("{base}/api/v1/sync/push");
        tasks.push(tokio::spawn(async move {
            for batch in batches {
                loop {
                    let seen = *generation.borrow_and_update();
                    let reply = client
                        .post(&url)
                        .bearer_auth(token.as_str())
                        .json(&batch)
                        .send()
                        .await;
                    let body = match reply {
                        Ok(r) if r.status() == StatusCode::OK => r.json::<Value>().await.ok(),
                        Ok(r) => panic!("unexpected status {} from push", r.status()),
                        Err(_) => None, // connection refused or reset: the server is down
                    };
                    if let Some(body) = body {
                        let mut acked = acked.lock().unwrap();
                        for result in body["results"].as_array().unwrap() {
                            let status = result["status"].as_str().unwrap();
                            assert!(
                                status == "created" || status == "duplicate",
                                "every item is valid: {result}"
                            );
                            acked.insert(Uuid::parse_str(result["id"].as_str().unwrap()).unwrap());
                        }
                        acked_count.store(acked.len(), Ordering::SeqCst);
                        progress.notify_waiters();
                        break;
                    }
                    // Wait for the restarted server (or retry shortly if it was not a restart).
                    if *generation.borrow() == seen {
                        let _ =
                            tokio::time::timeout(Duration::from_millis(200), generation.changed())
                                .await;
                    }
                }
            }
        }));
    }

    // Kill at random points of progress, each time after a random share of the items.
    let seed: u64 = rand::thread_rng().gen();
    eprintln!("crash test seed {seed}");
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let total = all_ids.len();
    let mut thresholds: Vec<usize> = (0..KILLS)
        .map(|_| rng.gen_range(total / 20..total * 9 / 10))
        .collect();
    thresholds.sort_unstable();
    let mut acked_before_kills: Vec<HashSet<Uuid>> = Vec::new();
    for (n, threshold) in thresholds.into_iter().enumerate() {
        loop {
            let notified = progress.notified();
            if acked_count.load(Ordering::SeqCst) >= threshold {
                break;
            }
            notified.await;
        }
        let snapshot = acked.lock().unwrap().clone();
        server.kill();
        acked_before_kills.push(snapshot);
        server = tokio::task::spawn_blocking({
            let url = db.url().to_owned();
            move || start_server(&url, port)
        })
        .await
        .unwrap();
        generation_tx.send_replace(n as u32 + 1);
    }
    for task in tasks {
        task.await.expect("client finished");
    }
    drop(server);

    let acked = acked.lock().unwrap().clone();
    assert_eq!(acked, all_ids, "every item acknowledged in the end");
    let mut conn = pool(db.url()).get().unwrap();
    use portevoix::db::schema::{responses, testimonies};
    let mut stored: Vec<String> = responses::table
        .select(responses::id)
        .load(&mut conn)
        .unwrap();
    stored.extend(
        testimonies::table
            .select(testimonies::id)
            .load::<String>(&mut conn)
            .unwrap(),
    );
    assert_eq!(stored.len(), total, "each item stored exactly once");
    let stored: HashSet<Uuid> = stored.iter().map(|s| Uuid::parse_str(s).unwrap()).collect();
    assert_eq!(stored, all_ids);
    assert_eq!(acked_before_kills.len(), KILLS);
    for (n, before) in acked_before_kills.iter().enumerate() {
        assert!(
            before.is_subset(&stored),
            "items acknowledged before kill {n} survived it"
        );
    }
    let tallies = portevoix::services::tallies::stored(&mut conn).unwrap();
    assert_eq!(
        tallies,
        portevoix::services::tallies::recount(&mut conn).unwrap()
    );
    assert_eq!(
        tallies.responses.iter().map(|r| r.2).sum::<i64>() as usize,
        total * 4 / 5
    );
}
