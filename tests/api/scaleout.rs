//! Scale-out: two `portevoix serve` processes on the same database (PostgreSQL, or the same
//! SQLite file: whichever `PORTEVOIX_TEST_DB` selects). Every batch is pushed to both at once;
//! nothing is lost or duplicated, tallies equal a recount, both instances pull the same state,
//! and sessions and sign-in throttling are shared (no state kept in one process).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a panic is a failure"
)]

use std::collections::HashSet;

use diesel::prelude::*;
use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::helpers::{
    pool, response_item, sample_answers, testimony_item, TestDb, ADMIN_EMAIL, ADMIN_PASSWORD,
    JWT_SECRET, REFRESH_IN_BODY,
};
use portevoix_test_support::ServerProcess;

const CLIENTS: usize = 8;
const BATCHES: usize = 10;
const BATCH: usize = 25;

/// One server process (a small pool, as each instance of a deployment would have); killed
/// when dropped.
fn start_instance(database_url: &str) -> ServerProcess {
    ServerProcess::start(
        env!("CARGO_BIN_EXE_portevoix"),
        database_url,
        "127.0.0.1:0",
        &[
            ("PORTEVOIX_JWT_SECRET", JWT_SECRET),
            ("PORTEVOIX_ADMIN_EMAIL", ADMIN_EMAIL),
            ("PORTEVOIX_ADMIN_PASSWORD", ADMIN_PASSWORD),
            ("PORTEVOIX_POOL_SIZE", "4"),
        ],
    )
}

