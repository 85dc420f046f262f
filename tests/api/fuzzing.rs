//! What API fuzzing (tests/fuzz/run.py, schemathesis) found, kept as regression tests, and the
//! document property it relies on: every operation lists the error answers it can give.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a panic is a failure"
)]

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{spawn_app, TestApp};

/// Fuzzing as the administrator once set its own `expires_on` in the past: every later request
/// was refused (401) and nobody could administer the server any more.
#[tokio::test]
async fn an_account_cannot_make_itself_expire() {
    let app = spawn_app().await;
    let me = app.get("/api/v1/auth/me", &app.admin).await.body;
    let id = me["id"].as_i64().unwrap();
    let reply = app
        .patch(
            &format!("/api/v1/users/{id}"),
            &app.admin,
            &json!({"expires_on": "2000-01-01"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.body);
    assert_eq!(reply.error_code(), "self_lockout");
    assert_eq!(reply.body["error"]["field"], "expires_on");
    assert_eq!(
        app.get("/api/v1/auth/me", &app.admin).await.status,
        StatusCode::OK
    );
    // A date in the future is fine, and so is someone else's account.
    let later = app
        .patch(
            &format!("/api/v1/users/{id}"),
            &app.admin,
            &json!({"expires_on": "2999-01-01"}),
        )
        .await;
    assert_eq!(later.status, StatusCode::OK, "{}", later.body);
    let (other, _) = app.user("volunteer", None).await;
    let expired = app
        .patch(
            &format!("/api/v1/users/{other}"),
            &app.admin,
            &json!({"expires_on": "2000-01-01"}),
        )
        .await;
    assert_eq!(expired.status, StatusCode::OK, "{}", expired.body);
}

#[tokio::test]
async fn every_operation_documents_its_error_answers() {
    let app = spawn_app().await;
    let document = TestApp::send(app.request(Method::GET, "/api/v1/openapi.json", None))
        .await
        .body;
    let mut missing = Vec::new();
    for (path, operations) in document["paths"].as_object().unwrap() {
        for (verb, operation) in operations.as_object().unwrap() {
            let responses = operation["responses"].as_object().unwrap();
            let secured = operation["security"]
                .as_array()
                .is_some_and(|s| !s.is_empty());
            let input = operation.get("requestBody").is_some()
                || operation["parameters"]
                    .as_array()
                    .is_some_and(|p| !p.is_empty());
            let mut expected = Vec::new();
            if secured {
                expected.extend(["401", "403"]);
            }
            if input {
                expected.extend(["400", "422"]);
            }
            if operation.get("requestBody").is_some() {
                expected.push("413");
            }
            for code in expected {
                match responses.get(code) {
                    Some(response) => assert!(
                        response["content"]["application/json"]["schema"]["$ref"]
                            .as_str()
                            .is_some_and(|r| r.ends_with("/ErrorBody")),
                        "{verb} {path} {code} is not the error body"
                    ),
                    None => missing.push(format!("{verb} {path} {code}")),
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "undocumented error answers: {missing:?}"
    );
}
