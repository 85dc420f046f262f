use base64::Engine;
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{
    spawn_app, TestApp, ADMIN_EMAIL, ADMIN_PASSWORD, JWT_SECRET, PASSWORD, REFRESH_IN_BODY,
};

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn claims(sub: i64) -> Value {
    json!({"sub": sub.to_string(), "exp": now() + 600, "nbf": now() - 10, "iat": now() - 10,
           "aud": "portevoix-api", "iss": "portevoix"})
}

fn sign(claims: &Value, secret: &str) -> String {
    encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()).unwrap(),
    )
    .unwrap()
}

fn b64(value: &Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string())
}

async fn me_status(app: &TestApp, token: &str) -> StatusCode {
    let reply = app.get("/api/v1/auth/me", token).await;
    if reply.status != StatusCode::OK {
        assert_eq!(reply.error_code(), "unauthorized");
    }
    reply.status
}

#[tokio::test]
async fn login_me_and_bad_credentials() {
    let app = spawn_app().await;
    let me = app.get("/api/v1/auth/me", &app.admin).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["email"], ADMIN_EMAIL);
    assert_eq!(me.body["role"], "admin");

    let wrong = app.login_reply(ADMIN_EMAIL, "not-the-password").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.error_code(), "unauthorized");
    let unknown = app.login_reply("nobody@test.local", ADMIN_PASSWORD).await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        wrong.body["error"]["message"], unknown.body["error"]["message"],
        "no account enumeration"
    );

    let anonymous = TestApp::send(app.request(Method::GET, "/api/v1/auth/me", None)).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn forged_and_tampered_tokens_are_refused() {
    let app = spawn_app().await;
    let me = app.get("/api/v1/auth/me", &app.admin).await.body;
    let admin_id = me["id"].as_i64().unwrap();
    assert_eq!(
        me_status(&app, &sign(&claims(admin_id), JWT_SECRET)).await,
        StatusCode::OK,
        "control: a well-formed token passes"
    );

    // Signed with another key.
    assert_eq!(
        me_status(
            &app,
            &sign(
                &claims(admin_id),
                "another-secret-another-secret-another-secret"
            )
        )
        .await,
        StatusCode::UNAUTHORIZED
    );
    // alg: none, no signature.
    let none = format!(
        "{}.{}.",
        b64(&json!({"alg": "none", "typ": "JWT"})),
        b64(&claims(admin_id))
    );
    assert_eq!(me_status(&app, &none).await, StatusCode::UNAUTHORIZED);
    // Algorithm confusion: HS512 with the right secret is still not the pinned HS256.
    let hs512 = encode(
        &Header::new(Algorithm::HS512),
        &claims(admin_id),
        &EncodingKey::from_secret(JWT_SECRET.as_bytes()).unwrap(),
    )
    .unwrap();
    assert_eq!(me_status(&app, &hs512).await, StatusCode::UNAUTHORIZED);
    // Payload swapped under a valid signature.
    let valid = sign(&claims(admin_id), JWT_SECRET);
    let parts: Vec<&str> = valid.split('.').collect();
    let mut other = claims(admin_id);
    other["sub"] = json!("999");
    let tampered = format!("{}.{}.{}", parts[0], b64(&other), parts[2]);
    assert_eq!(me_status(&app, &tampered).await, StatusCode::UNAUTHORIZED);
    // Garbage.
    assert_eq!(
        me_status(&app, "not.a.token").await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn claims_are_checked() {
    let app = spawn_app().await;
    let admin_id = app.get("/api/v1/auth/me", &app.admin).await.body["id"]
        .as_i64()
        .unwrap();
    let cases: Vec<(&str, Box<dyn Fn(&mut Value)>)> = vec![
        ("expired", Box::new(|c| c["exp"] = json!(now() - 3600))),
        (
            "wrong audience",
            Box::new(|c| c["aud"] = json!("someone-else")),
        ),
        ("wrong issuer", Box::new(|c| c["iss"] = json!("evil"))),
        (
            "not yet valid",
            Box::new(|c| c["nbf"] = json!(now() + 3600)),
        ),
        (
            "exp as string",
            Box::new(|c| c["exp"] = json!((now() + 600).to_string())),
        ),
        (
            "nbf as string",
            Box::new(|c| c["nbf"] = json!((now() - 10).to_string())),
        ),
        (
            "missing exp",
            Box::new(|c| {
                c.as_object_mut().unwrap().remove("exp");
            }),
        ),
        (
            "missing aud",
            Box::new(|c| {
                c.as_object_mut().unwrap().remove("aud");
            }),
        ),
        (
            "missing sub",
            Box::new(|c| {
                c.as_object_mut().unwrap().remove("sub");
            }),
        ),
        (
            "missing nbf",
            Box::new(|c| {
                c.as_object_mut().unwrap().remove("nbf");
            }),
        ),
        ("unknown user", Box::new(|c| c["sub"] = json!("424242"))),
    ];
    for (name, change) in cases {
        let mut c = claims(admin_id);
        change(&mut c);
        assert_eq!(
            me_status(&app, &sign(&c, JWT_SECRET)).await,
            StatusCode::UNAUTHORIZED,
            "{name} must be refused"
        );
    }
}

/// Moves every spent refresh token's rotation `ms` into the past (time passing, without sleeping).
pub fn age_rotations(database_url: &str, ms: i64) {
    use diesel::prelude::*;
    use portevoix::db::schema::refresh_tokens;
    let mut conn = crate::helpers::pool(database_url).get().unwrap();
    diesel::update(refresh_tokens::table.filter(refresh_tokens::rotated_at.is_not_null()))
        .set(refresh_tokens::rotated_at.eq(refresh_tokens::rotated_at - ms))
        .execute(&mut conn)
        .unwrap();
}

pub async fn refresh(app: &TestApp, token: &str) -> crate::helpers::Reply {
    TestApp::send(
        app.request(Method::POST, "/api/v1/auth/refresh", None)
            .header(REFRESH_IN_BODY.0, REFRESH_IN_BODY.1)
            .json(&json!({"refresh_token": token})),
    )
    .await
}

#[tokio::test]
async fn refresh_tokens_rotate_and_reuse_revokes_the_family() {
    let app = spawn_app().await;
    let first = app.login_reply(ADMIN_EMAIL, ADMIN_PASSWORD).await.body;
    let r1 = first["refresh_token"].as_str().unwrap().to_owned();

    let second = refresh(&app, &r1).await;
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
    let r2 = second.body["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(r1, r2);
    assert_eq!(
        me_status(&app, second.body["access_token"].as_str().unwrap()).await,
        StatusCode::OK
    );

    // Within the grace period a spent token still works (two tabs refreshing at once)...
    let concurrent = refresh(&app, &r1).await;
    assert_eq!(concurrent.status, StatusCode::OK, "{}", concurrent.body);
    // ...and once the chain went on (r2 spent for r3) and the grace period is over, presenting
    // r1 means it leaked: refused, and the whole family dies with it.
    let third = refresh(&app, &r2).await;
    assert_eq!(third.status, StatusCode::OK, "{}", third.body);
    let r3 = third.body["refresh_token"].as_str().unwrap().to_owned();
    age_rotations(
        app.db.url(),
        portevoix::services::accounts::sessions::REFRESH_REUSE_GRACE_MS + 1_000,
    );
    assert_eq!(refresh(&app, &r1).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refresh(&app, &r3).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        refresh(&app, "made-up-token").await.status,
        StatusCode::UNAUTHORIZED
    );
}

/// Issue 12 §4: a phone's memory manager kills the browser right after the app refreshed its
/// session, before the new cookie was kept. Hours later the app presents the spent token: as
/// its successor was never used, it gets that same successor back instead of being signed out.
#[tokio::test]
async fn a_killed_browser_that_never_kept_the_new_token_stays_signed_in() {
    let app = spawn_app().await;
    let first = app.login_reply(ADMIN_EMAIL, ADMIN_PASSWORD).await.body;
    let r1 = first["refresh_token"].as_str().unwrap().to_owned();
    let lost = refresh(&app, &r1).await;
    assert_eq!(lost.status, StatusCode::OK, "{}", lost.body);
    age_rotations(app.db.url(), 6 * 3600 * 1000);
    let again = refresh(&app, &r1).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.body);
    assert_eq!(again.body["refresh_token"], lost.body["refresh_token"]);
    let r2 = again.body["refresh_token"].as_str().unwrap().to_owned();
    assert_eq!(
        me_status(&app, again.body["access_token"].as_str().unwrap()).await,
        StatusCode::OK
    );
    // The chain goes on from r2; r1 is a leak from then on.
    assert_eq!(refresh(&app, &r2).await.status, StatusCode::OK);
    age_rotations(
        app.db.url(),
        portevoix::services::accounts::sessions::REFRESH_REUSE_GRACE_MS + 1_000,
    );
    assert_eq!(refresh(&app, &r1).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn refresh_works_from_the_cookie_and_logout_ends_it() {
    let app = spawn_app().await;
    let login = app.login_reply(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let cookie = login.headers["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Strict")
            && cookie.contains("Path=/api/v1/auth"),
        "{cookie}"
    );
    // The client's cookie store sends it back: no body needed.
    let refreshed = TestApp::send(
        app.request(Method::POST, "/api/v1/auth/refresh", None)
            .header(REFRESH_IN_BODY.0, REFRESH_IN_BODY.1),
    )
    .await;
    assert_eq!(refreshed.status, StatusCode::OK, "{}", refreshed.body);
    let token = refreshed.body["refresh_token"].as_str().unwrap().to_owned();
    let out = TestApp::send(
        app.request(Method::POST, "/api/v1/auth/logout", None)
            .json(&json!({"refresh_token": token})),
    )
    .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert_eq!(refresh(&app, &token).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn enrolment_signs_a_phone_in_once_and_revocation_ends_it() {
    let app = spawn_app().await;
    let (volunteer_id, volunteer) = app.user("volunteer", None).await;
    let (_, coordinator) = app.user("coordinator", None).await;

    let denied = app
        .post(
            "/api/v1/devices/enrolments",
            &volunteer,
            &json!({"user_id": volunteer_id}),
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    let enrolment = app
        .post(
            "/api/v1/devices/enrolments",
            &coordinator,
            &json!({"user_id": volunteer_id, "label": "Samsung A14"}),
        )
        .await;
    assert_eq!(enrolment.status, StatusCode::CREATED, "{}", enrolment.body);
    let code = enrolment.body["code"].as_str().unwrap().to_owned();
    assert!(enrolment.body["url"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/enrol?code={code}")));

    // Typed in lower case without the dash: still accepted.
    let typed = code.replace('-', "").to_lowercase();
    let enrol = |code: String| {
        let app = &app;
        async move {
            TestApp::send(
                app.request(Method::POST, "/api/v1/auth/enrol", None)
                    .header(REFRESH_IN_BODY.0, REFRESH_IN_BODY.1)
                    .json(&json!({"code": code})),
            )
            .await
        }
    };
    let phone = enrol(typed.clone()).await;
    assert_eq!(phone.status, StatusCode::OK, "{}", phone.body);
    let device_id = phone.body["user"]["device_id"].as_str().unwrap().to_owned();
    let phone_token = phone.body["access_token"].as_str().unwrap().to_owned();
    assert_eq!(me_status(&app, &phone_token).await, StatusCode::OK);
    assert_eq!(
        enrol(typed).await.status,
        StatusCode::UNAUTHORIZED,
        "one-time code"
    );

    let devices = app.get("/api/v1/devices", &volunteer).await;
    assert_eq!(devices.body.as_array().unwrap().len(), 1);
    assert_eq!(devices.body[0]["label"], "Samsung A14");

    let revoked = TestApp::send(app.request(
        Method::DELETE,
        &format!("/api/v1/devices/{device_id}"),
        Some(&coordinator),
    ))
    .await;
    assert_eq!(revoked.status, StatusCode::OK, "{}", revoked.body);
    assert_eq!(revoked.body["revoked"], true);
    assert_eq!(
        me_status(&app, &phone_token).await,
        StatusCode::UNAUTHORIZED,
        "revoked device's token refused at once"
    );
    let refresh_after = refresh(&app, phone.body["refresh_token"].as_str().unwrap()).await;
    assert_eq!(refresh_after.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn disabled_accounts_lose_access_at_once() {
    let app = spawn_app().await;
    let (id, token) = app.user("volunteer", None).await;
    assert_eq!(me_status(&app, &token).await, StatusCode::OK);
    let patched = app
        .patch(
            &format!("/api/v1/users/{id}"),
            &app.admin,
            &json!({"active": false}),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
    assert_eq!(me_status(&app, &token).await, StatusCode::UNAUTHORIZED);
    let email = patched.body["email"].as_str().unwrap().to_owned();
    assert_eq!(
        app.login_reply(&email, PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn expired_volunteer_accounts_cannot_sign_in() {
    let app = spawn_app().await;
    let (id, token) = app.user("volunteer", None).await;
    let patched = app
        .patch(
            &format!("/api/v1/users/{id}"),
            &app.admin,
            &json!({"expires_on": "2020-01-31"}),
        )
        .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
    assert_eq!(me_status(&app, &token).await, StatusCode::UNAUTHORIZED);
}
