//! `cargo xtask bench ingest [--quick]`: HTTP pushes from 8 concurrent clients (closed loop:
//! each sends its next request when the previous one is answered) into the real `portevoix`
//! binary, against B0, the same rows inserted directly into the same schema by one connection
//! (no HTTP, no JSON, no validation), measured in the same run. Two forms: the 4-question survey
//! of the first version (100-item batches), and the 10-question flash survey of issue 18
//! (2 yes/no, 3 single choice, 2 multiple choice, 2 whole numbers, 1 short text) pushed in
//! 100-item batches and one item per push, with p50/p95/p99 per request, the server's CPU
//! seconds (`/proc/PID/stat`) per item and per wall second, and its peak RSS; on SQLite also
//! the one writer thread's CPU per item and per wall second, the time it waited for a CPU, and
//! the checkpointing thread's CPU (`/proc/PID/task/TID/schedstat`). Medians of the runs. Per
//! backend it prints
//! `ingest BACKEND: N items/s, B0 M rows/s, ratio R` and
//! `ingest BACKEND flash10: N items/s batch, S items/s single, p99 P ms, B0 M rows/s, ratio R`
//! (P: the 100-item pushes' p99); SQLite's lines come last.

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

use portevoix_test_support::ServerProcess;

const CLIENTS: usize = 8;
const BATCH: usize = 100;
const SECRET: &str = "bench-secret-bench-secret-bench-secret-0123";

struct Plan {
    /// 100-item pushes per client and run.
    batches_per_client: usize,
    /// One-item pushes per client and run (flash survey).
    singles_per_client: usize,
    runs: usize,
}

/// A survey and the answer sets the clients send for it.
struct Form {
    survey: fn() -> Value,
    answers: fn(usize) -> Answers,
}

const CURRENT: Form = Form { survey, answers };

const FLASH10: Form = Form {
    survey: flash_survey,
    answers: flash_answers,
};

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

fn options(codes: &[&str]) -> Value {
    Value::Array(
        codes
            .iter()
            .map(|c| json!({"code": c, "label": c}))
            .collect(),
    )
}

/// The flash survey of issue 18: 2 yes/no, 3 single choice, 2 multiple choice, 2 whole
/// numbers, 1 short text; every question answered.
fn flash_survey() -> Value {
    json!({"title": "Flash", "questions": [
        {"code": "habite", "label": "Habitez-vous le quartier ?", "type": "yes_no", "required": true},
        {"code": "travaille", "label": "Y travaillez-vous ?", "type": "yes_no", "required": true},
        {"code": "mode", "label": "Mode", "type": "single_choice", "required": true,
         "options": options(&["tram", "bus", "velo", "pied", "voiture"])},
        {"code": "frequence", "label": "Fréquence", "type": "single_choice", "required": true,
         "options": options(&["jour", "semaine", "mois", "rarement"])},
        {"code": "securite", "label": "Sécurité", "type": "single_choice", "required": true,
         "options": options(&["bonne", "moyenne", "mauvaise"])},
        {"code": "manques", "label": "Ce qui manque", "type": "multiple_choice", "required": true,
         "options": options(&["bancs", "arbres", "eclairage", "commerces", "jeux", "toilettes"])},
        {"code": "usages", "label": "Usages", "type": "multiple_choice", "required": true,
         "options": options(&["marche", "sport", "enfants", "rencontres", "courses"])},
        {"code": "age", "label": "Âge", "type": "number", "required": true, "min": 0.0, "max": 120.0, "integer": true},
        {"code": "enfants", "label": "Enfants au foyer", "type": "number", "required": true, "min": 0.0, "max": 20.0, "integer": true},
        {"code": "mot", "label": "Un mot pour le quartier", "type": "short_text", "required": true}]})
}

