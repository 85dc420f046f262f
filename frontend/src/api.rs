//! The one typed client of the Porte-Voix API, using the `domain` wire types directly.
//!
//! The access token lives in this module's memory only. The refresh token is an HttpOnly cookie
//! (`pv_refresh`, path `/api/v1/auth`) that script cannot read; `refresh()` sends it with
//! `credentials: "same-origin"`. A 401 on an authorised call triggers one refresh and one retry.

use std::cell::RefCell;

#[cfg(feature = "council")]
pub mod staff;

use portevoix_domain::wire::{
    CheckRequest, CheckResponse, CorrectionInput, CorrectionRequest, EnrolRequest, ErrorBody,
    ErrorDetail, LoginRequest, PullResponse, PushRequest, PushResponse, RefreshRequest,
    TokenResponse,
};
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestCredentials, RequestInit, Response};

use crate::json;

/// Long enough for a 2 MiB push on a poor mobile link; short enough not to hang a sync forever.
const TIMEOUT_MS: i32 = 45_000;

thread_local! {
    static ACCESS_TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The refresh in flight, if any, and the outcome of the last one.
    static REFRESHING: RefCell<Option<js_sys::Promise>> = const { RefCell::new(None) };
    static LAST_REFRESH: RefCell<Option<Result<(), ApiError>>> = const { RefCell::new(None) };
}

#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// No answer: offline, DNS, connection reset, timeout.
    Network(String),
    /// 401: not signed in, or the session cannot be refreshed any more.
    Unauthorized,
    /// 413: the batch is too large; split it.
    TooLarge,
    /// 5xx: retry later.
    Server(u16),
    /// A 2xx answer that does not parse as the contract says (version skew): retry later.
    Decode(String),
    /// Another 4xx, with the server's explanation.
    Refused(u16, ErrorDetail),
}

impl ApiError {
    pub fn message(&self) -> String {
        match self {
            ApiError::Network(m) => format!("réseau : {m}"),
            ApiError::Unauthorized => "session expirée".into(),
            ApiError::TooLarge => "envoi trop volumineux".into(),
            ApiError::Server(status) => format!("serveur indisponible ({status})"),
            ApiError::Decode(error) => format!("réponse illisible : {error}"),
            ApiError::Refused(_, detail) => detail.message.clone(),
        }
    }
}

fn js_text(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| format!("{value:?}"))
}

pub fn has_token() -> bool {
    ACCESS_TOKEN.with(|t| t.borrow().is_some())
}

pub fn forget_token() {
    ACCESS_TOKEN.with(|t| *t.borrow_mut() = None);
}

fn set_token(token: &str) {
    ACCESS_TOKEN.with(|t| *t.borrow_mut() = Some(token.to_owned()));
}

/// What a request carries: JSON text, or (staff screens) a multipart form whose boundary the
/// browser writes.
enum Outgoing {
    Json(String),
    #[cfg(feature = "staff")]
    Form(web_sys::FormData),
}

async fn send<B: Serialize, R: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<&B>,
    auth: bool,
) -> Result<R, ApiError> {
    let body = match body {
        Some(body) => Some(Outgoing::Json(
            json::to_string(body).map_err(|e| ApiError::Network(e.0))?,
        )),
        None => None,
    };
    send_outgoing(method, path, body.as_ref(), auth).await
}

