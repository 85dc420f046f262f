//! The outside security review (issue 13), sign-in and sessions: one test per finding, named
//! after it, each failing without its fix.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a panic is a failure"
)]

use diesel::prelude::*;
use portevoix::db::schema::login_throttle;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::auth::refresh;
use crate::helpers::{
    pool, spawn_app, spawn_with, test_settings, Reply, TestApp, ADMIN_EMAIL, ADMIN_PASSWORD,
    PASSWORD, REFRESH_IN_BODY,
};
use crate::throttle::account;

async fn me(app: &TestApp, token: &str) -> StatusCode {
    app.get("/api/v1/auth/me", token).await.status
}

/// Finding 1: behind the documented proxy (which replaces `X-Forwarded-For`), a client blocked
/// after its failures got further guesses by adding `Forwarded: for=…` or its own
/// `X-Forwarded-For` entries. Only the right-most hop of the configured header counts.
#[tokio::test]
async fn finding_01_sign_in_throttle_bypass_behind_a_proxy() {
    let app = spawn_with(|s| {
        s.trust_forwarded = true;
        s.login_max_failures_per_address = 3;
    })
    .await;
    let attempt = |extra: Vec<(&'static str, String)>| {
        let mut request = app
            .request(Method::POST, "/api/v1/auth/login", None)
            // What the proxy writes: the real client, replacing the header.
            .header("x-forwarded-for", "203.0.113.9")
            .json(&json!({"email": "nobody@test.local", "password": "guess-guess-guess"}));
        for (name, value) in extra {
            request = request.header(name, value);
        }
        TestApp::send(request)
    };
    for _ in 0..3 {
        assert_eq!(attempt(vec![]).await.status, StatusCode::UNAUTHORIZED);
    }
    for n in 1..=5 {
        let forged = attempt(vec![("forwarded", format!("for=198.51.100.{n}"))]).await;
        assert_eq!(
            forged.status,
            StatusCode::TOO_MANY_REQUESTS,
            "{}",
            forged.body
        );
        assert!(forged.headers.contains_key("retry-after"));
    }
    // A proxy that appends (`$proxy_add_x_forwarded_for`) keeps the client's entries on the
    // left: they do not count either.
    let appended = TestApp::send(
        app.request(Method::POST, "/api/v1/auth/login", None)
            .header("x-forwarded-for", "198.51.100.77, 203.0.113.9")
            .json(&json!({"email": "nobody@test.local", "password": "guess-guess-guess"})),
    )
    .await;
    assert_eq!(appended.status, StatusCode::TOO_MANY_REQUESTS);
    // Another real client is not blocked.
    let other = TestApp::send(
        app.request(Method::POST, "/api/v1/auth/login", None)
            .header("x-forwarded-for", "203.0.113.10")
            .json(&json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})),
    )
    .await;
    assert_eq!(other.status, StatusCode::OK, "{}", other.body);
}

/// A proxy configured to speak RFC 7239 (`client_address_header = "forwarded"`): then
/// `Forwarded`'s right-most `for=` counts and `X-Forwarded-For` is the forgeable one.
#[tokio::test]
async fn finding_01_forwarded_counts_only_when_configured() {
    let app = spawn_with(|s| {
        s.trust_forwarded = true;
        s.client_address_header = "forwarded".into();
        s.login_max_failures_per_address = 2;
    })
    .await;
    for n in 0..4 {
        let reply = TestApp::send(
            app.request(Method::POST, "/api/v1/auth/login", None)
                .header("forwarded", "for=198.51.100.1, for=\"[2001:db8::9]:4711\"")
                .header("x-forwarded-for", format!("192.0.2.{n}"))
                .json(&json!({"email": "nobody@test.local", "password": "guess-guess-guess"})),
        )
        .await;
        let expected = if n < 2 {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::TOO_MANY_REQUESTS
        };
        assert_eq!(reply.status, expected, "attempt {n}: {}", reply.body);
    }
}

