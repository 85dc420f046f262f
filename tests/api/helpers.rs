//! Spawns the real server on port 0 with a fresh database per test: a temporary SQLite file,
//! or (with `PORTEVOIX_TEST_DB=postgres`) a PostgreSQL database created for the test and
//! dropped after it.

use std::sync::Once;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use portevoix::config::Settings;
use portevoix::startup::{prepare, Application};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

pub const ADMIN_EMAIL: &str = "admin@test.local";
pub const ADMIN_PASSWORD: &str = "admin-password-1234";
pub const JWT_SECRET: &str = "test-secret-test-secret-test-secret-0123456789";
pub const PASSWORD: &str = "correct horse battery";
/// The header a client without a cookie store sends to get the refresh token in the body.
pub const REFRESH_IN_BODY: (&str, &str) = ("X-Refresh-Token-Delivery", "body");

static TRACING: Once = Once::new();

fn init_logs() {
    TRACING.call_once(|| {
        if std::env::var("TEST_LOG").is_ok() {
            let _ = tracing_subscriber::fmt()
                .with_env_filter("info")
                .with_test_writer()
                .try_init();
        }
    });
}

/// The test's database; dropped (PostgreSQL) or deleted (SQLite) with it.
pub enum TestDb {
    Sqlite {
        _dir: tempfile::TempDir,
        url: String,
    },
    Postgres {
        server: String,
        name: String,
        url: String,
        /// The working directory of the binary run against this database: on PostgreSQL the
        /// signing key defaults to `./data/portevoix.key`, which must not land in the source tree.
        _dir: tempfile::TempDir,
    },
}

pub fn backend() -> String {
    std::env::var("PORTEVOIX_TEST_DB").unwrap_or_else(|_| "sqlite".into())
}

impl TestDb {
    pub fn new() -> TestDb {
        if backend() == "postgres" {
            let server = std::env::var("PORTEVOIX_TEST_PG_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
            let name = format!("pv_test_{}", Uuid::new_v4().simple());
            let mut admin = PgConnection::establish(&format!("{server}/postgres"))
                .expect("PostgreSQL reachable for tests");
            admin
                .batch_execute(&format!("CREATE DATABASE {name}"))
                .expect("create test database");
            let url = format!("{server}/{name}");
            TestDb::Postgres {
                server,
                name,
                url,
                _dir: tempfile::tempdir().expect("temp dir"),
            }
        } else {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}", dir.path().join("test.db").display());
            TestDb::Sqlite { _dir: dir, url }
        }
    }

    /// A directory that lives as long as the database: the working directory for the
    /// `portevoix` binary in tests, so nothing it writes by default lands in the checkout.
    pub fn work_dir(&self) -> &std::path::Path {
        match self {
            TestDb::Sqlite { _dir, .. } | TestDb::Postgres { _dir, .. } => _dir.path(),
        }
    }

    pub fn url(&self) -> &str {
        match self {
            TestDb::Sqlite { url, .. } | TestDb::Postgres { url, .. } => url,
        }
    }

