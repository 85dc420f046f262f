use reqwest::{Method, StatusCode};

use crate::helpers::{spawn_app, TestApp};

#[tokio::test]
async fn healthz_reports_the_database() {
    let app = spawn_app().await;
    let reply = TestApp::send(app.request(Method::GET, "/healthz", None)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.body["status"], "ok");
    assert_eq!(reply.body["database"], "ok");
}

#[tokio::test]
async fn openapi_document_is_served() {
    // That it lists every route, with the roles each admits, is checked route by route by the
    // role matrix (`roles.rs`).
    let app = spawn_app().await;
    let reply = TestApp::send(app.request(Method::GET, "/api/v1/openapi.json", None)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body["openapi"].as_str().unwrap().starts_with("3."));
    assert!(!reply.body["paths"].as_object().unwrap().is_empty());
    assert!(reply.body["components"]["schemas"]["SurveyDefinition"].is_object());
}

#[tokio::test]
async fn unknown_api_routes_are_json_404() {
    let app = spawn_app().await;
    let reply = TestApp::send(app.request(Method::GET, "/api/v1/nothing-here", None)).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.error_code(), "not_found");
}

#[tokio::test]
async fn security_headers_are_sent() {
    let app = spawn_app().await;
    let reply = TestApp::send(app.request(Method::GET, "/healthz", None)).await;
    let csp = reply.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("'wasm-unsafe-eval'"));
    assert!(!csp.contains("'unsafe-eval'"));
    assert_eq!(reply.headers["x-content-type-options"], "nosniff");
    assert_eq!(reply.headers["referrer-policy"], "no-referrer");
    assert!(
        reply.headers.get("strict-transport-security").is_none(),
        "no HSTS over plain HTTP"
    );
}

#[tokio::test]
async fn seeded_defaults_are_there() {
    let app = spawn_app().await;
    let quartiers = app.get("/api/v1/quartiers", &app.admin).await.body;
    assert_eq!(quartiers.as_array().unwrap().len(), 13);
    let bellevue = quartiers
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["slug"] == "bellevue")
        .unwrap();
    assert_eq!(
        bellevue["communes"].as_array().unwrap().len(),
        2,
        "Bellevue spans two communes"
    );
    let councils = app.get("/api/v1/councils", &app.admin).await.body;
    assert_eq!(councils.as_array().unwrap().len(), 7);
    let themes = app.get("/api/v1/themes", &app.admin).await.body;
    assert_eq!(themes.as_array().unwrap().len(), 16);
    assert!(themes[0]["keywords"].as_array().unwrap().len() > 3);
}

#[tokio::test]
async fn responses_are_compressed_when_the_client_accepts_it() {
    let app = spawn_app().await;
    for encoding in ["br", "gzip"] {
        let response = app
            .request(Method::GET, "/api/v1/openapi.json", None)
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-encoding"], encoding);
    }
    let plain = app
        .request(Method::GET, "/api/v1/openapi.json", None)
        .send()
        .await
        .unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
}
