//! `cargo xtask bench ingest [--quick]`: HTTP push of 100-item batches from 8 concurrent clients
//! into the real `portevoix` binary, against B0, the same rows inserted directly into the same
//! schema by one connection (no HTTP, no JSON, no validation), measured in the same run.
//! Prints one line per backend; the last is SQLite's:
//! `ingest sqlite: N items/s, B0 M rows/s, ratio R`.

#![expect(
    clippy::expect_used,
    reason = "a benchmark stops at the first failure, loudly"
)]

use std::collections::BTreeMap;
use std::time::Instant;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use portevoix::db::models::{NewAnswer, NewResponse};
use portevoix::db::schema::{answers, responses};
use portevoix::db::{self, DatabaseUrl, DbConnection};
use portevoix::services::{sequence, tallies};
use portevoix_domain::survey::{AnswerValue, Answers, SurveyDefinition};
use serde_json::{json, Value};
use uuid::Uuid;

#[path = "../../tests/support/server.rs"]
#[allow(dead_code, reason = "each user needs part of it")]
mod server;
use server::ServerProcess;

const CLIENTS: usize = 8;
const BATCH: usize = 100;
const SECRET: &str = "bench-secret-bench-secret-bench-secret-0123";

struct Plan {
    batches_per_client: usize,
    runs: usize,
}

fn survey() -> Value {
    json!({"title": "Bench", "questions": [
        {"code": "mode", "label": "Mode", "type": "single_choice", "required": true,
         "options": [{"code": "tram", "label": "Tram"}, {"code": "bus", "label": "Bus"}, {"code": "pied", "label": "Pied"}]},
        {"code": "attente", "label": "Attente", "type": "yes_no", "show_if": {"question": "mode", "any_of": ["tram", "bus"]}},
        {"code": "note", "label": "Note", "type": "scale", "required": true},
        {"code": "idee", "label": "Idée", "type": "long_text"}]})
}

fn answers(n: usize) -> Answers {
    let mut a = Answers::new();
    a.insert(
        "mode".into(),
        AnswerValue::Text(["tram", "bus", "pied"][n % 3].into()),
    );
    if n % 3 != 2 {
        a.insert("attente".into(), AnswerValue::Bool(n.is_multiple_of(2)));
    }
    a.insert("note".into(), AnswerValue::Number((n % 5 + 1) as f64));
    if n.is_multiple_of(4) {
        a.insert(
            "idee".into(),
            AnswerValue::Text("Plus de bancs à l'arrêt du tram".into()),
        );
    }
    a
}

fn start_server(url: &str) -> ServerProcess {
    ServerProcess::start(
        url,
        "127.0.0.1:0",
        &[
            ("PORTEVOIX_JWT_SECRET", SECRET),
            ("PORTEVOIX_ADMIN_EMAIL", "admin@bench.local"),
            ("PORTEVOIX_ADMIN_PASSWORD", "bench-admin-password"),
        ],
    )
}

async fn post(client: &reqwest::Client, url: String, token: Option<&str>, body: Value) -> Value {
    let mut request = client.post(url).json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("request");
    assert!(response.status().is_success(), "{}", response.status());
    response.json().await.unwrap_or(Value::Null)
}