async fn post(
    client: &reqwest::Client,
    url: String,
    token: Option<&str>,
    body: &Value,
) -> (StatusCode, Value) {
    // A client without cookies: refresh tokens come back in the body.
    let mut request = client
        .post(url)
        .header(REFRESH_IN_BODY.0, REFRESH_IN_BODY.1)
        .json(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn get(client: &reqwest::Client, url: String, token: &str) -> Value {
    let response = client.get(url).bearer_auth(token).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

async fn login(
    client: &reqwest::Client,
    base: &str,
    email: &str,
    password: &str,
) -> (StatusCode, Value) {
    post(
        client,
        format!("{base}/api/v1/auth/login"),
        None,
        &json!({"email": email, "password": password}),
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_on_one_database_share_everything() {
    let db = TestDb::new();
    let a = start_instance(db.url());
    let b = start_instance(db.url());
    let (a, b) = (a.base.clone(), b.base.clone());
    let client = reqwest::Client::new();

    // Set-up on A, used on B.
    let (_, session) = login(&client, &a, ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let admin = session["access_token"].as_str().unwrap().to_owned();
    let quartiers: Vec<i64> = get(&client, format!("{b}/api/v1/quartiers"), &admin)
        .await
        .as_array()
        .unwrap()
        .iter()
        .take(2)
        .map(|q| q["id"].as_i64().unwrap())
        .collect();
    let (status, survey) = post(
        &client,
        format!("{a}/api/v1/surveys"),
        Some(&admin),
        &crate::helpers::sample_survey(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let id = survey["id"].as_i64().unwrap();
    let response = client
        .put(format!("{b}/api/v1/surveys/{id}/quartiers"))
        .bearer_auth(&admin)
        .json(&json!({"quartier_ids": quartiers}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    post(
        &client,
        format!("{a}/api/v1/surveys/{id}/publish"),
        Some(&admin),
        &json!({}),
    )
    .await;
    let (_, opened) = post(
        &client,
        format!("{b}/api/v1/surveys/{id}/open"),
        Some(&admin),
        &json!({}),
    )
    .await;
    let version = opened["current_version"]["id"].as_i64().unwrap();
    let (status, _) = post(&client, format!("{a}/api/v1/users"), Some(&admin),
        &json!({"email": "v@test.local", "display_name": "V", "role": "volunteer", "password": "volunteer-password"})).await;
    assert_eq!(status, StatusCode::CREATED);

    // Refresh-token rotation alternating between instances; a replayed token revokes the
    // family on the other instance too.
    let (_, session) = login(&client, &b, "v@test.local", "volunteer-password").await;
    let token = session["access_token"].as_str().unwrap().to_owned();
    let first = session["refresh_token"].as_str().unwrap().to_owned();
    let mut current = first.clone();
    for base in [&a, &b, &a, &b] {
        let (status, next) = post(
            &client,
            format!("{base}/api/v1/auth/refresh"),
            None,
            &json!({"refresh_token": current}),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{next}");
        current = next["refresh_token"].as_str().unwrap().to_owned();
    }
    // Past the reuse grace period (moved into the past rather than waited for).
    crate::auth::age_rotations(
        db.url(),
        portevoix::services::accounts::sessions::REFRESH_REUSE_GRACE_MS + 1_000,
    );
    let (status, _) = post(
        &client,
        format!("{b}/api/v1/auth/refresh"),
        None,
        &json!({"refresh_token": first}),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a spent token is refused");
    let (status, _) = post(
        &client,
        format!("{a}/api/v1/auth/refresh"),
        None,
        &json!({"refresh_token": current}),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "its whole family was revoked, on every instance"
    );

    // Sign-in throttling counts on both instances together.
    for n in 0..5 {
        let base = if n % 2 == 0 { &a } else { &b };
        let (status, _) = login(&client, base, ADMIN_EMAIL, "wrong password").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    for base in [&a, &b] {
        let (status, body) = login(&client, base, ADMIN_EMAIL, ADMIN_PASSWORD).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    }

    // The load: every batch sent to both instances at once.
    let mut all_ids = HashSet::new();
    let mut clients = Vec::new();
    for c in 0..CLIENTS {
        let mut batches = Vec::new();
        for n in 0..BATCHES {
            let items: Vec<Value> = (0..BATCH)
                .map(|i| {
                    let q = quartiers[(c + i) % 2];
                    match i % 5 {
                        4 => json!({"kind": "testimony", "item": testimony_item(q, &format!("Client {c}, lot {n} : le tram {i} est bondé."))}),
                        3 => json!({"kind": "outing", "item": {"id": Uuid::now_v7(), "quartier_id": q, "place": "marché",
                            "started_at": chrono::Utc::now(), "approached": i, "answered": i / 2}}),
                        _ => json!({"kind": "response", "item": response_item(version, q, sample_answers())}),
                    }
                })
                .collect();
            all_ids.extend(
                items
                    .iter()
                    .map(|i| i["item"]["id"].as_str().unwrap().to_owned()),
            );
            batches.push(json!({"device_id": null, "items": items}));
        }
        let (client, token, a, b) = (client.clone(), token.clone(), a.clone(), b.clone());
        clients.push(tokio::spawn(async move {
            for batch in batches {
                let replies = join_all([&a, &b].map(|base| {
                    post(
                        &client,
                        format!("{base}/api/v1/sync/push"),
                        Some(&token),
                        &batch,
                    )
                }))
                .await;
                let mut created = 0;
                for (status, body) in replies {
                    assert_eq!(status, StatusCode::OK, "{body}");
                    for result in body["results"].as_array().unwrap() {
                        match result["status"].as_str().unwrap() {
                            "created" => created += 1,
                            "duplicate" => {}
                            other => panic!("{other}: {result}"),
                        }
                    }
                }
                assert_eq!(created, BATCH, "each item created once, by one instance");
            }
        }));
    }
    for client in join_all(clients).await {
        client.unwrap();
    }

    // Both instances see the same state.
    let pull_a = get(&client, format!("{a}/api/v1/sync/pull?cursor=0"), &token).await;
    let pull_b = get(&client, format!("{b}/api/v1/sync/pull?cursor=0"), &token).await;
    assert_eq!(pull_a, pull_b);
    let ids: Vec<&String> = all_ids.iter().collect();
    for base in [&a, &b] {
        for chunk in ids.chunks(1000) {
            let (_, present) = post(
                &client,
                format!("{base}/api/v1/sync/check"),
                Some(&token),
                &json!({"ids": chunk}),
            )
            .await;
            assert_eq!(present["present"].as_array().unwrap().len(), chunk.len());
        }
    }

    let mut conn = pool(db.url()).get().unwrap();
    use portevoix::db::schema::{outings, responses, testimonies};
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
    stored.extend(
        outings::table
            .select(outings::id)
            .load::<String>(&mut conn)
            .unwrap(),
    );
    assert_eq!(stored.len(), all_ids.len(), "each item stored exactly once");
    assert_eq!(stored.into_iter().collect::<HashSet<_>>(), all_ids);
    let tallies = portevoix::services::tallies::stored(&mut conn).unwrap();
    assert_eq!(
        tallies,
        portevoix::services::tallies::recount(&mut conn).unwrap()
    );
    assert_eq!(
        tallies.responses.iter().map(|r| r.2).sum::<i64>() as usize,
        CLIENTS * BATCHES * BATCH * 3 / 5
    );
}
