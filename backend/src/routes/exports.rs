//! `/api/v1/exports/*` (coordinators): streamed CSV, Excel-FR CSV, `.xlsx` or JSON lines,
//! directly (bearer token) or through a single-use download link the browser follows.
//!
//! The export runs on a blocking thread with its own pooled connection and hands 64 KiB chunks
//! to the response through a bounded channel: memory stays flat whatever the size, a slow
//! client slows the export down, and a client that leaves stops it.

use std::io::{self, Write};
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::body::{BodySize, MessageBody};
use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{get, post, web, HttpResponse};
use portevoix_domain::wire::{ErrorBody, ExportLink, ExportLinkRequest};
use serde::Deserialize;
use tokio::sync::mpsc;

use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::services::exports::format::Format;
use crate::services::exports::links::{self, LinkedExport};
use crate::services::exports::{self, ExportRequest};
use crate::startup::AppState;

const CHUNK: usize = 64 * 1024;
const CHUNKS_IN_FLIGHT: usize = 4;

/// Feeds the response body from the export thread.
struct ChannelBody(mpsc::Receiver<Result<Bytes, io::Error>>);

impl MessageBody for ChannelBody {
    type Error = io::Error;

    fn size(&self) -> BodySize {
        BodySize::Stream
    }

    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        self.get_mut().0.poll_recv(cx)
    }
}

/// `Write` side of the channel, buffered into chunks; blocks while the client is behind.
struct ChannelWriter {
    tx: mpsc::Sender<Result<Bytes, io::Error>>,
    buf: Vec<u8>,
}

