//! `portevoix backup` while clients keep pushing: the copy restores, holds every item
//! acknowledged before the backup started, is internally consistent (tallies == recount) and,
//! on SQLite, passes `PRAGMA integrity_check`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a panic is a failure"
)]

use std::collections::HashSet;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use portevoix::db::schema::responses;
use portevoix::services::{backup, tallies};
use reqwest::StatusCode;
use serde_json::json;
use tokio::sync::Notify;
use uuid::Uuid;

use crate::helpers::{backend, pool, response_item, sample_answers, spawn_app, TestDb};

const PUSHERS: usize = 4;
const BATCH: usize = 20;

/// Restores a backup into something openable and returns its URL (and the database to drop).
fn restore(file: &std::path::Path) -> (String, Option<TestDb>) {
    if backend() == "postgres" {
        let target = TestDb::new();
        let status = Command::new("pg_restore")
            .args(["--no-owner", "--exit-on-error", "--dbname", target.url()])
            .arg(file)
            .status()
            .expect("pg_restore runs");
        assert!(status.success(), "pg_restore failed");
        (target.url().to_owned(), Some(target))
    } else {
        assert_eq!(backup::sqlite_integrity(file).unwrap(), "ok");
        (format!("sqlite://{}", file.display()), None)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_during_ingest_restores_every_acknowledged_item() {
    let app = spawn_app().await;
    let bellevue = app.quartier_id("bellevue").await;
    let (_, version) = app.open_survey(&[bellevue]).await;
    let (_, volunteer) = app.user("volunteer", None).await;

    let acked: Arc<Mutex<HashSet<String>>> = Arc::default();
    let count = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let progress = Arc::new(Notify::new());
    let mut pushers = Vec::new();
    for _ in 0..PUSHERS {
        let (client, base, token) = (app.client.clone(), app.base.clone(), volunteer.clone());
        let (acked, count, stop, progress) =
            (acked.clone(), count.clone(), stop.clone(), progress.clone());
        pushers.push(tokio::spawn(async move {
            while !stop.load(Ordering::SeqCst) {
                let items: Vec<_> = (0..BATCH)
                    .map(|_| json!({"kind": "response", "item": response_item(version, bellevue, sample_answers())}))
                    .collect();
                let reply = client
                    .post(format!("{base}/api/v1/sync/push"))
                    .bearer_auth(&token)
                    .json(&json!({"device_id": null, "items": items}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(reply.status(), StatusCode::OK, "ingest goes on during the backup");
                let body: serde_json::Value = reply.json().await.unwrap();
                let mut acked = acked.lock().unwrap();
                for result in body["results"].as_array().unwrap() {
                    assert_eq!(result["status"], "created");
                    acked.insert(result["id"].as_str().unwrap().to_owned());
                }
                count.store(acked.len(), Ordering::SeqCst);
                progress.notify_waiters();
            }
        }));
    }
    let wait_for = |n: usize| {
        let (count, progress) = (count.clone(), progress.clone());
        async move {
            loop {
                let notified = progress.notified();
                if count.load(Ordering::SeqCst) >= n {
                    return;
                }
                notified.await;
            }
        }
    };
    wait_for(400).await;

    let dir = tempfile::tempdir().unwrap();
    let file = dir
        .path()
        .join("copies")
        .join(format!("portevoix-{}.bak", Uuid::new_v4().simple()));
    let before: HashSet<String> = acked.lock().unwrap().clone();
    let output = {
        let (url, file) = (app.db.url().to_owned(), file.clone());
        let work = app.db.work_dir().to_owned();
        tokio::task::spawn_blocking(move || {
            Command::new(env!("CARGO_BIN_EXE_portevoix"))
                .current_dir(&work)
                .args(["backup", "--to"])
                .arg(&file)
                .args(["--database", &url])
                .env_remove("PORTEVOIX_DATABASE_URL")
                .output()
                .unwrap()
        })
        .await
        .unwrap()
    };
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("written to"), "{stdout}");
    // Clients were never stopped: more items keep arriving after the copy.
    let after_backup = count.load(Ordering::SeqCst);
    wait_for(after_backup + BATCH).await;
    stop.store(true, Ordering::SeqCst);
    for pusher in pushers {
        pusher.await.unwrap();
    }

    // A second backup to the same file is refused rather than overwriting it.
    let again = Command::new(env!("CARGO_BIN_EXE_portevoix"))
        .current_dir(app.db.work_dir())
        .args(["backup", "--to"])
        .arg(&file)
        .args(["--database", app.db.url()])
        .env_remove("PORTEVOIX_DATABASE_URL")
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));

    let (url, _restored) = tokio::task::spawn_blocking(move || restore(&file))
        .await
        .unwrap();
    let mut conn = pool(&url).get().unwrap();
    if let portevoix::db::DbConnection::Sqlite(c) = &mut *conn {
        c.batch_execute("PRAGMA quick_check").unwrap();
    }
    let stored: HashSet<String> = responses::table
        .select(responses::id)
        .load::<String>(&mut conn)
        .unwrap()
        .into_iter()
        .collect();
    let missing = before.difference(&stored).count();
    assert_eq!(
        missing, 0,
        "every item acknowledged before the backup is in it"
    );
    assert!(stored.len() >= before.len());
    assert_eq!(
        tallies::stored(&mut conn).unwrap(),
        tallies::recount(&mut conn).unwrap(),
        "the copy is one consistent snapshot"
    );
}
