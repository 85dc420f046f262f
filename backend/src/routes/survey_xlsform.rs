//! Surveys to and from XLSForm (coordinators and admins). `POST /api/v1/surveys/import`: a
//! draft from a form sent as multipart/form-data (5 MiB); the caller's role is checked before a
//! byte is read, the form is read on the blocking pool before a connection is taken, and the
//! report is the command line's (`portevoix survey import --json`).
//! `GET /api/v1/surveys/{id}/xlsform`: the draft or a version as an `.xlsx`.

use actix_multipart::Multipart;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use portevoix_domain::wire::{ErrorBody, ImportReport};
use serde::Deserialize;

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::services::survey_xlsform::{self, ExportedForm};
use crate::startup::AppState;
use crate::xlsform::{self, read::MAX_FILE_BYTES};

/// The multipart form's fields.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ImportUpload {
    /// The form: `.xlsx`, `.xls`, `.ods` or `.csv`.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// `true`: report only, no draft.
    dry_run: Option<bool>,
    /// Questions to keep, by code or XLSForm name, separated by commas (default: the first 30).
    keep: Option<String>,
}

/// What the form carried.
struct Upload {
    file: Vec<u8>,
    file_name: String,
    dry_run: bool,
    keep: Option<Vec<String>>,
}

const MAX_FIELD_BYTES: usize = 16 * 1024;
/// The whole form: the file and a few small fields, however many fields are sent.
const MAX_BODY_BYTES: usize = MAX_FILE_BYTES + 64 * 1024;

fn bad(code: &'static str, message: impl Into<String>, field: &str) -> ApiError {
    ApiError::bad_request(code, message, Some(field.to_owned()))
}

async fn read_upload(request: &HttpRequest, payload: web::Payload) -> Result<Upload, ApiError> {
    let mut multipart = Multipart::new(request.headers(), payload);
    let mut upload = Upload {
        file: Vec::new(),
        file_name: String::new(),
        dry_run: false,
        keep: None,
    };
    let mut has_file = false;
    let mut total = 0usize;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|e| {
            bad(
                "invalid_body",
                format!("formulaire multipart illisible : {e}"),
                "file",
            )
        })?;
        let name = field.name().unwrap_or_default().to_owned();
        let limit = if name == "file" {
            MAX_FILE_BYTES
        } else {
            MAX_FIELD_BYTES
        };
        if name == "file" {
            has_file = true;
            upload.file_name = field
                .content_disposition()
                .and_then(|d| d.get_filename())
                .unwrap_or("formulaire")
                .to_owned();
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|e| {
                bad(
                    "invalid_body",
                    format!("formulaire multipart illisible : {e}"),
                    &name,
                )
            })?;
            total = total.saturating_add(chunk.len());
            if bytes.len().saturating_add(chunk.len()) > limit || total > MAX_BODY_BYTES {
                return Err(ApiError::PayloadTooLarge(format!(
                    "envoi trop volumineux (champ « {name} ») : le fichier fait 5 Mo au plus, \
                     les autres champs {MAX_FIELD_BYTES} octets"
                )));
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "file" => upload.file = bytes,
            "dry_run" => {
                upload.dry_run = match String::from_utf8_lossy(&bytes).trim() {
                    "true" | "1" | "on" => true,
                    "false" | "0" | "" => false,
                    _ => return Err(bad("invalid_dry_run", "dry_run : true ou false", "dry_run")),
                }
            }
            "keep" => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let codes: Vec<String> = text
                    .split(',')
                    .map(|c| c.trim().to_owned())
                    .filter(|c| !c.is_empty())
                    .collect();
                upload.keep = (!codes.is_empty()).then_some(codes);
            }
            _ => {}
        }
    }
    if !has_file {
        return Err(ApiError::validation(
            "missing_file",
            "aucun fichier : envoyez le formulaire dans le champ « file »",
            Some("file".to_owned()),
        ));
    }
    Ok(upload)
}

/// Import an XLSForm as a new draft. The report says what became of every row; `dry_run`
/// reports without making the draft (200); otherwise 201 with `survey_id`. Not a form, or
/// nothing importable: 422, and nothing is stored.
#[utoipa::path(tag = "surveys", security(("bearer" = [])),
    request_body(content = ImportUpload, content_type = "multipart/form-data"),
    responses((status = 200, body = ImportReport), (status = 201, body = ImportReport), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/v1/surveys/import")]
pub async fn import(
    state: web::Data<AppState>,
    auth: AuthUser,
    request: HttpRequest,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    auth.require_staff()?;
    let upload = read_upload(&request, payload).await?;
    let (file, file_name, keep) = (upload.file, upload.file_name.clone(), upload.keep);
    let imported = web::block(move || xlsform::import(&file, &file_name, keep.as_deref()))
        .await
        .map_err(ApiError::internal)??;
    let (dry_run, file_name) = (upload.dry_run, upload.file_name);
    let report = state
        .db(move |conn| survey_xlsform::save(conn, &auth, &file_name, imported, dry_run))
        .await?;
    Ok(if dry_run {
        HttpResponse::Ok().json(report)
    } else {
        HttpResponse::Created().json(report)
    })
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// A published version's number; absent: the draft.
    version: Option<i32>,
}

/// The survey as an XLSForm (`.xlsx`) that ODK Collect and KoboToolbox run: the draft, or
/// published version `version`. Column names are the question codes, as in the exports of
/// responses.
#[utoipa::path(tag = "surveys", security(("bearer" = [])), params(("id" = i64, Path), ExportQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/api/v1/surveys/{id}/xlsform")]
pub async fn export(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
    query: web::Query<ExportQuery>,
) -> ApiResult<HttpResponse> {
    let (id, version) = (id.into_inner(), query.version);
    let ExportedForm { file_name, bytes } = state
        .db(move |conn| survey_xlsform::export(conn, &auth, id, version))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(file_name)],
        })
        .insert_header(("Cache-Control", "no-store"))
        .body(bytes))
}
