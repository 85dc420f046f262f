//! The PWA: files from the built frontend, and `index.html` for any other non-API path so the
//! app's own routes (e.g. `/enrol?code=…`) open directly.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::{web, HttpResponse};

const NOT_BUILT: &str =
    "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><title>Porte-Voix</title>\
<p>L'application web n'est pas construite : lancez <code>cargo xtask serve</code>.</p></html>";

pub fn configure(cfg: &mut web::ServiceConfig, dir: &Path) {
    let index = dir.join("index.html");
    if !index.is_file() {
        tracing::warn!(dir = %dir.display(), "frontend not built; serving a notice at /");
        cfg.default_service(web::to(|| async {
            HttpResponse::Ok()
                .content_type("text/html; charset=utf-8")
                .body(NOT_BUILT)
        }));
        return;
    }
    let fallback: PathBuf = index.clone();
    cfg.service(
        Files::new("/", dir)
            .index_file("index.html")
            .prefer_utf8(true)
            .default_handler(fn_service(move |req: ServiceRequest| {
                let fallback = fallback.clone();
                async move {
                    let (req, _) = req.into_parts();
                    let file = NamedFile::open_async(&fallback).await?;
                    let mut response = file.into_response(&req);
                    response.headers_mut().insert(
                        actix_web::http::header::CACHE_CONTROL,
                        CacheControl(vec![CacheDirective::NoCache])
                            .to_string()
                            .parse()
                            .map_err(actix_web::error::ErrorInternalServerError)?,
                    );
                    Ok(ServiceResponse::new(req, response))
                }
            })),
    );
}