async fn enrol_from(app: &TestApp, address: &str, code: &str) -> Reply {
    TestApp::send(
        app.request(Method::POST, "/api/v1/auth/enrol", None)
            .header("x-forwarded-for", address)
            .json(&json!({"code": code})),
    )
    .await
}

async fn new_code(app: &TestApp, user: i64) -> String {
    let reply = app
        .post(
            "/api/v1/devices/enrolments",
            &app.admin,
            &json!({"user_id": user}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    reply.body["code"].as_str().unwrap().to_owned()
}

/// Finding 2: enrolment codes could be guessed without limit. Now 10 wrong codes per address,
/// then 429 with `Retry-After`; 100 wrong codes from anywhere, then 429 for everyone.
#[tokio::test]
async fn finding_02_enrolment_codes_can_be_guessed_without_limit() {
    let app = spawn_with(|s| s.trust_forwarded = true).await;
    let (volunteer, _) = app.user("volunteer", None).await;
    for _ in 0..10 {
        let reply = enrol_from(&app, "203.0.113.1", "AAAA-AAAA").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.body);
    }
    let blocked = enrol_from(&app, "203.0.113.1", "AAAA-AAAA").await;
    assert_eq!(
        blocked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        blocked.body
    );
    assert_eq!(blocked.error_code(), "too_many_requests");
    assert!(blocked.headers.contains_key("retry-after"));
    // The right code from the blocked address waits too (or guessing would go on).
    let code = new_code(&app, volunteer).await;
    assert_eq!(
        enrol_from(&app, "203.0.113.1", &code).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Spread over many addresses: the server-wide limit stops the flood.
    for n in 2..=10 {
        for _ in 0..10 {
            let address = format!("203.0.113.{n}");
            let reply = enrol_from(&app, &address, "AAAA-AAAA").await;
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{address}");
        }
    }
    let fresh = enrol_from(&app, "198.51.100.200", "BBBB-BBBB").await;
    assert_eq!(
        fresh.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        fresh.body
    );
}

/// Finding 2, second half: a new code cancels the account's older unused ones.
#[tokio::test]
async fn finding_02_a_new_enrolment_code_cancels_the_older_ones() {
    let app = spawn_app().await;
    let (volunteer, _) = app.user("volunteer", None).await;
    let first = new_code(&app, volunteer).await;
    let second = new_code(&app, volunteer).await;
    assert_eq!(
        enrol_from(&app, "ignored", &first).await.status,
        StatusCode::UNAUTHORIZED,
        "the older code no longer works"
    );
    let phone = enrol_from(&app, "ignored", &second).await;
    assert_eq!(phone.status, StatusCode::OK, "{}", phone.body);
}

/// Finding 2, "the same throttle on any other code a person can guess": receipt codes looked
/// up or erased without success count per account and per address (20), then 429.
#[tokio::test]
async fn finding_02_receipt_codes_can_be_guessed_without_limit() {
    let app = spawn_app().await;
    let (_, coordinator) = app.user("coordinator", None).await;
    for n in 0..20 {
        let code = format!("AAAA-{:04}", 2222 + n);
        let code = code.replace('0', "A").replace('1', "B");
        let reply = app
            .get(&format!("/api/v1/receipts/{code}"), &coordinator)
            .await;
        assert!(
            matches!(reply.status.as_u16(), 404 | 422),
            "{code}: {} {}",
            reply.status,
            reply.body
        );
    }
    let blocked = app.get("/api/v1/receipts/ZZZZ-ZZZZ", &coordinator).await;
    assert_eq!(
        blocked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        blocked.body
    );
    assert!(blocked.headers.contains_key("retry-after"));
    let erase = TestApp::send(app.request(
        Method::DELETE,
        "/api/v1/receipts/ZZZZ-ZZZZ",
        Some(&coordinator),
    ))
    .await;
    assert_eq!(erase.status, StatusCode::TOO_MANY_REQUESTS);
}

/// Finding 5: the same refresh token presented twice within the grace period returned two
/// different successors, and both chains kept refreshing. Now both get the same one.
#[tokio::test]
async fn finding_05_refresh_grace_forks_a_session() {
    let app = spawn_app().await;
    let login = app.login_reply(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let r1 = login.body["refresh_token"].as_str().unwrap().to_owned();
    let first = refresh(&app, &r1).await;
    let second = refresh(&app, &r1).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(second.status, StatusCode::OK, "{}", second.body);
    let r2 = first.body["refresh_token"].as_str().unwrap().to_owned();
    assert_eq!(second.body["refresh_token"], first.body["refresh_token"]);
    assert_eq!(
        me(&app, second.body["access_token"].as_str().unwrap()).await,
        StatusCode::OK
    );
    // One chain: it goes on, once.
    let third = refresh(&app, &r2).await;
    assert_eq!(third.status, StatusCode::OK, "{}", third.body);
    let mut conn = pool(app.db.url()).get().unwrap();
    use portevoix::db::schema::refresh_tokens;
    let live: i64 = refresh_tokens::table
        .filter(refresh_tokens::rotated_at.is_null())
        .filter(refresh_tokens::revoked_at.is_null())
        .count()
        .get_result(&mut conn)
        .unwrap();
    // The admin's own session from spawn_app, and this chain's newest token.
    assert_eq!(live, 2);
}

/// Finding 6: access tokens outlived logout and a password reset. Now logging out everywhere,
/// a password change or reset, and a role change end them at once.
#[tokio::test]
async fn finding_06_access_tokens_outlive_logout_and_a_password_reset() {
    let app = spawn_app().await;
    let email = account(&app).await;
    let id = app
        .get("/api/v1/users", &app.admin)
        .await
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == email.as_str())
        .unwrap()["id"]
        .as_i64()
        .unwrap();

    let token = app.login(&email, PASSWORD).await;
    let other_device = app.login(&email, PASSWORD).await;
    let out =
        TestApp::send(app.request(Method::POST, "/api/v1/auth/logout-all", Some(&token))).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT, "{}", out.body);
    assert_eq!(me(&app, &token).await, StatusCode::UNAUTHORIZED);
    assert_eq!(me(&app, &other_device).await, StatusCode::UNAUTHORIZED);

    let token = app.login(&email, PASSWORD).await;
    assert_eq!(
        me(&app, &token).await,
        StatusCode::OK,
        "a new sign-in works"
    );
    let reset = app
        .patch(
            &format!("/api/v1/users/{id}"),
            &app.admin,
            &json!({"password": "a brand new password"}),
        )
        .await;
    assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
    assert_eq!(me(&app, &token).await, StatusCode::UNAUTHORIZED);

    let token = app.login(&email, "a brand new password").await;
    let demoted = app
        .patch(
            &format!("/api/v1/users/{id}"),
            &app.admin,
            &json!({"role": "volunteer"}),
        )
        .await;
    assert_eq!(demoted.status, StatusCode::OK, "{}", demoted.body);
    assert_eq!(me(&app, &token).await, StatusCode::UNAUTHORIZED);
    // Other accounts are untouched.
    assert_eq!(me(&app, &app.admin).await, StatusCode::OK);
}

/// Finding 7: the refresh token was in the JSON body of login, refresh and enrol, where page
/// scripts read it. Browsers now get it in the HttpOnly cookie only; a client without cookies
/// asks for it with `X-Refresh-Token-Delivery: body`.
#[tokio::test]
async fn finding_07_the_refresh_token_is_also_in_the_json_body() {
    let app = spawn_app().await;
    let browser = TestApp::send(
        app.request(Method::POST, "/api/v1/auth/login", None)
            .json(&json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})),
    )
    .await;
    assert_eq!(browser.status, StatusCode::OK);
    assert!(
        browser.body.get("refresh_token").is_none(),
        "{}",
        browser.body
    );
    assert!(browser.headers["set-cookie"]
        .to_str()
        .unwrap()
        .contains("HttpOnly"));
    let refreshed = TestApp::send(app.request(Method::POST, "/api/v1/auth/refresh", None)).await;
    assert_eq!(refreshed.status, StatusCode::OK, "{}", refreshed.body);
    assert!(refreshed.body.get("refresh_token").is_none());
    let (volunteer, _) = app.user("volunteer", None).await;
    let code = new_code(&app, volunteer).await;
    let phone = enrol_from(&app, "ignored", &code).await;
    assert_eq!(phone.status, StatusCode::OK);
    assert!(phone.body.get("refresh_token").is_none());

    let script = TestApp::send(
        app.request(Method::POST, "/api/v1/auth/login", None)
            .header(REFRESH_IN_BODY.0, REFRESH_IN_BODY.1)
            .json(&json!({"email": ADMIN_EMAIL, "password": ADMIN_PASSWORD})),
    )
    .await;
    assert!(script.body["refresh_token"].is_string(), "{}", script.body);
}