    /// The real `portevoix serve` on this database, on a free port, with no static files, the
    /// test secret and administrator, logging at `info`: the caller chooses where its output
    /// goes and spawns it.
    pub fn serve_command(&self) -> std::process::Command {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_portevoix"));
        command
            .current_dir(self.work_dir())
            .args(["--database", self.url(), "serve", "--bind", "127.0.0.1:0"])
            .args(["--static-dir", "/nonexistent-portevoix-static"])
            .env_remove("PORTEVOIX_DATABASE_URL")
            .env("PORTEVOIX_LOG", "info")
            .env("PORTEVOIX_JWT_SECRET", JWT_SECRET)
            .env("PORTEVOIX_ADMIN_EMAIL", ADMIN_EMAIL)
            .env("PORTEVOIX_ADMIN_PASSWORD", ADMIN_PASSWORD);
        command
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let TestDb::Postgres { server, name, .. } = self {
            if let Ok(mut admin) = PgConnection::establish(&format!("{server}/postgres")) {
                let _ =
                    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub admin: String,
    pub db: TestDb,
}

pub fn test_settings(database_url: &str) -> Settings {
    Settings {
        bind: "127.0.0.1:0".into(),
        database_url: database_url.parse().expect("a test database URL"),
        static_dir: "/nonexistent-portevoix-static".into(),
        jwt_secret: Some(JWT_SECRET.into()),
        admin_email: Some(ADMIN_EMAIL.into()),
        admin_password: Some(ADMIN_PASSWORD.into()),
        pool_size: 4,
        ..Settings::default()
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_with(|_| {}).await
}

pub async fn spawn_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    init_logs();
    let db = TestDb::new();
    let mut settings = test_settings(db.url());
    adjust(&mut settings);
    let prepared = tokio::task::spawn_blocking(move || prepare(settings))
        .await
        .unwrap()
        .expect("prepare");
    let app = Application::build(prepared.state).expect("build");
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let mut test = TestApp {
        base,
        client,
        admin: String::new(),
        db,
    };
    test.admin = test.login(ADMIN_EMAIL, ADMIN_PASSWORD).await;
    test
}

/// A response's status and JSON body (Null when empty).
pub struct Reply {
    pub status: StatusCode,
    pub body: Value,
    pub headers: reqwest::header::HeaderMap,
}

impl Reply {
    /// Asserts an error reply has the documented shape and returns its code.
    pub fn error_code(&self) -> String {
        assert!(
            self.status.is_client_error(),
            "expected a 4xx, got {} {}",
            self.status,
            self.body
        );
        let error = &self.body["error"];
        assert!(
            error["message"].is_string(),
            "error body lacks a message: {}",
            self.body
        );
        assert!(
            error.get("field").is_some(),
            "error body lacks field: {}",
            self.body
        );
        error["code"].as_str().expect("error code").to_owned()
    }
}

impl TestApp {
    pub fn request(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let mut builder = self.client.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            builder = builder.bearer_auth(token);
        }
        builder
    }

    pub async fn send(builder: RequestBuilder) -> Reply {
        let response = builder.send().await.expect("request sent");
        let status = response.status();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Reply {
            status,
            body,
            headers,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        Self::send(self.request(Method::GET, path, Some(token))).await
    }

    pub async fn post(&self, path: &str, token: &str, body: &Value) -> Reply {
        Self::send(self.request(Method::POST, path, Some(token)).json(body)).await
    }

    /// Pushes `(kind, item)` pairs through the sync endpoint, in requests of at most 200 items
    /// (as a phone does); returns the per-item results.
    pub async fn push(&self, token: &str, items: &[(&str, Value)]) -> Vec<Value> {
        let mut results = Vec::with_capacity(items.len());
        for chunk in items.chunks(200) {
            let reply = self
                .post("/api/v1/sync/push", token, &push_body(chunk))
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
            results.extend(reply.body["results"].as_array().unwrap().iter().cloned());
        }
        results
    }

    /// Pushes new items, each of which must be `created`; returns their ids.
    pub async fn push_new(&self, token: &str, items: &[(&str, Value)]) -> Vec<String> {
        self.push(token, items)
            .await
            .into_iter()
            .map(|result| {
                assert_eq!(result["status"], "created", "{result}");
                result["id"].as_str().unwrap().to_owned()
            })
            .collect()
    }

    pub async fn put(&self, path: &str, token: &str, body: &Value) -> Reply {
        Self::send(self.request(Method::PUT, path, Some(token)).json(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: &Value) -> Reply {
        Self::send(self.request(Method::PATCH, path, Some(token)).json(body)).await
    }

    /// Signs in as a client without cookies would: the refresh token comes in the body too.
    pub async fn login_reply(&self, email: &str, password: &str) -> Reply {
        Self::send(
            self.request(Method::POST, "/api/v1/auth/login", None)
                .header(REFRESH_IN_BODY.0, REFRESH_IN_BODY.1)
                .json(&json!({"email": email, "password": password})),
        )
        .await
    }

    pub async fn login(&self, email: &str, password: &str) -> String {
        let reply = self.login_reply(email, password).await;
        assert_eq!(reply.status, StatusCode::OK, "login failed: {}", reply.body);
        reply.body["access_token"].as_str().unwrap().to_owned()
    }

    /// Creates an account through the API as the admin and returns (id, access token).
    pub async fn user(&self, role: &str, council_id: Option<i64>) -> (i64, String) {
        let email = format!("{role}-{}@test.local", Uuid::new_v4().simple());
        let reply = self
            .post(
                "/api/v1/users",
                &self.admin,
                &json!({"email": email, "display_name": role, "role": role, "password": PASSWORD, "council_id": council_id}),
            )
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        let id = reply.body["id"].as_i64().unwrap();
        (id, self.login(&email, PASSWORD).await)
    }

    /// Publishes to councils, as the admin, what they would see now in `quartier`: the results
    /// of `version`, or the themes when `None`. Councils read publications only.
    pub async fn publish(&self, quartier: i64, version: Option<i64>) -> Reply {
        let body = match version {
            Some(v) => json!({"kind": "survey", "survey_version_id": v, "quartier_id": quartier}),
            None => json!({"kind": "themes", "quartier_id": quartier}),
        };
        self.post("/api/v1/publications", &self.admin, &body).await
    }

    /// [`Self::publish`], which must succeed.
    pub async fn published(&self, quartier: i64, version: Option<i64>) {
        let reply = self.publish(quartier, version).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    }

    pub async fn quartier_id(&self, slug: &str) -> i64 {
        let reply = self.get("/api/v1/quartiers", &self.admin).await;
        reply
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["slug"] == slug)
            .expect("seeded quartier")["id"]
            .as_i64()
            .unwrap()
    }

    pub async fn council_id(&self, name: &str) -> i64 {
        let reply = self.get("/api/v1/councils", &self.admin).await;
        reply
            .body
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == name)
            .expect("seeded council")["id"]
            .as_i64()
            .unwrap()
    }

    /// A published, open survey assigned to `quartiers`; returns (survey id, version id).
    pub async fn open_survey(&self, quartiers: &[i64]) -> (i64, i64) {
        self.open_survey_with(&sample_survey(), quartiers).await
    }

    /// [`Self::open_survey`] with another definition.
    pub async fn open_survey_with(&self, definition: &Value, quartiers: &[i64]) -> (i64, i64) {
        let created = self.post("/api/v1/surveys", &self.admin, definition).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        let id = created.body["id"].as_i64().unwrap();
        let assigned = self
            .put(
                &format!("/api/v1/surveys/{id}/quartiers"),
                &self.admin,
                &json!({"quartier_ids": quartiers}),
            )
            .await;
        assert_eq!(assigned.status, StatusCode::OK, "{}", assigned.body);
        let published = self
            .post(
                &format!("/api/v1/surveys/{id}/publish"),
                &self.admin,
                &json!({}),
            )
            .await;
        assert_eq!(published.status, StatusCode::OK, "{}", published.body);
        let opened = self
            .post(
                &format!("/api/v1/surveys/{id}/open"),
                &self.admin,
                &json!({}),
            )
            .await;
        assert_eq!(opened.status, StatusCode::OK, "{}", opened.body);
        (id, opened.body["current_version"]["id"].as_i64().unwrap())
    }
}

/// Four questions covering choices, a skip rule, a scale and free text.
pub fn sample_survey() -> Value {
    json!({
        "title": "Transports à Bellevue",
        "questions": [
            {"code": "mode", "label": "Comment vous déplacez-vous ?", "type": "single_choice", "required": true,
             "options": [{"code": "tram", "label": "Tram"}, {"code": "bus", "label": "Bus"}, {"code": "pied", "label": "À pied"}]},
            {"code": "attente", "label": "Attendez-vous longtemps ?", "type": "yes_no",
             "show_if": {"question": "mode", "any_of": ["tram", "bus"]}},
            {"code": "note", "label": "Note du quartier", "type": "scale", "smiley": true, "required": true},
            {"code": "idee", "label": "Une idée ?", "type": "long_text"}
        ]
    })
}

pub fn sample_answers() -> Value {
    json!({"mode": "tram", "attente": true, "note": 4, "idee": "Plus de bancs à l'arrêt"})
}

pub fn response_item(version: i64, quartier: i64, answers: Value) -> Value {
    json!({
        "id": Uuid::now_v7(),
        "survey_version_id": version,
        "quartier_id": quartier,
        "place": "marché de Bellevue",
        "captured_at": chrono::Utc::now(),
        "answers": answers
    })
}

pub fn testimony_item(quartier: i64, text: &str) -> Value {
    json!({
        "id": Uuid::now_v7(),
        "quartier_id": quartier,
        "place": "sortie d'école",
        "captured_at": chrono::Utc::now(),
        "text": text,
        "consent": "quote"
    })
}

/// A direct connection to the test's database, for checks the API does not expose.
pub fn pool(url: &str) -> portevoix::db::Pool {
    let url = portevoix::db::DatabaseUrl::parse(url).expect("url");
    portevoix::db::connect(&url, 2).expect("pool")
}

/// Everything the items left in the database, in a stable order: two databases with the same
/// fingerprint hold the same items, answers and tallies.
pub fn fingerprint(conn: &mut portevoix::db::DbConnection) -> String {
    use diesel::prelude::*;
    use portevoix::db::schema::{answers, outings, responses, testimonies, testimony_themes};
    let responses: Vec<(String, String, i64, i64, i64)> = responses::table
        .select((
            responses::id,
            responses::content_hash,
            responses::survey_version_id,
            responses::quartier_id,
            responses::user_id,
        ))
        .order(responses::id)
        .load(conn)
        .unwrap();
    let answers: Vec<(String, String, String, Option<f64>, Option<String>)> = answers::table
        .select((
            answers::response_id,
            answers::question_code,
            answers::option_code,
            answers::number_value,
            answers::text_value,
        ))
        .order((
            answers::response_id,
            answers::question_code,
            answers::option_code,
        ))
        .load(conn)
        .unwrap();
    let testimonies: Vec<(String, String, String, String)> = testimonies::table
        .select((
            testimonies::id,
            testimonies::content_hash,
            testimonies::status,
            testimonies::redacted_text,
        ))
        .order(testimonies::id)
        .load(conn)
        .unwrap();
    let themes: Vec<(String, String, String)> = testimony_themes::table
        .select((
            testimony_themes::testimony_id,
            testimony_themes::theme_code,
            testimony_themes::source,
        ))
        .order((testimony_themes::testimony_id, testimony_themes::theme_code))
        .load(conn)
        .unwrap();
    let outings: Vec<(String, String)> = outings::table
        .select((outings::id, outings::content_hash))
        .order(outings::id)
        .load(conn)
        .unwrap();
    let tallies = portevoix::services::tallies::stored(conn).unwrap();
    format!("{responses:?}\n{answers:?}\n{testimonies:?}\n{themes:?}\n{outings:?}\n{tallies:?}")
}

/// The body of a sync push of `(kind, item)` pairs from no named device.
pub fn push_body(items: &[(&str, Value)]) -> Value {
    let items: Vec<Value> = items
        .iter()
        .map(|(kind, item)| json!({"kind": kind, "item": item}))
        .collect();
    json!({"device_id": null, "items": items})
}
