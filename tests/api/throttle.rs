//! Sign-in throttling: per account and per address, 429 with `Retry-After` and the error body,
//! exponential back-off with a cap (never locked out for good), state in the database.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a panic is a failure"
)]

use portevoix::auth::JwtKeys;
use portevoix::error::ApiError;
use portevoix::services::throttle::{self, Policy};
use reqwest::StatusCode;
use serde_json::json;
use uuid::Uuid;

use crate::helpers::{
    pool, spawn_app, spawn_with, test_settings, TestApp, ADMIN_EMAIL, ADMIN_PASSWORD, JWT_SECRET,
    PASSWORD,
};

/// A coordinator with a known e-mail.
pub async fn account(app: &TestApp) -> String {
    let email = format!("c-{}@test.local", Uuid::new_v4().simple());
    let reply = app
        .post(
            "/api/v1/users",
            &app.admin,
            &json!({"email": email, "display_name": "C", "role": "coordinator", "password": PASSWORD}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    email
}

fn retry_after(reply: &crate::helpers::Reply) -> u64 {
    reply
        .headers
        .get("retry-after")
        .expect("429 carries Retry-After")
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn an_account_is_throttled_after_its_failures_and_others_are_not() {
    let app = spawn_with(|s| s.login_max_failures = 3).await;
    let email = account(&app).await;
    for _ in 0..3 {
        let reply = app.login_reply(&email, "wrong password!!").await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    let blocked = app.login_reply(&email, "wrong password!!").await;
    assert_eq!(
        blocked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        blocked.body
    );
    assert_eq!(blocked.error_code(), "too_many_requests");
    assert!(blocked.body["error"]["field"].is_null());
    let wait = retry_after(&blocked);
    assert!((1..=60).contains(&wait), "Retry-After {wait}");
    assert!(blocked.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("réessayez"));

    // The right password does not get through a block either (or guessing would go on).
    let right = app.login_reply(&email, PASSWORD).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);

    // Other accounts from the same address still sign in.
    let other = account(&app).await;
    assert_eq!(
        app.login_reply(&other, PASSWORD).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.login_reply(ADMIN_EMAIL, ADMIN_PASSWORD).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn an_address_is_throttled_across_accounts_and_unknown_emails() {
    let app = spawn_with(|s| s.login_max_failures_per_address = 4).await;
    let real = account(&app).await;
    for n in 0..4 {
        let reply = app
            .login_reply(&format!("nobody-{n}@test.local"), "whatever-password")
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    let blocked = app.login_reply(&real, PASSWORD).await;
    assert_eq!(
        blocked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        blocked.body
    );
    assert_eq!(blocked.error_code(), "too_many_requests");
    assert!(retry_after(&blocked) >= 1);
}

/// Behind a trusted proxy, failures from anywhere in one IPv6 /64 count together: a client that
/// picks a new address in its /64 for each attempt is still slowed down; the next /64 is not.
#[tokio::test]
async fn ipv6_clients_are_counted_per_64() {
    let app = spawn_with(|s| {
        s.login_max_failures_per_address = 4;
        s.trust_forwarded = true;
    })
    .await;
    let real = account(&app).await;
    let login_from = |address: &str, email: &str, password: &str| {
        TestApp::send(
            app.request(reqwest::Method::POST, "/api/v1/auth/login", None)
                .header("x-forwarded-for", address)
                .json(&json!({"email": email, "password": password})),
        )
    };
    for n in 1..=4 {
        let reply = login_from(
            &format!("2001:db8:1:2::{n}"),
            &format!("nobody-{n}@test.local"),
            "whatever-password",
        )
        .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.body);
    }
    let same_64 = login_from("2001:db8:1:2:ffff:ee:dd:cc", &real, PASSWORD).await;
    assert_eq!(
        same_64.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        same_64.body
    );
    assert!(retry_after(&same_64) >= 1);
    let next_64 = login_from("2001:db8:1:3::1", &real, PASSWORD).await;
    assert_eq!(next_64.status, StatusCode::OK, "{}", next_64.body);
}

#[tokio::test]
async fn successful_sign_ins_do_not_use_up_an_address() {
    let app = spawn_with(|s| s.login_max_failures_per_address = 3).await;
    let email = account(&app).await;
    // A shared computer: many people sign in correctly from one address.
    for _ in 0..10 {
        assert_eq!(
            app.login_reply(&email, PASSWORD).await.status,
            StatusCode::OK
        );
    }
}

fn login(
    conn: &mut portevoix::db::DbConnection,
    keys: &JwtKeys,
    settings: &portevoix::config::Settings,
    policy: &Policy,
    password: &str,
    now: i64,
) -> Result<(), ApiError> {
    throttle::login_at(
        conn,
        keys,
        settings,
        policy,
        ADMIN_EMAIL,
        password,
        "192.0.2.7",
        now,
    )
    .map(|_| ())
}

fn retry(result: Result<(), ApiError>) -> Option<u64> {
    match result {
        Err(ApiError::TooManyRequests { retry_after }) => Some(retry_after),
        _ => None,
    }
}

/// The clock is injected: hours of back-off pass in a few milliseconds.
#[tokio::test]
async fn back_off_doubles_up_to_a_cap_and_never_locks_out_for_good() {
    let app = spawn_app().await;
    let url = app.db.url().to_owned();
    tokio::task::spawn_blocking(move || {
        let mut conn = pool(&url).get().unwrap();
        let settings = test_settings(&url);
        let keys = JwtKeys::new(JWT_SECRET.as_bytes(), 900).unwrap();
        let policy = Policy {
            account_max: 3,
            ..Policy::default()
        };
        let mut now = portevoix::clock::now_ms();
        let wrong = "not the password";

        for _ in 0..3 {
            assert!(matches!(
                login(&mut conn, &keys, &settings, &policy, wrong, now),
                Err(ApiError::Unauthorized(_))
            ));
            now += 1_000;
        }
        assert_eq!(
            retry(login(
                &mut conn,
                &keys,
                &settings,
                &policy,
                ADMIN_PASSWORD,
                now
            )),
            Some(59),
            "blocked for the base delay after the third failure"
        );

        // Each failure after a block doubles the next one, up to the cap.
        let mut delays = Vec::new();
        for _ in 0..8 {
            let wait = retry(login(&mut conn, &keys, &settings, &policy, wrong, now)).unwrap();
            now += wait as i64 * 1000;
            assert!(matches!(
                login(&mut conn, &keys, &settings, &policy, wrong, now),
                Err(ApiError::Unauthorized(_))
            ));
            delays.push(retry(login(&mut conn, &keys, &settings, &policy, wrong, now)).unwrap());
        }
        assert_eq!(&delays[..4], &[120, 240, 480, 900]);
        assert!(delays.iter().all(|d| *d <= 900), "capped: {delays:?}");

        // After the block, the right password gets in and the account starts afresh.
        now += *delays.last().unwrap() as i64 * 1000;
        login(&mut conn, &keys, &settings, &policy, ADMIN_PASSWORD, now).expect("not locked out");
        for _ in 0..2 {
            assert!(matches!(
                login(&mut conn, &keys, &settings, &policy, wrong, now),
                Err(ApiError::Unauthorized(_))
            ));
        }

        // Failures are forgotten after a quiet hour.
        now += policy.forget_after_ms + 1;
        for _ in 0..2 {
            assert!(matches!(
                login(&mut conn, &keys, &settings, &policy, wrong, now),
                Err(ApiError::Unauthorized(_))
            ));
        }
        login(&mut conn, &keys, &settings, &policy, ADMIN_PASSWORD, now).expect("still allowed");
    })
    .await
    .unwrap();
}