async fn send_outgoing<R: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<&Outgoing>,
    auth: bool,
) -> Result<R, ApiError> {
    let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".into()))?;
    let headers = Headers::new().map_err(|e| ApiError::Network(js_text(&e)))?;
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::SameOrigin);
    match body {
        Some(Outgoing::Json(json)) => {
            let _ = headers.set("Content-Type", "application/json");
            init.set_body(&JsValue::from_str(json));
        }
        #[cfg(feature = "staff")]
        Some(Outgoing::Form(form)) => init.set_body(form),
        None => {}
    }
    let _ = headers.set("Accept", "application/json");
    if auth {
        if let Some(token) = ACCESS_TOKEN.with(|t| t.borrow().clone()) {
            let _ = headers.set("Authorization", &format!("Bearer {token}"));
        }
    }
    init.set_headers(&headers);
    let controller = AbortController::new().ok();
    if let Some(c) = &controller {
        init.set_signal(Some(&c.signal()));
    }
    let timer = controller.as_ref().and_then(|c| {
        let c = c.clone();
        leptos::prelude::set_timeout_with_handle(
            move || c.abort(),
            std::time::Duration::from_millis(TIMEOUT_MS as u64),
        )
        .ok()
    });
    let result = async {
        let response: Response = JsFuture::from(window.fetch_with_str_and_init(path, &init))
            .await
            .map_err(|e| ApiError::Network(js_text(&e)))?
            .unchecked_into();
        let status = response.status();
        let text_promise = response
            .text()
            .map_err(|e| ApiError::Network(js_text(&e)))?;
        let text = JsFuture::from(text_promise)
            .await
            .map_err(|e| ApiError::Network(js_text(&e)))?;
        Ok::<_, ApiError>((status, text.as_string().unwrap_or_default()))
    }
    .await;
    if let Some(timer) = timer {
        timer.clear();
    }
    let (status, text) = result?;
    match status {
        200..=299 => {
            let text = if text.trim().is_empty() {
                "null"
            } else {
                text.as_str()
            };
            json::from_str(text).map_err(|e| ApiError::Decode(e.0))
        }
        // A 401 with a reason of its own (an enrolment code unknown, used or expired) keeps its
        // code; a plain one means "sign in again".
        401 => match json::from_str::<ErrorBody>(&text) {
            Ok(body) if body.error.code != "unauthorized" => {
                Err(ApiError::Refused(401, body.error))
            }
            _ => Err(ApiError::Unauthorized),
        },
        413 => Err(ApiError::TooLarge),
        400..=499 => match json::from_str::<ErrorBody>(&text) {
            Ok(body) => Err(ApiError::Refused(status, body.error)),
            Err(_) => Err(ApiError::Refused(
                status,
                ErrorDetail {
                    code: "http".into(),
                    message: format!("erreur {status}"),
                    field: None,
                },
            )),
        },
        _ => Err(ApiError::Server(status)),
    }
}

/// An authorised call: refreshes the access token when missing or refused, once.
async fn authorised<B: Serialize, R: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<&B>,
) -> Result<R, ApiError> {
    if !has_token() {
        refresh().await?;
    }
    match send(method, path, body, true).await {
        Err(ApiError::Unauthorized) => {
            forget_token();
            refresh().await?;
            send(method, path, body, true).await
        }
        other => other,
    }
}

/// An authorised multipart upload (staff screens), refreshed like [`authorised`].
#[cfg(feature = "staff")]
async fn authorised_form<R: DeserializeOwned>(
    method: &str,
    path: &str,
    form: web_sys::FormData,
) -> Result<R, ApiError> {
    if !has_token() {
        refresh().await?;
    }
    let body = Outgoing::Form(form);
    match send_outgoing(method, path, Some(&body), true).await {
        Err(ApiError::Unauthorized) => {
            forget_token();
            refresh().await?;
            send_outgoing(method, path, Some(&body), true).await
        }
        other => other,
    }
}

/// A file from the API (staff screens): its bytes and the name the server gives it in
/// `Content-Disposition`. Refreshed and retried once on 401, like [`authorised`].
#[cfg(feature = "staff")]
async fn fetch_file(path: &str) -> Result<(web_sys::Blob, String), ApiError> {
    async fn get(path: &str) -> Result<Response, ApiError> {
        let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".into()))?;
        let headers = Headers::new().map_err(|e| ApiError::Network(js_text(&e)))?;
        if let Some(token) = ACCESS_TOKEN.with(|t| t.borrow().clone()) {
            let _ = headers.set("Authorization", &format!("Bearer {token}"));
        }
        let init = RequestInit::new();
        init.set_method("GET");
        init.set_credentials(RequestCredentials::SameOrigin);
        init.set_headers(&headers);
        Ok(JsFuture::from(window.fetch_with_str_and_init(path, &init))
            .await
            .map_err(|e| ApiError::Network(js_text(&e)))?
            .unchecked_into())
    }
    if !has_token() {
        refresh().await?;
    }
    let mut response = get(path).await?;
    if response.status() == 401 {
        forget_token();
        refresh().await?;
        response = get(path).await?;
    }
    let status = response.status();
    if !(200..300).contains(&status) {
        let text = match response.text() {
            Ok(promise) => JsFuture::from(promise)
                .await
                .ok()
                .and_then(|t| t.as_string())
                .unwrap_or_default(),
            Err(_) => String::new(),
        };
        return Err(match json::from_str::<ErrorBody>(&text) {
            Ok(body) if (400..500).contains(&status) => ApiError::Refused(status, body.error),
            _ => ApiError::Server(status),
        });
    }
    let name = response
        .headers()
        .get("content-disposition")
        .ok()
        .flatten()
        .and_then(|d| {
            d.split("filename=")
                .nth(1)
                .map(|n| n.trim().trim_matches('"').to_owned())
        })
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "porte-voix.xlsx".to_owned());
    let blob = JsFuture::from(
        response
            .blob()
            .map_err(|e| ApiError::Network(js_text(&e)))?,
    )
    .await
    .map_err(|e| ApiError::Network(js_text(&e)))?
    .unchecked_into();
    Ok((blob, name))
}