fn flash_answers(n: usize) -> Answers {
    let pick = |codes: &[&str], k: usize| codes[k % codes.len()].to_owned();
    let many = |codes: &[&str], k: usize| -> Vec<String> {
        let first = k % codes.len();
        let mut chosen = vec![codes[first].to_owned()];
        if k.is_multiple_of(2) {
            chosen.push(codes[(first + 1 + k / 7) % codes.len()].to_owned());
        }
        chosen.sort();
        chosen.dedup();
        chosen
    };
    let mut a = Answers::new();
    a.insert("habite".into(), AnswerValue::Bool(!n.is_multiple_of(3)));
    a.insert("travaille".into(), AnswerValue::Bool(n.is_multiple_of(2)));
    a.insert(
        "mode".into(),
        AnswerValue::Text(pick(&["tram", "bus", "velo", "pied", "voiture"], n)),
    );
    a.insert(
        "frequence".into(),
        AnswerValue::Text(pick(&["jour", "semaine", "mois", "rarement"], n / 3)),
    );
    a.insert(
        "securite".into(),
        AnswerValue::Text(pick(&["bonne", "moyenne", "mauvaise"], n / 5)),
    );
    a.insert(
        "manques".into(),
        AnswerValue::Many(many(
            &[
                "bancs",
                "arbres",
                "eclairage",
                "commerces",
                "jeux",
                "toilettes",
            ],
            n,
        )),
    );
    a.insert(
        "usages".into(),
        AnswerValue::Many(many(
            &["marche", "sport", "enfants", "rencontres", "courses"],
            n / 2,
        )),
    );
    a.insert("age".into(), AnswerValue::Number((18 + n % 70) as f64));
    a.insert("enfants".into(), AnswerValue::Number((n % 4) as f64));
    a.insert(
        "mot".into(),
        AnswerValue::Text(
            [
                "Plus de bancs",
                "Trop de voitures",
                "Un marché le soir",
                "Ça va",
            ][n % 4]
                .into(),
        ),
    );
    a
}

fn start_server(url: &str) -> ServerProcess {
    ServerProcess::start(
        env!("CARGO_BIN_EXE_portevoix"),
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

/// Returns (admin token, volunteer token, quartier ids).
async fn set_up(client: &reqwest::Client, base: &str) -> (String, String, Vec<i64>) {
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
    post(client, format!("{base}/api/v1/users"), Some(&admin),
        json!({"email": "v@bench.local", "display_name": "V", "role": "volunteer", "password": "volunteer-password"})).await;
    let login = post(
        client,
        format!("{base}/api/v1/auth/login"),
        None,
        json!({"email": "v@bench.local", "password": "volunteer-password"}),
    )
    .await;
    let volunteer = login["access_token"].as_str().expect("token").to_owned();
    // The server trains its theme model on a thread of its own as it starts (2–3 s of one
    // core). One testimony's analysis waits for it, so that no run below shares the machine
    // with the training, nor counts its CPU as the ingest's.
    let testimony = json!({"kind": "testimony", "item": {
        "id": Uuid::now_v7(), "quartier_id": quartiers.first().copied().expect("a quartier"),
        "place": "marché", "captured_at": "2026-11-30T10:00:00Z",
        "text": "Le bus passe trop rarement le soir.", "consent": "quote"}});
    post(
        client,
        format!("{base}/api/v1/sync/push"),
        Some(&volunteer),
        json!({"device_id": null, "items": [testimony]}),
    )
    .await;
    (admin, volunteer, quartiers)
}

/// Creates, assigns, publishes and opens a survey; returns its version id.
async fn open_survey(
    client: &reqwest::Client,
    base: &str,
    admin: &str,
    quartiers: &[i64],
    definition: Value,
) -> i64 {
    let survey = post(
        client,
        format!("{base}/api/v1/surveys"),
        Some(admin),
        definition,
    )
    .await;
    let id = survey["id"].as_i64().expect("id");
    client
        .put(format!("{base}/api/v1/surveys/{id}/quartiers"))
        .bearer_auth(admin)
        .json(&json!({"quartier_ids": quartiers}))
        .send()
        .await
        .expect("assign");
    post(
        client,
        format!("{base}/api/v1/surveys/{id}/publish"),
        Some(admin),
        json!({}),
    )
    .await;
    let opened = post(
        client,
        format!("{base}/api/v1/surveys/{id}/open"),
        Some(admin),
        json!({}),
    )
    .await;
    opened["current_version"]["id"].as_i64().expect("version")
}

/// Where a form's items go.
struct Target<'a> {
    base: &'a str,
    token: &'a str,
    version: i64,
    quartiers: &'a [i64],
    form: &'a Form,
}

fn push_body(target: &Target<'_>, size: usize, seed: usize) -> Value {
    let items: Vec<Value> = (0..size)
        .map(|i| {
            json!({"kind": "response", "item": {
                "id": Uuid::now_v7(), "survey_version_id": target.version,
                "quartier_id": target.quartiers[(seed + i) % target.quartiers.len()],
                "place": "marché", "captured_at": chrono::Utc::now(), "answers": (target.form.answers)(seed + i)}})
        })
        .collect();
    json!({"device_id": null, "items": items})
}

/// One HTTP run: items/s and each request's time in ms.
struct Run {
    items_per_s: f64,
    latencies_ms: Vec<f64>,
    wall_s: f64,
    items: usize,
    /// CPU seconds the bench process itself (the 8 clients) used during the run.
    client_cpu_s: f64,
}

/// The per-item statuses of a push reply (the rest of the reply is skipped unread).
#[derive(serde::Deserialize)]
struct PushReply {
    results: Vec<PushStatus>,
}

#[derive(serde::Deserialize)]
struct PushStatus {
    status: String,
}

/// `requests_per_client` pushes of `size` items from each of the [`CLIENTS`], closed loop. The
/// bodies are serialised before the clock starts and replies are read only for their statuses,
/// so the load generator, which shares the machine's two cores with the server, takes as little
/// of them as it can.
async fn http_run(
    client: &reqwest::Client,
    target: &Target<'_>,
    requests_per_client: usize,
    size: usize,
) -> Run {
    let bodies: Vec<Vec<Vec<u8>>> = (0..CLIENTS)
        .map(|c| {
            (0..requests_per_client)
                .map(|r| {
                    serde_json::to_vec(&push_body(target, size, c * 100_000 + r * size))
                        .expect("body")
                })
                .collect()
        })
        .collect();
    let own_cpu_before = own_cpu_seconds();
    let start = Instant::now();
    let mut tasks = Vec::new();
    for client_bodies in bodies {
        let (client, url, token) = (
            client.clone(),
            format!("{}/api/v1/sync/push", target.base),
            target.token.to_owned(),
        );
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(client_bodies.len());
            for body in client_bodies {
                let sent = Instant::now();
                let response = client
                    .post(url.as_str())
                    .bearer_auth(&token)
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(body)
                    .send()
                    .await
                    .expect("request");
                assert!(response.status().is_success(), "{}", response.status());
                let bytes = response.bytes().await.expect("reply");
                latencies.push(sent.elapsed().as_secs_f64() * 1000.0);
                let reply: PushReply = serde_json::from_slice(&bytes).expect("push reply");
                assert!(
                    reply.results.len() == size
                        && reply.results.iter().all(|r| r.status == "created"),
                    "all created: {}",
                    String::from_utf8_lossy(&bytes)
                );
            }
            latencies
        }));
    }
    let mut latencies_ms = Vec::new();
    for task in tasks {
        latencies_ms.extend(task.await.expect("client"));
    }
    let wall_s = start.elapsed().as_secs_f64();
    let items = CLIENTS * requests_per_client * size;
    Run {
        items_per_s: items as f64 / wall_s,
        latencies_ms,
        wall_s,
        items,
        client_cpu_s: own_cpu_seconds() - own_cpu_before,
    }
}

