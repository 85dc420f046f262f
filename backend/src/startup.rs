//! Builds the application: database, keys, routes, middleware, listener.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::Server;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::header::{HeaderValue, CACHE_CONTROL};
use actix_web::middleware::{self, Compress, DefaultHeaders, Next};
use actix_web::{web, App, HttpRequest, HttpServer};
use tracing_actix_web::TracingLogger;

use crate::auth::JwtKeys;
use crate::config::Settings;
use crate::db::{self, DbConnection, Pool};
use crate::error::ApiError;
use crate::request_log::RedactedRootSpan;
use crate::{routes, services};

/// Default JSON body limit; the sync push has its own, larger one.
pub const JSON_LIMIT: usize = 256 * 1024;

pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
style-src 'self'; img-src 'self' data:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; \
frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/// Shared by every request.
/// Public page requests one address may make per minute (a reader makes a handful).
pub const PUBLIC_PAGES_PER_MINUTE: u32 = 60;

pub struct AppState {
    pub pool: Pool,
    /// SQLite's one writer of captured items (`None` on PostgreSQL: concurrent transactions).
    pub writer: Option<services::items::Writer>,
    pub keys: JwtKeys,
    pub settings: Arc<Settings>,
    /// Requests per address and minute on the public pages.
    pub public_rate: Arc<crate::request_rate::RequestRate>,
}

impl AppState {
    /// Runs blocking database work on actix's blocking thread pool, never on the async executor.
    pub async fn db<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            work(&mut conn)
        })
        .await?
    }

    /// [`AppState::db`] answered as JSON with status 200: what most handlers return.
    pub async fn json<T, F>(&self, work: F) -> Result<web::Json<T>, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        self.db(work).await.map(web::Json)
    }
}

/// What `serve` needs after start-up work is done: the state and, on a fresh database, the
/// first administrator's generated password (printed once by the CLI).
pub struct Prepared {
    pub state: web::Data<AppState>,
    pub first_admin: Option<services::setup::FirstAdmin>,
}

/// Opens the database, applies migrations, loads or creates the signing key (outside the
/// database), seeds defaults.
pub fn prepare(settings: Settings) -> anyhow::Result<Prepared> {
    settings.check()?;
    let pool = db::connect(&settings.database_url, settings.pool_size)?;
    let mut conn = pool.get()?;
    let signing_key = services::keys::signing_key(&mut conn, &settings)?;
    let outcome = services::setup::first_start(&mut conn, &settings)?;
    drop(conn);
    let keys = JwtKeys::new(signing_key.as_bytes(), settings.access_token_minutes * 60)?;
    let writer = match &settings.database_url {
        url @ db::DatabaseUrl::Sqlite(_) => Some(services::items::Writer::start(
            url,
            settings.write_queue,
            settings.item_faults.clone(),
        )?),
        db::DatabaseUrl::Postgres(_) => None,
    };
    let state = web::Data::new(AppState {
        pool,
        writer,
        keys,
        settings: Arc::new(settings),
        public_rate: Arc::new(crate::request_rate::RequestRate::new(
            PUBLIC_PAGES_PER_MINUTE,
        )),
    });
    Ok(Prepared {
        state,
        first_admin: outcome.first_admin,
    })
}

pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Binds the listener (port 0 picks a free port, as tests do) and builds the server.
    pub fn build(state: web::Data<AppState>) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(&state.settings.bind)
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", state.settings.bind))?;
        let port = listener.local_addr()?.port();
        let workers = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
            .max(2);
        let state_pool_size = state.settings.pool_size as usize;
        let server = HttpServer::new(move || {
            let app = App::new()
                .wrap(Compress::default())
                .wrap(security_headers(&state.settings))
                .wrap(middleware::from_fn(cache_headers))
                .wrap(TracingLogger::<RedactedRootSpan>::new())
                .app_data(state.clone())
                .app_data(json_config(JSON_LIMIT))
                .app_data(web::PathConfig::default().error_handler(path_error))
                .app_data(web::QueryConfig::default().error_handler(query_error));
            routes::mount(app)
                .configure(|cfg| routes::static_files::configure(cfg, &state.settings.static_dir))
        })
        .workers(workers)
        // Database work runs on the blocking pool and needs a pooled connection: threads beyond
        // the pool only wait, and each one costs memory (glibc gives busy threads arenas of their
        // own; the soak run's RSS kept growing with actix's default of 256 per worker).
        .worker_max_blocking_threads(state_pool_size.max(2))
        .listen(listener)?
        .run();
        Ok(Self { port, server })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// How long a browser or a proxy may keep an answer: never for `/api` (tokens, personal data,
/// exports); a year, unchanged, for the content-hashed JS, wasm and CSS (a new build has new
/// names); otherwise (the page, `sw.js`, the manifest, icons) only after asking again; unless
/// the handler said otherwise.
async fn cache_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let policy = routes::static_files::cache_policy(req.path());
    let mut response = next.call(req).await?;
    // A handler that chose its own policy keeps it (`/recu`: never stored; the public quartier
    // pages: five minutes).
    if !response.headers().contains_key(CACHE_CONTROL) {
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    Ok(response)
}

fn security_headers(settings: &Settings) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("X-Frame-Options", "DENY"))
        .add((
            "Permissions-Policy",
            "geolocation=(), camera=(), microphone=()",
        ));
    if settings.is_https() {
        headers.add((
            "Strict-Transport-Security",
            "max-age=31536000; includeSubDomains",
        ))
    } else {
        headers
    }
}

pub fn json_config(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(limit)
        .error_handler(json_error)
}

/// Serde's message names the field at fault: keep it, in the `field` slot.
fn serde_field(message: &str) -> Option<String> {
    for marker in ["missing field `", "unknown field `"] {
        if let Some(start) = message.find(marker) {
            let rest = &message[start + marker.len()..];
            return rest.find('`').map(|end| rest[..end].to_owned());
        }
    }
    None
}

fn json_error(error: JsonPayloadError, _: &HttpRequest) -> actix_web::Error {
    match error {
        JsonPayloadError::Overflow { limit }
        | JsonPayloadError::OverflowKnownLength { limit, .. } => {
            ApiError::PayloadTooLarge(format!("requête trop volumineuse (limite {limit} octets)"))
                .into()
        }
        JsonPayloadError::ContentType => ApiError::bad_request(
            "unsupported_media_type",
            "le corps doit être du JSON (Content-Type: application/json)",
            None,
        )
        .into(),
        JsonPayloadError::Deserialize(e) => {
            let message = e.to_string();
            ApiError::bad_request(
                "invalid_json",
                format!("JSON invalide : {message}"),
                serde_field(&message),
            )
            .into()
        }
        other => {
            ApiError::bad_request("invalid_body", format!("corps illisible : {other}"), None).into()
        }
    }
}

fn path_error(error: PathError, _: &HttpRequest) -> actix_web::Error {
    ApiError::bad_request(
        "invalid_path",
        format!("identifiant invalide : {error}"),
        None,
    )
    .into()
}

fn query_error(error: QueryPayloadError, _: &HttpRequest) -> actix_web::Error {
    let message = error.to_string();
    ApiError::bad_request(
        "invalid_query",
        format!("paramètres invalides : {message}"),
        serde_field(&message),
    )
    .into()
}