pub async fn login(email: &str, password: &str) -> Result<TokenResponse, ApiError> {
    let body = LoginRequest {
        email: email.to_owned(),
        password: password.to_owned(),
    };
    let tokens: TokenResponse = send("POST", "/api/v1/auth/login", Some(&body), false).await?;
    set_token(&tokens.access_token);
    Ok(tokens)
}

pub async fn enrol(code: &str, device_label: &str) -> Result<TokenResponse, ApiError> {
    let body = EnrolRequest {
        code: code.to_owned(),
        device_label: Some(device_label.to_owned()),
    };
    let tokens: TokenResponse = send("POST", "/api/v1/auth/enrol", Some(&body), false).await?;
    set_token(&tokens.access_token);
    Ok(tokens)
}

/// Exchanges the HttpOnly refresh cookie for a new access token (and a rotated cookie).
///
/// One refresh at a time: screens that load several lists at once would otherwise present the
/// same cookie twice, and the server treats a spent refresh token as stolen (it revokes the
/// whole session). Callers arriving while a refresh runs wait for it and share its outcome.
pub async fn refresh() -> Result<(), ApiError> {
    let running = REFRESHING.with(|r| r.borrow().clone());
    let promise = match running {
        Some(promise) => promise,
        None => {
            let promise = wasm_bindgen_futures::future_to_promise(async {
                let outcome = refresh_once().await;
                LAST_REFRESH.with(|l| *l.borrow_mut() = Some(outcome));
                REFRESHING.with(|r| *r.borrow_mut() = None);
                Ok(JsValue::UNDEFINED)
            });
            REFRESHING.with(|r| *r.borrow_mut() = Some(promise.clone()));
            promise
        }
    };
    JsFuture::from(promise)
        .await
        .map_err(|e| ApiError::Network(js_text(&e)))?;
    LAST_REFRESH
        .with(|l| l.borrow().clone())
        .unwrap_or(Err(ApiError::Unauthorized))
}

async fn refresh_once() -> Result<(), ApiError> {
    let tokens: Result<TokenResponse, ApiError> = send(
        "POST",
        "/api/v1/auth/refresh",
        Some(&RefreshRequest::default()),
        false,
    )
    .await;
    match tokens {
        Ok(tokens) => {
            set_token(&tokens.access_token);
            Ok(())
        }
        // A refused refresh (unknown, rotated or expired cookie) means: sign in again.
        Err(ApiError::Refused(400..=403, _)) => Err(ApiError::Unauthorized),
        Err(other) => Err(other),
    }
}

pub async fn logout() -> Result<(), ApiError> {
    let result = send::<_, serde_json::Value>(
        "POST",
        "/api/v1/auth/logout",
        Some(&serde_json::json!({})),
        true,
    )
    .await;
    forget_token();
    result.map(|_| ())
}

pub async fn pull(cursor: i64) -> Result<PullResponse, ApiError> {
    authorised::<(), PullResponse>("GET", &format!("/api/v1/sync/pull?cursor={cursor}"), None).await
}

pub async fn push(request: &PushRequest) -> Result<PushResponse, ApiError> {
    authorised("POST", "/api/v1/sync/push", Some(request)).await
}

pub async fn check(ids: Vec<uuid::Uuid>) -> Result<CheckResponse, ApiError> {
    authorised("POST", "/api/v1/sync/check", Some(&CheckRequest { ids })).await
}

/// A testimony sent back "à corriger", as the server holds it (for a phone that lost its copy).
pub async fn correction(id: uuid::Uuid) -> Result<CorrectionRequest, ApiError> {
    authorised::<(), CorrectionRequest>(
        "GET",
        &format!("/api/v1/testimonies/{id}/correction"),
        None,
    )
    .await
}

/// Sends the corrected text of a testimony sent back "à corriger" (same id, same receipt code).
pub async fn correct(
    id: uuid::Uuid,
    input: &CorrectionInput,
) -> Result<CorrectionRequest, ApiError> {
    authorised(
        "POST",
        &format!("/api/v1/testimonies/{id}/correction"),
        Some(input),
    )
    .await
}
