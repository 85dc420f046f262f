use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{spawn_app, TestApp};

#[tokio::test]
async fn coordinators_add_rename_and_merge_quartiers() {
    let app = spawn_app().await;
    let (_, coordinator) = app.user("coordinator", None).await;
    let created = app
        .post("/api/v1/quartiers", &coordinator, &json!({"slug": "la-bottiere", "name": "La Bottière", "communes": ["Nantes"], "official_code": "QN04412M"}))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.body["id"].as_i64().unwrap();
    assert_eq!(created.body["official_code"], "QN04412M");

    let renamed = app
        .put(
            &format!("/api/v1/quartiers/{id}"),
            &coordinator,
            &json!({"slug": "la-bottiere", "name": "Bottière Est", "communes": ["Nantes"]}),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.body);
    assert_eq!(renamed.body["name"], "Bottière Est");
    assert_eq!(renamed.body["official_code"], serde_json::Value::Null);

    let duplicate = app
        .post(
            "/api/v1/quartiers",
            &coordinator,
            &json!({"slug": "la-bottiere", "name": "X", "communes": ["Nantes"]}),
        )
        .await;
    assert_eq!(duplicate.status, StatusCode::CONFLICT);
    assert_eq!(duplicate.error_code(), "slug_taken");
    assert_eq!(duplicate.body["error"]["field"], "slug");

    let bottiere = app.quartier_id("bottiere-pin-sec").await;
    let merged = app
        .post(
            "/api/v1/quartiers/merge",
            &coordinator,
            &json!({"from": id, "into": bottiere}),
        )
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.body);
    let all = app.get("/api/v1/quartiers", &coordinator).await.body;
    assert!(
        all.as_array().unwrap().iter().all(|q| q["id"] != id),
        "merged quartier is gone"
    );
    let same = app
        .post(
            "/api/v1/quartiers/merge",
            &coordinator,
            &json!({"from": bottiere, "into": bottiere}),
        )
        .await;
    assert_eq!(same.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn quartier_input_is_checked() {
    let app = spawn_app().await;
    for (body, field) in [
        (
            json!({"slug": "Bad Slug", "name": "X", "communes": ["Nantes"]}),
            "slug",
        ),
        (
            json!({"slug": "ok", "name": " ", "communes": ["Nantes"]}),
            "name",
        ),
        (
            json!({"slug": "ok", "name": "X", "communes": []}),
            "communes",
        ),
        (
            json!({"slug": "ok", "name": "X".repeat(500), "communes": ["Nantes"]}),
            "name",
        ),
    ] {
        let reply = app.post("/api/v1/quartiers", &app.admin, &body).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(reply.body["error"]["field"], field);
    }
    let wrong_type = app
        .post(
            "/api/v1/quartiers",
            &app.admin,
            &json!({"slug": 12, "name": "X", "communes": ["Nantes"]}),
        )
        .await;
    assert_eq!(wrong_type.status, StatusCode::BAD_REQUEST);
    assert_eq!(wrong_type.error_code(), "invalid_json");
    let malformed = TestApp::send(
        app.request(Method::POST, "/api/v1/quartiers", Some(&app.admin))
            .header("content-type", "application/json")
            .body("{\"slug\":"),
    )
    .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert_eq!(malformed.error_code(), "invalid_json");
    let unknown = app
        .put(
            "/api/v1/quartiers/999999",
            &app.admin,
            &json!({"slug": "x", "name": "X", "communes": ["Nantes"]}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let bad_id = app
        .put(
            "/api/v1/quartiers/abc",
            &app.admin,
            &json!({"slug": "x", "name": "X", "communes": ["Nantes"]}),
        )
        .await;
    assert_eq!(bad_id.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad_id.error_code(), "invalid_path");
}

#[tokio::test]
async fn councils_cover_quartiers() {
    let app = spawn_app().await;
    let port_boyer = app.quartier_id("port-boyer").await;
    let halveque = app.quartier_id("halveque").await;
    let created = app
        .post(
            "/api/v1/councils",
            &app.admin,
            &json!({"name": "Conseil citoyen Erdre", "quartier_ids": [port_boyer, halveque]}),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.body["id"].as_i64().unwrap();
    let updated = app
        .put(
            &format!("/api/v1/councils/{id}"),
            &app.admin,
            &json!({"name": "Conseil citoyen Erdre", "quartier_ids": [port_boyer]}),
        )
        .await;
    assert_eq!(updated.body["quartier_ids"], json!([port_boyer]));
    let unknown = app
        .post(
            "/api/v1/councils",
            &app.admin,
            &json!({"name": "Y", "quartier_ids": [987654]}),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unknown.error_code(), "unknown_quartier");
    let empty = app
        .post(
            "/api/v1/councils",
            &app.admin,
            &json!({"name": "Z", "quartier_ids": []}),
        )
        .await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn roles_are_enforced_on_admin_routes() {
    let app = spawn_app().await;
    let council = app.council_id("Conseil citoyen de Bellevue").await;
    let (_, coordinator) = app.user("coordinator", None).await;
    let (volunteer_id, volunteer) = app.user("volunteer", None).await;
    let (_, member) = app.user("council_member", Some(council)).await;

    let quartier = json!({"slug": "new-q", "name": "Nouveau", "communes": ["Nantes"]});
    for token in [&volunteer, &member] {
        assert_eq!(
            app.post("/api/v1/quartiers", token, &quartier).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.get("/api/v1/users", token).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.get("/api/v1/surveys", token).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            app.post(
                "/api/v1/councils",
                token,
                &json!({"name": "N", "quartier_ids": [1]})
            )
            .await
            .status,
            StatusCode::FORBIDDEN
        );
    }
    // Everyone signed in can read the quartiers and councils.
    for token in [&volunteer, &member, &coordinator] {
        assert_eq!(
            app.get("/api/v1/quartiers", token).await.status,
            StatusCode::OK
        );
        assert_eq!(
            app.get("/api/v1/councils", token).await.status,
            StatusCode::OK
        );
    }
    // Coordinators manage volunteers, not staff.
    let staff = json!({"email": "c2@test.local", "display_name": "C2", "role": "coordinator", "password": "long-enough-pass"});
    assert_eq!(
        app.post("/api/v1/users", &coordinator, &staff).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post("/api/v1/users", &app.admin, &staff).await.status,
        StatusCode::CREATED
    );
    let renamed = app
        .patch(
            &format!("/api/v1/users/{volunteer_id}"),
            &coordinator,
            &json!({"display_name": "Inès"}),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK);
    assert_eq!(renamed.body["display_name"], "Inès");
    let promote = app
        .patch(
            &format!("/api/v1/users/{volunteer_id}"),
            &coordinator,
            &json!({"role": "admin"}),
        )
        .await;
    assert_eq!(promote.status, StatusCode::FORBIDDEN);
    // A volunteer reads their own account, not others'.
    assert_eq!(
        app.get(&format!("/api/v1/users/{volunteer_id}"), &volunteer)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/v1/users/1", &volunteer).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn user_input_is_checked() {
    let app = spawn_app().await;
    let cases = [
        (
            json!({"email": "not-an-email", "display_name": "X", "role": "volunteer"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "email",
        ),
        (
            json!({"email": "a@test.local", "display_name": "X", "role": "volunteer", "password": "short"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "password",
        ),
        (
            json!({"email": "b@test.local", "display_name": "X", "role": "council_member", "password": "long-enough-pass"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "council_id",
        ),
        (
            json!({"email": "c@test.local", "display_name": "X", "role": "coordinator"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "password",
        ),
        (
            json!({"email": "d@test.local", "display_name": "X", "role": "overlord"}),
            StatusCode::BAD_REQUEST,
            "role",
        ),
    ];
    for (body, status, field) in cases {
        let reply = app.post("/api/v1/users", &app.admin, &body).await;
        assert_eq!(reply.status, status, "{body}: {}", reply.body);
        if status == StatusCode::UNPROCESSABLE_ENTITY {
            assert_eq!(reply.body["error"]["field"], field, "{}", reply.body);
        } else {
            reply.error_code();
        }
    }
    let ok = json!({"email": "Dup@Test.local", "display_name": "X", "role": "volunteer"});
    assert_eq!(
        app.post("/api/v1/users", &app.admin, &ok).await.status,
        StatusCode::CREATED
    );
    let again = app
        .post(
            "/api/v1/users",
            &app.admin,
            &json!({"email": "dup@test.local", "display_name": "Y", "role": "volunteer"}),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.error_code(), "email_taken");
    let me = app.get("/api/v1/auth/me", &app.admin).await.body["id"]
        .as_i64()
        .unwrap();
    let lockout = app
        .patch(
            &format!("/api/v1/users/{me}"),
            &app.admin,
            &json!({"active": false}),
        )
        .await;
    assert_eq!(lockout.status, StatusCode::CONFLICT);
    let oversize = app.post("/api/v1/users", &app.admin, &json!({"email": "e@test.local", "display_name": "x".repeat(300_000), "role": "volunteer"})).await;
    assert_eq!(oversize.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(oversize.error_code(), "payload_too_large");
}