impl ChannelWriter {
    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "client gone"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

async fn stream(
    state: web::Data<AppState>,
    auth: AuthUser,
    request: ExportRequest,
    (format, labels): (Option<String>, Option<bool>),
) -> ApiResult<HttpResponse> {
    let format = Format::parse(format.as_deref())?;
    stream_checked(
        state,
        auth,
        LinkedExport {
            request,
            format,
            labels,
        },
    )
    .await
}

async fn stream_checked(
    state: web::Data<AppState>,
    auth: AuthUser,
    export: LinkedExport,
) -> ApiResult<HttpResponse> {
    let LinkedExport {
        request,
        format,
        labels,
    } = export;
    let plan = state
        .db(move |conn| exports::prepare(conn, &auth, request, format, labels))
        .await?;
    let (tx, rx) = mpsc::channel(CHUNKS_IN_FLIGHT);
    let pool = state.pool.clone();
    let response = HttpResponse::Ok()
        .content_type(plan.format.content_type())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", plan.filename),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(ChannelBody(rx));
    tokio::task::spawn_blocking(move || {
        let mut writer = ChannelWriter {
            tx: tx.clone(),
            buf: Vec::with_capacity(CHUNK),
        };
        let outcome = pool
            .get()
            .map_err(crate::error::ApiError::from)
            .and_then(|mut conn| exports::write(&mut conn, &plan, &mut writer, &mut |_| {}))
            .and_then(|_| writer.flush().map_err(crate::error::ApiError::internal));
        if let Err(error) = outcome {
            if !tx.is_closed() {
                tracing::error!(error = ?error, "export failed");
                // Ends the body with an error: the client sees a truncated download, never a
                // silently incomplete file that looks whole.
                let _ = tx.blocking_send(Err(io::Error::other("export interrompu")));
            }
        }
    });
    Ok(response)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ResponsesQuery {
    pub survey_id: i64,
    pub quartier_id: Option<i64>,
    /// `csv` (RFC 4180, default), `excel` (`;`, UTF-8 BOM), `xlsx` or `jsonl`.
    pub format: Option<String>,
    /// Cells as labels or codes; default: labels for `excel` and `xlsx`.
    pub labels: Option<bool>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct TestimoniesQuery {
    /// Only approved testimonies (default true); false: all, with their status.
    pub approved_only: Option<bool>,
    pub quartier_id: Option<i64>,
    /// Add the original (unredacted) text; recorded as such in the audit log.
    #[serde(default)]
    pub original: bool,
    pub format: Option<String>,
    pub labels: Option<bool>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct OutingsQuery {
    pub quartier_id: Option<i64>,
    pub format: Option<String>,
    pub labels: Option<bool>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CodebookQuery {
    /// Also this survey's versions, questions and options.
    pub survey_id: Option<i64>,
    pub format: Option<String>,
    pub labels: Option<bool>,
}

/// One row per response, one column per question (all versions of the survey); JSON lines
/// start with the survey versions and theme codebook.
#[utoipa::path(tag = "exports", security(("bearer" = [])), params(ResponsesQuery),
    responses((status = 200, description = "CSV, .xlsx or JSON lines, streamed", content_type = "text/csv"),
              (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/api/v1/exports/responses")]
pub async fn responses(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<ResponsesQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let request = ExportRequest::Responses {
        survey_id: q.survey_id,
        quartier_id: q.quartier_id,
    };
    stream(state, auth, request, (q.format, q.labels)).await
}

/// Testimonies with status, consent, themes and redacted text.
#[utoipa::path(tag = "exports", security(("bearer" = [])), params(TestimoniesQuery),
    responses((status = 200, description = "CSV, .xlsx or JSON lines, streamed", content_type = "text/csv"),
              (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/api/v1/exports/testimonies")]
pub async fn testimonies(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<TestimoniesQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let request = ExportRequest::Testimonies {
        approved_only: q.approved_only.unwrap_or(true),
        quartier_id: q.quartier_id,
        original: q.original,
    };
    stream(state, auth, request, (q.format, q.labels)).await
}

/// Outings with volunteer, duration, people approached and answered, items recorded.
#[utoipa::path(tag = "exports", security(("bearer" = [])), params(OutingsQuery),
    responses((status = 200, description = "CSV, .xlsx or JSON lines, streamed", content_type = "text/csv"),
              (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/api/v1/exports/outings")]
pub async fn outings(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<OutingsQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let request = ExportRequest::Outings {
        quartier_id: q.quartier_id,
    };
    stream(state, auth, request, (q.format, q.labels)).await
}

/// What the codes mean: questions and options of a survey's versions, and the themes.
#[utoipa::path(tag = "exports", security(("bearer" = [])), params(CodebookQuery),
    responses((status = 200, description = "CSV or JSON lines", content_type = "text/csv"),
              (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/api/v1/exports/codebook")]
pub async fn codebook(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<CodebookQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let request = ExportRequest::Codebook {
        survey_id: q.survey_id,
    };
    stream(state, auth, request, (q.format, q.labels)).await
}

/// A single-use link to an export, valid two minutes: the browser follows it and streams the
/// file to disk. The request is checked now; the export is audited when downloaded.
#[utoipa::path(tag = "exports", security(("bearer" = [])), request_body = ExportLinkRequest,
    responses((status = 201, body = ExportLink),
              (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/v1/exports/links")]
pub async fn create_link(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: web::Json<ExportLinkRequest>,
) -> ApiResult<HttpResponse> {
    let asked = body.into_inner();
    let link = state
        .db(move |conn| links::create(conn, &auth, &asked))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(link))
}

/// Downloads the export a link stands for, once. No bearer token: the link is the secret.
#[utoipa::path(tag = "exports", params(("secret" = String, Path, description = "The link's secret")),
    responses((status = 200, description = "CSV, .xlsx or JSON lines, streamed", content_type = "text/csv"),
              (status = 404, body = ErrorBody, description = "No such link"),
              (status = 410, body = ErrorBody, description = "Already used (`link_used`) or expired (`link_expired`)")))]
#[get("/api/v1/exports/download/{secret}")]
pub async fn download(
    state: web::Data<AppState>,
    secret: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let secret = secret.into_inner();
    let (auth, export) = state.db(move |conn| links::redeem(conn, &secret)).await?;
    stream_checked(state, auth, export).await
}