/// Finding 8: a disabled account confirmed a correct password with its own message.
#[tokio::test]
async fn finding_08_a_disabled_account_confirms_a_correct_password() {
    let app = spawn_app().await;
    let (id, _) = app.user("coordinator", None).await;
    let email = app
        .get(&format!("/api/v1/users/{id}"), &app.admin)
        .await
        .body["email"]
        .as_str()
        .unwrap()
        .to_owned();
    let disabled = app
        .patch(
            &format!("/api/v1/users/{id}"),
            &app.admin,
            &json!({"active": false}),
        )
        .await;
    assert_eq!(disabled.status, StatusCode::OK);
    let right = app.login_reply(&email, PASSWORD).await;
    let wrong = app.login_reply(&email, "not the password at all").await;
    assert_eq!(right.status, StatusCode::UNAUTHORIZED);
    assert_eq!(right.status, wrong.status);
    assert_eq!(right.body, wrong.body);
}

/// Finding 9: the sign-in e-mail had no length limit, and each failure stored a throttle row
/// keyed by it. Longer than 254 bytes: 422 `invalid_email`, before any database work.
#[tokio::test]
async fn finding_09_the_sign_in_email_has_no_length_limit() {
    let app = spawn_app().await;
    let email = format!("{}@test.local", "a".repeat(300));
    let reply = app.login_reply(&email, "whatever-password").await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.body
    );
    assert_eq!(reply.error_code(), "invalid_email");
    assert_eq!(reply.body["error"]["field"], "email");
    let mut conn = pool(app.db.url()).get().unwrap();
    let stored: i64 = login_throttle::table
        .filter(login_throttle::key.like("account:aaaa%"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(stored, 0);
}

/// Finding 12: the first administrator's password skipped the password rule.
#[tokio::test]
async fn finding_12_the_first_admin_password_skips_the_password_rule() {
    let db = crate::helpers::TestDb::new();
    let mut settings = test_settings(db.url());
    settings.admin_password = Some("a".into());
    let result = tokio::task::spawn_blocking(move || portevoix::startup::prepare(settings))
        .await
        .unwrap();
    let error = result
        .err()
        .expect("a one-letter admin password is refused");
    assert!(error.to_string().contains("ADMIN_PASSWORD"), "{error}");
}

/// Finding 14, first part: API answers carried no `Cache-Control: no-store`.
#[tokio::test]
async fn finding_14_api_answers_have_no_cache_control_no_store() {
    let app = spawn_app().await;
    let login = app.login_reply(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    let users = app.get("/api/v1/users", &app.admin).await;
    let refused = app.get("/api/v1/users", "not-a-token").await;
    let unknown = app.get("/api/v1/no-such-route", &app.admin).await;
    for reply in [login, users, refused, unknown] {
        assert_eq!(
            reply
                .headers
                .get("cache-control")
                .map(|v| v.to_str().unwrap()),
            Some("no-store"),
            "{} {}",
            reply.status,
            reply.body
        );
    }
}
