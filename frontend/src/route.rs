//! The app's few screens and their URLs (History API; the server and the service worker answer
//! every non-API path with index.html).

use portevoix_domain::wire::Role;
use uuid::Uuid;
use wasm_bindgen::JsValue;

/// The coordinators' screens, under `/coordination`.
#[derive(Debug, Clone, PartialEq)]
pub enum Coord {
    Home,
    Surveys,
    /// The survey builder; `None` for a new draft.
    Survey(Option<i64>),
    /// The review queue (`/coordination/moderation`).
    Moderation,
    /// The codebook editor (`/coordination/themes`).
    Codebook,
    Followup,
    Compare,
    Exports,
    Accounts,
    Places,
    /// What councils may read (`/coordination/publications`).
    Publications,
}

/// The councils' screens, under `/conseil` (`council` lets coordinators preview one council).
#[derive(Debug, Clone, PartialEq)]
pub enum Council {
    Home { council: Option<i64> },
    Report { quartier: i64, council: Option<i64> },
}

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
    Coord(Coord),
    Council(Council),
    NotFound,
}

fn query_i64(query: &str, key: &str) -> Option<i64> {
    web_sys::UrlSearchParams::new_with_str(query)
        .ok()
        .and_then(|p| p.get(key))
        .and_then(|v| v.parse().ok())
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
            ["coordination"] => Route::Coord(Coord::Home),
            ["coordination", "enquetes"] => Route::Coord(Coord::Surveys),
            ["coordination", "enquetes", "nouvelle"] => Route::Coord(Coord::Survey(None)),
            ["coordination", "enquetes", id] => id
                .parse()
                .map(|id| Route::Coord(Coord::Survey(Some(id))))
                .unwrap_or(Route::NotFound),
            ["coordination", "moderation"] => Route::Coord(Coord::Moderation),
            ["coordination", "themes"] => Route::Coord(Coord::Codebook),
            ["coordination", "suivi"] => Route::Coord(Coord::Followup),
            ["coordination", "comparer"] => Route::Coord(Coord::Compare),
            ["coordination", "exports"] => Route::Coord(Coord::Exports),
            ["coordination", "comptes"] => Route::Coord(Coord::Accounts),
            ["coordination", "quartiers"] => Route::Coord(Coord::Places),
            ["coordination", "publications"] => Route::Coord(Coord::Publications),
            ["conseil"] => Route::Council(Council::Home {
                council: query_i64(query, "conseil"),
            }),
            ["conseil", "rapport", id] => id
                .parse()
                .map(|quartier| {
                    Route::Council(Council::Report {
                        quartier,
                        council: query_i64(query, "conseil"),
                    })
                })
                .unwrap_or(Route::NotFound),
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
            Route::Coord(page) => match page {
                Coord::Home => "/coordination".into(),
                Coord::Surveys => "/coordination/enquetes".into(),
                Coord::Survey(None) => "/coordination/enquetes/nouvelle".into(),
                Coord::Survey(Some(id)) => format!("/coordination/enquetes/{id}"),
                Coord::Moderation => "/coordination/moderation".into(),
                Coord::Codebook => "/coordination/themes".into(),
                Coord::Followup => "/coordination/suivi".into(),
                Coord::Compare => "/coordination/comparer".into(),
                Coord::Exports => "/coordination/exports".into(),
                Coord::Accounts => "/coordination/comptes".into(),
                Coord::Places => "/coordination/quartiers".into(),
                Coord::Publications => "/coordination/publications".into(),
            },
            Route::Council(Council::Home { council }) => match council {
                Some(c) => format!("/conseil?conseil={c}"),
                None => "/conseil".into(),
            },
            Route::Council(Council::Report { quartier, council }) => match council {
                Some(c) => format!("/conseil/rapport/{quartier}?conseil={c}"),
                None => format!("/conseil/rapport/{quartier}"),
            },
        }
    }

    /// Where an account lands after signing in.
    pub fn home_for(role: Role) -> Route {
        match role {
            Role::Volunteer => Route::Home,
            Role::CouncilMember => Route::Council(Council::Home { council: None }),
            Role::Admin | Role::Coordinator => Route::Coord(Coord::Home),
        }
    }

    /// Screens that live in the staff bundle only.
    pub fn is_staff(&self) -> bool {
        matches!(self, Route::Coord(_) | Route::Council(_))
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