/// Returns (volunteer token, survey version id, quartier ids).
async fn set_up(client: &reqwest::Client, base: &str) -> (String, i64, Vec<i64>) {
    let login = post(
        client,
        format!("{base}/api/v1/auth/login"),
        None,
        json!({"email": "admin@bench.local", "password": "bench-admin-password"}),
    )
    .await;
    let admin = login["access_token"].as_str().expect("token").to_owned();
    let quartiers: Vec<i64> = client
        .get(format!("{base}/api/v1/quartiers"))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("quartiers")
        .json::<Value>()
        .await
        .expect("json")
        .as_array()
        .expect("array")
        .iter()
        .take(4)
        .filter_map(|q| q["id"].as_i64())
        .collect();
    let survey = post(
        client,
        format!("{base}/api/v1/surveys"),
        Some(&admin),
        survey(),
    )
    .await;
    let id = survey["id"].as_i64().expect("id");
    client
        .put(format!("{base}/api/v1/surveys/{id}/quartiers"))
        .bearer_auth(&admin)
        .json(&json!({"quartier_ids": quartiers}))
        .send()
        .await
        .expect("assign");
    post(
        client,
        format!("{base}/api/v1/surveys/{id}/publish"),
        Some(&admin),
        json!({}),
    )
    .await;
    let opened = post(
        client,
        format!("{base}/api/v1/surveys/{id}/open"),
        Some(&admin),
        json!({}),
    )
    .await;
    let version = opened["current_version"]["id"].as_i64().expect("version");
    post(client, format!("{base}/api/v1/users"), Some(&admin),
        json!({"email": "v@bench.local", "display_name": "V", "role": "volunteer", "password": "volunteer-password"})).await;
    let login = post(
        client,
        format!("{base}/api/v1/auth/login"),
        None,
        json!({"email": "v@bench.local", "password": "volunteer-password"}),
    )
    .await;
    (
        login["access_token"].as_str().expect("token").to_owned(),
        version,
        quartiers,
    )
}

fn batch_items(version: i64, quartiers: &[i64], seed: usize) -> Vec<Value> {
    (0..BATCH)
        .map(|i| {
            json!({"kind": "response", "item": {
                "id": Uuid::now_v7(), "survey_version_id": version, "quartier_id": quartiers[(seed + i) % quartiers.len()],
                "place": "marché", "captured_at": chrono::Utc::now(), "answers": answers(seed + i)}})
        })
        .collect()
}

/// HTTP: items/s for one run.
async fn http_run(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    version: i64,
    quartiers: &[i64],
    plan: &Plan,
) -> f64 {
    let batches: Vec<Vec<Value>> = (0..CLIENTS)
        .map(|c| (0..plan.batches_per_client).map(|b| json!({"device_id": null, "items": batch_items(version, quartiers, c * 1000 + b)})).collect())
        .collect();
    let start = Instant::now();
    let mut tasks = Vec::new();
    for client_batches in batches {
        let (client, url, token) = (
            client.clone(),
            format!("{base}/api/v1/sync/push"),
            token.to_owned(),
        );
        tasks.push(tokio::spawn(async move {
            for batch in client_batches {
                let reply = post(&client, url.clone(), Some(&token), batch).await;
                assert!(
                    reply["results"]
                        .as_array()
                        .is_some_and(|r| r.iter().all(|x| x["status"] == "created")),
                    "all created"
                );
            }
        }));
    }
    for task in tasks {
        task.await.expect("client");
    }
    (CLIENTS * plan.batches_per_client * BATCH) as f64 / start.elapsed().as_secs_f64()
}

