//! The processing register (article 30) from the configuration, and the audit log browsed,
//! filtered and exported by administrators.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a panic is a failure"
)]

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{spawn_app, spawn_with, TestApp};

#[tokio::test]
async fn the_register_comes_from_the_configuration() {
    let app = spawn_with(|s| {
        s.retention_months = 6;
        s.controller = "Association Les Voix des Quartiers".into();
        s.dpo_contact = Some("dpo@voix.example".into());
    })
    .await;
    let reply = TestApp::send(app.request(Method::GET, "/api/v1/register", Some(&app.admin))).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/markdown"));
    let text = reply.body.as_str().unwrap();
    for expected in [
        "# Registre des activités de traitement",
        "## Finalités",
        "## Catégories de données",
        "## Destinataires",
        "## Durées de conservation",
        "6 mois après la clôture",
        "Association Les Voix des Quartiers",
        "dpo@voix.example",
        "moins de 11 personnes",
        "Publications aux conseils (0 enregistrée(s))",
        "Réponses des conseils citoyens (0 enregistrée(s))",
        "Public, sans compte",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from\n{text}");
    }

    let html = TestApp::send(app.request(
        Method::GET,
        "/api/v1/register?format=html",
        Some(&app.admin),
    ))
    .await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let csp = html.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("style-src 'sha256-") && !csp.contains("unsafe"),
        "{csp}"
    );
    assert!(
        csp.contains("default-src 'none'"),
        "no script may run: {csp}"
    );
    let page = html.body.as_str().unwrap();
    assert!(
        page.starts_with("<!doctype html>") && page.contains("<h2>Durées de conservation</h2>")
    );
    assert!(!page.contains("<script"));

    let (_, coordinator) = app.user("coordinator", None).await;
    let refused = app.get("/api/v1/register", &coordinator).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let bad = app.get("/api/v1/register?format=pdf", &app.admin).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.error_code(), "invalid_query");
}

#[tokio::test]
async fn the_register_from_the_command_line() {
    let app = spawn_app().await;
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_portevoix"))
        .current_dir(app.db.work_dir())
        .args(["register", "--format", "html", "--database", app.db.url()])
        .env_remove("PORTEVOIX_DATABASE_URL")
        .env("PORTEVOIX_RETENTION_MONTHS", "18")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("<h1>Registre des activités de traitement"),
        "{stdout}"
    );
    assert!(stdout.contains("18 mois"), "{stdout}");
}

#[tokio::test]
async fn administrators_browse_filter_and_export_the_audit_log() {
    let app = spawn_app().await;
    for _ in 0..3 {
        app.user("volunteer", None).await;
    }
    let (coordinator_id, coordinator) = app.user("coordinator", None).await;

    // Pages of two, newest first, until the end.
    let mut seen = Vec::new();
    let mut path = "/api/v1/audit?action=account.&limit=2".to_owned();
    loop {
        let page = app.get(&path, &app.admin).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let entries = page.body["entries"].as_array().unwrap();
        assert!(entries.len() <= 2);
        seen.extend(entries.iter().map(|e| e["id"].as_i64().unwrap()));
        match page.body["next_before"].as_i64() {
            Some(before) => path = format!("/api/v1/audit?action=account.&limit=2&before={before}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 5, "the first administrator and four accounts");
    assert!(
        seen.windows(2).all(|w| w[0] > w[1]),
        "newest first: {seen:?}"
    );

    let target = app
        .get(
            &format!("/api/v1/audit?target=user:{coordinator_id}"),
            &app.admin,
        )
        .await;
    let entries = target.body["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["action"], "account.created");
    assert_eq!(entries[0]["details"], json!({"role": "coordinator"}));
    assert!(entries[0]["actor_email"]
        .as_str()
        .unwrap()
        .starts_with("admin@"));

    let csv = TestApp::send(app.request(
        Method::GET,
        "/api/v1/audit/export?action=account.",
        Some(&app.admin),
    ))
    .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = csv.body.as_str().unwrap();
    assert_eq!(text.lines().count(), 6, "header and five rows:\n{text}");
    assert!(text.starts_with("id,at,actor_id,actor_email,action,target,details\n"));
    let jsonl = TestApp::send(app.request(
        Method::GET,
        "/api/v1/audit/export?format=jsonl",
        Some(&app.admin),
    ))
    .await;
    assert_eq!(jsonl.status, StatusCode::OK);
    for line in jsonl.body.as_str().unwrap().lines() {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(entry["action"].is_string());
    }
    let exports = app
        .get("/api/v1/audit?action=audit.exported", &app.admin)
        .await;
    assert_eq!(
        exports.body["entries"].as_array().unwrap().len(),
        2,
        "exports are audited"
    );

    for path in ["/api/v1/audit", "/api/v1/audit/export"] {
        let refused = app.get(path, &coordinator).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
    let bad = app.get("/api/v1/audit?limit=0", &app.admin).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.body["error"]["field"], "limit");
    let bad = app
        .get("/api/v1/audit?from=2026-02-01&to=2026-01-01", &app.admin)
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.error_code(), "invalid_range");
    let bad = app.get("/api/v1/audit?from=yesterday", &app.admin).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.error_code(), "invalid_query");
}