/// User + system CPU seconds this bench process (the load generator) has used so far.
fn own_cpu_seconds() -> f64 {
    portevoix_test_support::cpu_seconds_of("/proc/self/stat")
}

/// B0: the same rows (responses, answers, tallies, sequence) straight into the schema, with
/// multi-row INSERTs and one upsert per tally cell: the fastest plain way to store them.
fn direct_run(
    conn: &mut DbConnection,
    form: &Form,
    definition: &SurveyDefinition,
    version: i64,
    user: i64,
    quartiers: &[i64],
    total_batches: usize,
) -> f64 {
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
                for row in tallies::answer_rows(definition, &(form.answers)(n)) {
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
            for chunk in new_responses.chunks(500) {
                portevoix::on_backend!(&mut *conn, |c| diesel::insert_into(responses::table)
                    .values(chunk)
                    .execute(c))?;
            }
            for chunk in new_answers.chunks(500) {
                portevoix::on_backend!(&mut *conn, |c| diesel::insert_into(answers::table)
                    .values(chunk)
                    .execute(c))?;
            }
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

/// The `p`-th percentile (nearest rank) of `values`.
fn percentile(values: &[f64], p: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// One mode's medians over the runs: items/s, p50/p95/p99 ms, server CPU s per item and per
/// wall second.
#[derive(Default)]
struct Summary {
    items_per_s: f64,
    p50: f64,
    p95: f64,
    p99: f64,
    cpu_ms_per_item: f64,
    cpu_per_wall: f64,
    client_cpu_per_wall: f64,
    /// SQLite's one writer thread (0 on PostgreSQL, which has none).
    writer_us_per_item: f64,
    writer_per_wall: f64,
    writer_wait_per_wall: f64,
    checkpoints_per_wall: f64,
}

impl Summary {
    fn of(runs: &[(Run, Cpu)]) -> Summary {
        let m = |f: &dyn Fn(&(Run, Cpu)) -> f64| median(runs.iter().map(f).collect());
        Summary {
            items_per_s: m(&|(r, _)| r.items_per_s),
            p50: m(&|(r, _)| percentile(&r.latencies_ms, 50.0)),
            p95: m(&|(r, _)| percentile(&r.latencies_ms, 95.0)),
            p99: m(&|(r, _)| percentile(&r.latencies_ms, 99.0)),
            cpu_ms_per_item: m(&|(r, cpu)| cpu.server * 1000.0 / r.items as f64),
            cpu_per_wall: m(&|(r, cpu)| cpu.server / r.wall_s),
            client_cpu_per_wall: m(&|(r, _)| r.client_cpu_s / r.wall_s),
            writer_us_per_item: m(&|(r, cpu)| cpu.writer * 1e6 / r.items as f64),
            writer_per_wall: m(&|(r, cpu)| cpu.writer / r.wall_s),
            writer_wait_per_wall: m(&|(r, cpu)| cpu.writer_wait / r.wall_s),
            checkpoints_per_wall: m(&|(r, cpu)| cpu.checkpoints / r.wall_s),
        }
    }

    fn describe(&self) -> String {
        format!(
            "{:.0} items/s, p50/p95/p99 {:.1}/{:.1}/{:.1} ms, server CPU {:.3} ms/item, {:.2} CPU-s per wall-s (writer thread {:.1} µs/item, {:.2}, waiting for a CPU {:.2}; checkpoints thread {:.2}; load generator {:.2})",
            self.items_per_s,
            self.p50,
            self.p95,
            self.p99,
            self.cpu_ms_per_item,
            self.cpu_per_wall,
            self.writer_us_per_item,
            self.writer_per_wall,
            self.writer_wait_per_wall,
            self.checkpoints_per_wall,
            self.client_cpu_per_wall
        )
    }
}

/// CPU seconds a run cost the server: all of it, and SQLite's writer thread alone.
struct Cpu {
    server: f64,
    writer: f64,
    /// Seconds the writer was runnable but waited for a CPU.
    writer_wait: f64,
    /// SQLite's checkpointing thread (`services::items::checkpoints`).
    checkpoints: f64,
}

/// The names of SQLite's writer thread (`services::items::writer`) and checkpointing thread,
/// as Linux keeps them: cut to 15 bytes.
const WRITER_THREAD: &str = "portevoix-write";
const CHECKPOINT_THREAD: &str = "portevoix-check";

/// Runs `run` and returns it with the server CPU seconds it cost.
fn timed_cpu(server: &ServerProcess, run: impl FnOnce() -> Run) -> (Run, Cpu) {
    let before = server.cpu_seconds();
    let (writer_before, wait_before) = server.thread_run_and_wait_seconds(WRITER_THREAD);
    let (checkpoints_before, _) = server.thread_run_and_wait_seconds(CHECKPOINT_THREAD);
    let run = run();
    let (writer_after, wait_after) = server.thread_run_and_wait_seconds(WRITER_THREAD);
    let (checkpoints_after, _) = server.thread_run_and_wait_seconds(CHECKPOINT_THREAD);
    let cpu = Cpu {
        server: server.cpu_seconds() - before,
        writer: writer_after - writer_before,
        writer_wait: wait_after - wait_before,
        checkpoints: checkpoints_after - checkpoints_before,
    };
    (run, cpu)
}

fn bench(backend: &str, url: &str, plan: &Plan) -> Vec<String> {
    let server = start_server(url);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let client = reqwest::Client::new();
    let (admin, token, quartiers) = runtime.block_on(set_up(&client, &server.base));
    let version = runtime.block_on(open_survey(
        &client,
        &server.base,
        &admin,
        &quartiers,
        (CURRENT.survey)(),
    ));
    let flash_version = runtime.block_on(open_survey(
        &client,
        &server.base,
        &admin,
        &quartiers,
        (FLASH10.survey)(),
    ));
    let pool = db::connect(&DatabaseUrl::parse(url).expect("url"), 1).expect("pool");
    let mut conn = pool.get().expect("connection");
    let user: i64 = portevoix::db::schema::users::table
        .filter(portevoix::db::schema::users::email.eq("v@bench.local"))
        .select(portevoix::db::schema::users::id)
        .first(&mut *conn)
        .expect("volunteer");
    let definition: SurveyDefinition =
        serde_json::from_value((CURRENT.survey)()).expect("definition");
    let flash_definition: SurveyDefinition =
        serde_json::from_value((FLASH10.survey)()).expect("definition");
    let current = Target {
        base: &server.base,
        token: &token,
        version,
        quartiers: &quartiers,
        form: &CURRENT,
    };
    let flash = Target {
        base: &server.base,
        token: &token,
        version: flash_version,
        quartiers: &quartiers,
        form: &FLASH10,
    };
    let total_batches = CLIENTS * plan.batches_per_client;
    // Warm-up, then alternate so all see the same table sizes and machine noise.
    runtime.block_on(http_run(&client, &current, 2, BATCH));
    runtime.block_on(http_run(&client, &flash, 2, BATCH));
    runtime.block_on(http_run(&client, &flash, 20, 1));
    let (mut http, mut direct) = (Vec::new(), Vec::new());
    let (mut flash_batch, mut flash_single, mut flash_direct) =
        (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..plan.runs {
        http.push(
            runtime
                .block_on(http_run(&client, &current, plan.batches_per_client, BATCH))
                .items_per_s,
        );
        direct.push(direct_run(
            &mut conn,
            &CURRENT,
            &definition,
            version,
            user,
            &quartiers,
            total_batches,
        ));
        flash_batch.push(timed_cpu(&server, || {
            runtime.block_on(http_run(&client, &flash, plan.batches_per_client, BATCH))
        }));
        flash_single.push(timed_cpu(&server, || {
            runtime.block_on(http_run(&client, &flash, plan.singles_per_client, 1))
        }));
        flash_direct.push(direct_run(
            &mut conn,
            &FLASH10,
            &flash_definition,
            flash_version,
            user,
            &quartiers,
            total_batches,
        ));
    }
    let (h, d) = (median(http.clone()), median(direct.clone()));
    let (batch, single) = (Summary::of(&flash_batch), Summary::of(&flash_single));
    let b0 = median(flash_direct.clone());
    let rss = server.peak_rss_mb();
    eprintln!("{backend}: HTTP runs {http:.0?} items/s; B0 runs {direct:.0?} rows/s; server peak RSS {rss:.1} MB");
    eprintln!(
        "{backend} flash10: batch runs {:.0?} items/s, single runs {:.0?} items/s, B0 runs {flash_direct:.0?} rows/s",
        flash_batch.iter().map(|(r, _)| r.items_per_s).collect::<Vec<_>>(),
        flash_single.iter().map(|(r, _)| r.items_per_s).collect::<Vec<_>>(),
    );
    println!("server peak RSS {backend}: {rss:.0} MB");
    println!(
        "ingest {backend} flash10 batch of {BATCH}: {}",
        batch.describe()
    );
    println!("ingest {backend} flash10 single: {}", single.describe());
    vec![
        format!(
            "ingest {backend}: {h:.0} items/s, B0 {d:.0} rows/s, ratio {:.2}",
            h / d
        ),
        format!(
            "ingest {backend} flash10: {:.0} items/s batch, {:.0} items/s single, p99 {:.0} ms, B0 {b0:.0} rows/s, ratio {:.2}",
            batch.items_per_s,
            single.items_per_s,
            batch.p99,
            batch.items_per_s / b0
        ),
    ]
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
            singles_per_client: 200,
            runs: 3,
        }
    } else {
        Plan {
            batches_per_client: 25,
            singles_per_client: 500,
            runs: 5,
        }
    };
    eprintln!(
        "{} runs per form of {} items over HTTP ({CLIENTS} clients × {} batches of {BATCH}), B0 alike; \
         flash10 single: {CLIENTS} clients × {} pushes of one item; medians",
        plan.runs,
        CLIENTS * plan.batches_per_client * BATCH,
        plan.batches_per_client,
        plan.singles_per_client
    );
    if only.as_deref() != Some("sqlite") {
        let server = std::env::var("PORTEVOIX_TEST_PG_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
        let name = format!("pv_bench_{}", Uuid::new_v4().simple());
        let mut admin = PgConnection::establish(&format!("{server}/postgres"))
            .expect("PostgreSQL for the bench");
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create database");
        let lines = bench("postgres", &format!("{server}/{name}"), &plan);
        let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        for line in lines {
            println!("{line}");
        }
    }
    if only.as_deref() != Some("postgres") {
        let dir = tempfile::tempdir().expect("temp dir");
        let lines = bench(
            "sqlite",
            &format!("sqlite://{}", dir.path().join("bench.db").display()),
            &plan,
        );
        for line in lines {
            println!("{line}");
        }
    }
}