/// B0: the same rows (responses, answers, tallies, sequence) straight into the schema, with
/// multi-row INSERTs and one upsert per tally cell: the fastest plain way to store them.
fn direct_run(
    conn: &mut DbConnection,
    definition: &SurveyDefinition,
    version: i64,
    user: i64,
    quartiers: &[i64],
    plan: &Plan,
) -> f64 {
    let total_batches = CLIENTS * plan.batches_per_client;
    let start = Instant::now();
    for b in 0..total_batches {
        db::write_transaction(conn, |conn| -> QueryResult<()> {
            let seq = sequence::next(conn)?;
            let mut new_responses = Vec::with_capacity(BATCH);
            let mut new_answers = Vec::with_capacity(BATCH * 4);
            let mut response_cells: BTreeMap<i64, i64> = BTreeMap::new();
            let mut answer_cells: BTreeMap<(i64, String, String), i64> = BTreeMap::new();
            for i in 0..BATCH {
                let n = b * 1000 + i;
                let id = Uuid::now_v7().to_string();
                let quartier = quartiers[n % quartiers.len()];
                *response_cells.entry(quartier).or_default() += 1;
                for row in tallies::answer_rows(definition, &answers(n)) {
                    *answer_cells
                        .entry((quartier, row.question.clone(), row.option.clone()))
                        .or_default() += 1;
                    new_answers.push(NewAnswer {
                        response_id: id.clone(),
                        question_code: row.question,
                        option_code: row.option,
                        number_value: row.number,
                        text_value: row.text,
                    });
                }
                new_responses.push(NewResponse {
                    id,
                    survey_version_id: version,
                    quartier_id: quartier,
                    user_id: user,
                    device_id: None,
                    outing_id: None,
                    place: "marché".into(),
                    captured_at: 0,
                    age_band: None,
                    receipt_code: None,
                    content_hash: "b0".into(),
                    received_at: 0,
                    seq,
                });
            }
            portevoix::on_backend!(&mut *conn, |c| diesel::insert_into(responses::table)
                .values(&new_responses)
                .execute(c))?;
            portevoix::on_backend!(&mut *conn, |c| diesel::insert_into(answers::table)
                .values(&new_answers)
                .execute(c))?;
            for (quartier, delta) in response_cells {
                tallies::add_responses(conn, version, quartier, delta)?;
            }
            for ((quartier, question, option), delta) in answer_cells {
                tallies::add_answer(conn, version, quartier, &question, &option, delta)?;
            }
            Ok(())
        })
        .expect("direct insert");
    }
    (total_batches * BATCH) as f64 / start.elapsed().as_secs_f64()
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

fn bench(backend: &str, url: &str, plan: &Plan) -> String {
    let server = start_server(url);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let client = reqwest::Client::new();
    let (token, version, quartiers) = runtime.block_on(set_up(&client, &server.base));
    let pool = db::connect(&DatabaseUrl::parse(url).expect("url"), 1).expect("pool");
    let mut conn = pool.get().expect("connection");
    let user: i64 = portevoix::db::schema::users::table
        .filter(portevoix::db::schema::users::email.eq("v@bench.local"))
        .select(portevoix::db::schema::users::id)
        .first(&mut *conn)
        .expect("volunteer");
    let definition: SurveyDefinition = serde_json::from_value(survey()).expect("definition");
    // Warm-up, then alternate so both see the same table sizes and machine noise.
    runtime.block_on(http_run(
        &client,
        &server.base,
        &token,
        version,
        &quartiers,
        &Plan {
            batches_per_client: 2,
            runs: 1,
        },
    ));
    let mut http = Vec::new();
    let mut direct = Vec::new();
    for _ in 0..plan.runs {
        http.push(runtime.block_on(http_run(
            &client,
            &server.base,
            &token,
            version,
            &quartiers,
            plan,
        )));
        direct.push(direct_run(
            &mut conn,
            &definition,
            version,
            user,
            &quartiers,
            plan,
        ));
    }
    let (h, d) = (median(http.clone()), median(direct.clone()));
    let rss = server.peak_rss_mb();
    eprintln!("{backend}: HTTP runs {http:.0?} items/s; B0 runs {direct:.0?} rows/s; server peak RSS {rss:.1} MB");
    println!("server peak RSS {backend}: {rss:.0} MB");
    format!(
        "ingest {backend}: {h:.0} items/s, B0 {d:.0} rows/s, ratio {:.2}",
        h / d
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let only = args
        .iter()
        .position(|a| a == "--backend")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let plan = if quick {
        Plan {
            batches_per_client: 8,
            runs: 3,
        }
    } else {
        Plan {
            batches_per_client: 25,
            runs: 5,
        }
    };
    eprintln!("{} runs of {} items over HTTP ({CLIENTS} clients × {} batches of {BATCH}), B0 alike; medians", plan.runs, CLIENTS * plan.batches_per_client * BATCH, plan.batches_per_client);
    if only.as_deref() != Some("sqlite") {
        let server = std::env::var("PORTEVOIX_TEST_PG_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
        let name = format!("pv_bench_{}", Uuid::new_v4().simple());
        let mut admin = PgConnection::establish(&format!("{server}/postgres"))
            .expect("PostgreSQL for the bench");
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create database");
        let line = bench("postgres", &format!("{server}/{name}"), &plan);
        let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        println!("{line}");
    }
    if only.as_deref() != Some("postgres") {
        let dir = tempfile::tempdir().expect("temp dir");
        let line = bench(
            "sqlite",
            &format!("sqlite://{}", dir.path().join("bench.db").display()),
            &plan,
        );
        println!("{line}");
    }
}
