//! What the request log holds: method, route template, path with secrets taken out, client
//! address (as the throttle sees it), status and error. Never the query string (enrolment links
//! carry a code there) nor a receipt code (`/api/v1/receipts/{code}`): a log kept for weeks must
//! not let its reader find or erase a resident's answers.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{web, Error};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RootSpanBuilder};

use crate::client_address::client_address;
use crate::startup::AppState;

/// Path segments after which the next segment is a secret.
const SECRET_AFTER: &[&str] = &["receipts", "enrol", "enrolments", "download"];

/// The path without its query string, each secret segment replaced by `{code}`.
pub fn redacted_path(path: &str) -> String {
    let mut out = Vec::new();
    let mut secret_next = false;
    for segment in path.split('/') {
        if secret_next && !segment.is_empty() {
            out.push("{code}");
        } else {
            out.push(segment);
        }
        secret_next = SECRET_AFTER.contains(&segment);
    }
    out.join("/")
}

pub struct RedactedRootSpan;

impl RootSpanBuilder for RedactedRootSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "default".to_owned());
        let client = request
            .app_data::<web::Data<AppState>>()
            .map(|state| client_address(request.request(), &state.settings))
            .unwrap_or_default();
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.route = %route,
            http.target = %redacted_path(request.path()),
            http.client_ip = %client,
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}

#[cfg(test)]
mod tests {
    use super::redacted_path;

    #[test]
    fn secrets_leave_the_path() {
        assert_eq!(
            redacted_path("/api/v1/receipts/K7QX-2M9D"),
            "/api/v1/receipts/{code}"
        );
        assert_eq!(redacted_path("/api/v1/receipts/"), "/api/v1/receipts/");
        assert_eq!(redacted_path("/api/v1/surveys/12"), "/api/v1/surveys/12");
        assert_eq!(
            redacted_path("/api/v1/exports/download/Zm9v-YmFy"),
            "/api/v1/exports/download/{code}"
        );
    }
}
