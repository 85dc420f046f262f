//! The app's few screens and their URLs (History API; the server and the service worker answer
//! every non-API path with index.html).

use uuid::Uuid;
use wasm_bindgen::JsValue;

#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    Home,
    SignIn,
    /// `/enrol?code=XXXX-XXXX`: the link a coordinator shares (or its QR code).
    Enrol(String),
    Outing,
    Survey(i64),
    Testimony,
    /// Fix a rejected or "à corriger" item and queue it again.
    Fix(Uuid),
    Outbox,
    NotFound,
}

impl Route {
    pub fn parse(path: &str, query: &str) -> Route {
        let segments: Vec<&str> = path
            .trim_matches('/')
            .split('/')
            .filter(|s| !s.is_empty())
            .collect();
        match segments[..] {
            [] => Route::Home,
            ["connexion"] => Route::SignIn,
            ["enrol"] => {
                let code = web_sys::UrlSearchParams::new_with_str(query)
                    .ok()
                    .and_then(|p| p.get("code"));
                Route::Enrol(code.unwrap_or_default())
            }
            ["sortie"] => Route::Outing,
            ["enquete", id] => id.parse().map(Route::Survey).unwrap_or(Route::NotFound),
            ["parole"] => Route::Testimony,
            ["corriger", id] => Uuid::parse_str(id)
                .map(Route::Fix)
                .unwrap_or(Route::NotFound),
            ["envois"] => Route::Outbox,
            _ => Route::NotFound,
        }
    }

    pub fn path(&self) -> String {
        match self {
            Route::Home | Route::NotFound => "/".into(),
            Route::SignIn => "/connexion".into(),
            Route::Enrol(code) if code.is_empty() => "/enrol".into(),
            Route::Enrol(code) => format!("/enrol?code={code}"),
            Route::Outing => "/sortie".into(),
            Route::Survey(id) => format!("/enquete/{id}"),
            Route::Testimony => "/parole".into(),
            Route::Fix(id) => format!("/corriger/{id}"),
            Route::Outbox => "/envois".into(),
        }
    }

    pub fn current() -> Route {
        let Some(location) = web_sys::window().map(|w| w.location()) else {
            return Route::Home;
        };
        Route::parse(
            &location.pathname().unwrap_or_default(),
            &location.search().unwrap_or_default(),
        )
    }

    pub fn push_history(&self) {
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&self.path()));
        }
    }
}
