//! Documents, on every operation, the error answers of the API's conventions (docs/api.md) that
//! handlers do not list one by one: 400 (unreadable body, path or query) and 422 (a rule broken)
//! wherever there is input, 401 and 403 on signed-in routes, 404 on routes with a path
//! parameter, 409 (clash with stored state) and 413 (body over the limit) on writes, all with
//! the error body.
//! Without them the document under-promises and clients (and schemathesis) meet undocumented
//! statuses.

use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::response::ResponseBuilder;
use utoipa::openapi::{Ref, RefOr, Response};
use utoipa::Modify;

pub struct DocumentedErrors;

fn error_response(description: &str) -> RefOr<Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
        .into()
}

impl Modify for DocumentedErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                (false, &mut item.get),
                (true, &mut item.post),
                (true, &mut item.put),
                (true, &mut item.patch),
                (true, &mut item.delete),
            ];
            for (write, operation) in operations {
                let Some(operation) = operation else { continue };
                let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
                let body = operation.request_body.is_some();
                let parameters = operation.parameters.as_deref().unwrap_or_default();
                let in_path = parameters
                    .iter()
                    .any(|p| matches!(p.parameter_in, utoipa::openapi::path::ParameterIn::Path));
                let responses = &mut operation.responses.responses;
                let mut add = |code: &str, description: &str| {
                    responses
                        .entry(code.to_owned())
                        .or_insert_with(|| error_response(description));
                };
                if body || !parameters.is_empty() {
                    add("400", "unreadable input (JSON, path or query)");
                    add("422", "well-formed, but breaks a rule");
                }
                if secured {
                    add("401", "no valid credentials");
                    add("403", "this role or this person may not do this");
                }
                if in_path {
                    add("404", "no such thing, or not visible to the caller");
                }
                if write {
                    add("409", "clashes with what is stored");
                }
                if body {
                    add("413", "request body over the documented limit");
                }
            }
        }
    }
}
