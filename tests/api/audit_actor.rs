//! Who acted, in the audit log: an account's id, or nothing (NULL) when the system acted — the
//! command line above all, whatever service it goes through.

use std::process::Command;

use diesel::prelude::*;
use portevoix::db::schema::audit_log;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{pool, spawn_app, TestDb};

fn portevoix(db: &TestDb, args: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_portevoix"))
        .current_dir(db.work_dir())
        .arg("--database")
        .arg(db.url())
        .args(args)
        .env_remove("PORTEVOIX_DATABASE_URL")
        .output()
        .expect("portevoix runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn entries(db: &TestDb) -> Vec<(String, Option<i64>)> {
    let pool = pool(db.url());
    let mut conn = pool.get().unwrap();
    audit_log::table
        .order(audit_log::id)
        .select((audit_log::action, audit_log::actor_id))
        .load(&mut conn)
        .unwrap()
}

#[test]
fn the_command_line_acts_as_the_system() {
    let db = TestDb::new();
    let email = "coord@example.org";
    portevoix(
        &db,
        &[
            "user",
            "add",
            "--email",
            email,
            "--role",
            "coordinator",
            "--password",
            "long-enough-password",
        ],
    );
    portevoix(&db, &["user", "disable", "--email", email]);
    let entries = entries(&db);
    // Account creation and update used to be logged as actor 0 from here.
    for action in ["account.created", "account.updated"] {
        assert!(
            entries.contains(&(action.to_owned(), None)),
            "{action} by the system: {entries:?}"
        );
    }
    assert!(
        entries.iter().all(|(_, actor)| *actor != Some(0)),
        "{entries:?}"
    );
}

#[tokio::test]
async fn an_account_acts_as_itself() {
    let app = spawn_app().await;
    let me = app.get("/api/v1/auth/me", &app.admin).await.body["id"]
        .as_i64()
        .unwrap();
    let reply = app
        .post(
            "/api/v1/users",
            &app.admin,
            &json!({"email": "vol@example.org", "display_name": "Vol", "role": "volunteer", "password": "long-enough-password"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let entries = entries(&app.db);
    assert!(
        entries.contains(&("account.created".to_owned(), Some(me))),
        "{entries:?}"
    );
    // The first administrator, made at the first start, was made by the system.
    assert!(
        entries.contains(&("account.create_first_admin".to_owned(), None)),
        "{entries:?}"
    );
}
