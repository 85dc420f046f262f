//! The PWA: files from the built frontend, and `index.html` for any other non-API path so the
//! app's own routes (e.g. `/enrol?code=…`) open directly; `/robots.txt`; how long each may be
//! cached.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{fn_service, ServiceRequest, ServiceResponse};
use actix_web::{web, HttpResponse};

const NOT_BUILT: &str =
    "<!doctype html><html lang=\"fr\"><meta charset=\"utf-8\"><title>Porte-Voix</title>\
<p>L'application web n'est pas construite : lancez <code>cargo xtask serve</code>.</p></html>";

/// Every page of the app needs a sign-in, and what it shows is residents' words: no crawler.
const ROBOTS_TXT: &str = "User-agent: *\nDisallow: /\n";

/// `Cache-Control` for a path: API answers are never stored; the build's content-hashed files
/// (`portevoix-0123456789.js`, `portevoix-0123456789_bg.wasm`, `styles-0123456789.css`, the
/// screens loaded on first use `lazy-portevoix-split-screens-0123456789.wasm`) never
/// change under their name; everything else is revalidated (`index.html`, `sw.js`, the manifest,
/// icons, `robots.txt`), so a new build reaches phones at their next visit.
pub fn cache_policy(path: &str) -> &'static str {
    if path == "/api" || path.starts_with("/api/") {
        "no-store"
    } else if is_content_hashed(path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

/// `/<stem>-<10 hex digits><.js|.css|_bg.wasm|.wasm>`, as `cargo xtask frontend` names what it
/// hashes (the stem: lowercase letters, digits and hyphens).
fn is_content_hashed(path: &str) -> bool {
    let Some(name) = path.strip_prefix('/') else {
        return false;
    };
    let Some(base) = [".js", ".css", "_bg.wasm", ".wasm"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
    else {
        return false;
    };
    let Some((stem, hash)) = base.rsplit_once('-') else {
        return false;
    };
    !stem.is_empty()
        && stem
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && hash.len() == 10
        && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

pub fn configure(cfg: &mut web::ServiceConfig, dir: &Path) {
    cfg.route(
        "/robots.txt",
        web::get().to(|| async {
            HttpResponse::Ok()
                .content_type("text/plain; charset=utf-8")
                .body(ROBOTS_TXT)
        }),
    );
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
                    let response = file.into_response(&req);
                    Ok(ServiceResponse::new(req, response))
                }
            })),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_builds_hashed_files_are_immutable() {
        for path in [
            "/portevoix-0a1b2c3d4e.js",
            "/portevoix-0a1b2c3d4e_bg.wasm",
            "/portevoix-staff-0a1b2c3d4e.js",
            "/styles-0123456789.css",
            "/boot-ffffffffff.js",
            "/lazy-portevoix-split-screens-0a1b2c3d4e.wasm",
            "/lazy-staff-chunk-7-0a1b2c3d4e.wasm",
        ] {
            assert_eq!(
                cache_policy(path),
                "public, max-age=31536000, immutable",
                "{path}"
            );
        }
        for path in [
            "/",
            "/index.html",
            "/sw.js",
            "/manifest.webmanifest",
            "/icon-512.png",
            "/robots.txt",
            "/version.txt",
            "/enrol",
            "/styles.css",
            "/portevoix-0A1B2C3D4E.js",
            "/portevoix-0a1b2c3d4.js",
            "/-0a1b2c3d4e.js",
            "/x/portevoix-0a1b2c3d4e.js",
            "/lazy-portevoix-split_screens-0a1b2c3d4e.wasm",
            "/portevoix-0a1b2c3d4e.wasm.map",
        ] {
            assert_eq!(cache_policy(path), "no-cache", "{path}");
        }
        for path in [
            "/api",
            "/api/v1/sync/pull",
            "/api/v1/portevoix-0a1b2c3d4e.js",
        ] {
            assert_eq!(cache_policy(path), "no-store", "{path}");
        }
    }
}
