//! The one error type of the HTTP layer and the one place it becomes a response.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use portevoix_domain::wire::{ErrorBody, ErrorDetail};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the request could not be read (malformed JSON, wrong types, bad query string).
    #[error("{message}")]
    BadRequest {
        code: &'static str,
        message: String,
        field: Option<String>,
    },
    /// 422: well-formed but breaks a rule (survey definition, answer, unknown reference).
    #[error("{message}")]
    Validation {
        code: &'static str,
        message: String,
        field: Option<String>,
    },
    /// 401: no valid credentials.
    #[error("{0}")]
    Unauthorized(String),
    /// 401 with a reason the client acts on, as a code (an enrolment code unknown, used or
    /// expired: the phone says which and what to do).
    #[error("{message}")]
    Refused { code: &'static str, message: String },
    /// 403: authenticated, but this role or this person may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// 404: no such thing (or not visible to the caller).
    #[error("{0} introuvable")]
    NotFound(&'static str),
    /// 409: clashes with what is stored (unique value, state that forbids the change).
    #[error("{message}")]
    Conflict {
        code: &'static str,
        message: String,
        field: Option<String>,
    },
    /// 410: this was valid once and no longer is (a spent or expired download link).
    #[error("{message}")]
    Gone { code: &'static str, message: String },
    /// 413: the request is larger than the documented limits.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// 429: slow down; retry after the given number of seconds.
    #[error("trop de tentatives, réessayez dans {retry_after} s")]
    TooManyRequests { retry_after: u64 },
    /// 503: the writer's queue is full; retry after the given number of seconds.
    #[error("serveur occupé, réessayez dans {retry_after} s")]
    Busy { retry_after: u64 },
    /// 503: the database could not be reached in time. Logged; the client may retry.
    #[error("service momentanément indisponible")]
    Unavailable(String),
    /// 500: a bug or an unexpected database error. Logged; the client gets an opaque message.
    #[error("erreur interne")]
    Internal(#[source] anyhow::Error),
}

impl ApiError {
    pub fn validation(
        code: &'static str,
        message: impl Into<String>,
        field: impl Into<Option<String>>,
    ) -> Self {
        Self::Validation {
            code,
            message: message.into(),
            field: field.into(),
        }
    }

    pub fn bad_request(
        code: &'static str,
        message: impl Into<String>,
        field: Option<String>,
    ) -> Self {
        Self::BadRequest {
            code,
            message: message.into(),
            field,
        }
    }

    pub fn conflict(code: &'static str, message: impl Into<String>, field: Option<&str>) -> Self {
        Self::Conflict {
            code,
            message: message.into(),
            field: field.map(str::to_owned),
        }
    }

    pub fn forbidden() -> Self {
        Self::Forbidden("action non autorisée pour ce compte".into())
    }

    pub fn internal(error: impl Into<anyhow::Error>) -> Self {
        Self::Internal(error.into())
    }

    fn code(&self) -> &'static str {
        match self {
            Self::BadRequest { code, .. }
            | Self::Validation { code, .. }
            | Self::Conflict { code, .. } => code,
            Self::Unauthorized(_) => "unauthorized",
            Self::Refused { code, .. } | Self::Gone { code, .. } => code,
            Self::Forbidden(_) => "forbidden",
            Self::NotFound(_) => "not_found",
            Self::PayloadTooLarge(_) => "payload_too_large",
            Self::TooManyRequests { .. } => "too_many_requests",
            Self::Busy { .. } => "busy",
            Self::Unavailable(_) => "unavailable",
            Self::Internal(_) => "internal",
        }
    }

    fn field(&self) -> Option<String> {
        match self {
            Self::BadRequest { field, .. }
            | Self::Validation { field, .. }
            | Self::Conflict { field, .. } => field.clone(),
            _ => None,
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthorized(_) | Self::Refused { .. } => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict { .. } => StatusCode::CONFLICT,
            Self::Gone { .. } => StatusCode::GONE,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Busy { .. } | Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Self::Internal(cause) => tracing::error!(error = ?cause, "internal error"),
            Self::Unavailable(cause) => tracing::warn!(%cause, "database unavailable"),
            _ => {}
        }
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code().to_owned(),
                message: self.to_string(),
                field: self.field(),
            },
        };
        let mut response = HttpResponse::build(self.status_code());
        if let Self::TooManyRequests { retry_after } | Self::Busy { retry_after } = self {
            response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
        }
        if let Self::Unavailable(_) = self {
            response.insert_header((header::RETRY_AFTER, "5"));
        }
        if let Self::Unauthorized(_) | Self::Refused { .. } = self {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        response.json(body)
    }
}

impl From<DieselError> for ApiError {
    fn from(error: DieselError) -> Self {
        match error {
            DieselError::NotFound => Self::NotFound("élément"),
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                Self::conflict("already_exists", "cet élément existe déjà", None)
            }
            DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
                Self::validation(
                    "unknown_reference",
                    "référence inconnue ou encore utilisée",
                    None,
                )
            }
            // Two transactions each waiting for the other (PostgreSQL breaks the cycle by
            // failing one) or a serialisation failure: nothing was stored, the client retries.
            DieselError::DatabaseError(DatabaseErrorKind::SerializationFailure, info) => {
                Self::Unavailable(info.message().to_owned())
            }
            DieselError::DatabaseError(_, info) if info.message().contains("deadlock detected") => {
                Self::Unavailable(info.message().to_owned())
            }
            other => Self::Internal(other.into()),
        }
    }
}

impl From<diesel::r2d2::PoolError> for ApiError {
    fn from(error: diesel::r2d2::PoolError) -> Self {
        Self::Unavailable(error.to_string())
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        Self::Internal(anyhow::anyhow!("blocking task failed: {error}"))
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
