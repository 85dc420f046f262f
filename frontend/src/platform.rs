//! Small browser services: clock, randomness, ids, receipt codes, storage, Web Locks, tabs.

use std::cell::RefCell;

use chrono::{DateTime, Utc};
use js_sys::{Function, Object, Promise, Reflect};
use uuid::Uuid;
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Receipt codes avoid look-alikes (0/O, 1/I/L) so they can be read aloud and copied by hand.
pub const RECEIPT_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CHANNEL: &str = "porte-voix";

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

pub fn now_utc() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(now_ms() as i64).unwrap_or_default()
}

pub fn perf_now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(now_ms)
}

/// Random bytes from Web Crypto, or `None` when the browser has none.
pub fn secure_random_bytes<const N: usize>() -> Option<[u8; N]> {
    let mut bytes = [0u8; N];
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok())
        .map(|_| bytes)
}

/// Random bytes for item ids (uniqueness, not secrecy): Web Crypto, else `Math.random`.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    secure_random_bytes().unwrap_or_else(|| {
        let mut bytes = [0u8; N];
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
        bytes
    })
}

/// A UUIDv7 made now, on the device: the item's idempotency key for its whole life.
pub fn new_id() -> Uuid {
    uuid::Builder::from_unix_timestamp_millis(now_ms() as u64, &random_bytes::<10>()).into_uuid()
}

/// Eight characters from [`RECEIPT_ALPHABET`], uniformly drawn (rejection sampling) from Web
/// Crypto only: a receipt code is a secret that opens a resident's data, so without a secure
/// random source the phone makes none (`None`) rather than a guessable one.
pub fn receipt_code() -> Option<String> {
    let n = RECEIPT_ALPHABET.len();
    let limit = 256 - 256 % n;
    let mut code = String::new();
    while code.len() < portevoix_domain::wire::RECEIPT_CODE_LEN {
        for b in secure_random_bytes::<16>()? {
            if (b as usize) < limit && code.len() < portevoix_domain::wire::RECEIPT_CODE_LEN {
                if let Some(&c) = RECEIPT_ALPHABET.get(b as usize % n) {
                    code.push(c as char);
                }
            }
        }
    }
    Some(code)
}

/// Last outbox save durations, exposed on `<html data-pv-save-ms>` for the benchmark.
pub fn record_save_ms(ms: f64) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let previous = root.get_attribute("data-pv-save-ms").unwrap_or_default();
        let mut all: Vec<&str> = previous.split(' ').filter(|s| !s.is_empty()).collect();
        let text = format!("{ms:.2}");
        all.push(&text);
        let start = all.len().saturating_sub(50);
        let recent: Vec<&str> = all.into_iter().skip(start).collect();
        let _ = root.set_attribute("data-pv-save-ms", &recent.join(" "));
    }
}

pub fn is_online() -> bool {
    web_sys::window()
        .map(|w| w.navigator().on_line())
        .unwrap_or(true)
}

fn navigator_storage() -> Option<JsValue> {
    let nav = web_sys::window()?.navigator();
    Reflect::get(&nav, &"storage".into())
        .ok()
        .filter(|s| !s.is_undefined())
}

async fn call_storage(method: &str) -> Option<JsValue> {
    let storage = navigator_storage()?;
    let f: Function = Reflect::get(&storage, &method.into())
        .ok()?
        .dyn_into()
        .ok()?;
    let promise: Promise = f.call0(&storage).ok()?.dyn_into().ok()?;
    JsFuture::from(promise).await.ok()
}

/// Asks the browser not to evict our data under storage pressure. Returns whether it agreed.
pub async fn persist_storage() -> bool {
    call_storage("persist")
        .await
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// `(usage, quota)` in bytes, when the browser tells.
pub async fn storage_estimate() -> Option<(f64, f64)> {
    let estimate = call_storage("estimate").await?;
    let usage = Reflect::get(&estimate, &"usage".into()).ok()?.as_f64()?;
    let quota = Reflect::get(&estimate, &"quota".into()).ok()?.as_f64()?;
    Some((usage, quota))
}

/// Runs `job` only if no other tab of this origin is running it (Web Locks, `ifAvailable`).
/// Returns `false` when another tab holds the lock. Falls back to running it when the browser
/// has no Web Locks (the server's idempotency still prevents duplicates).
pub async fn with_lock<F>(name: &str, job: F) -> bool
where
    F: std::future::Future<Output = ()> + 'static,
{
    let locks = web_sys::window()
        .and_then(|w| Reflect::get(&w.navigator(), &"locks".into()).ok())
        .filter(|l| !l.is_undefined());
    let Some(locks) = locks else {
        job.await;
        return true;
    };
    let Ok(request) =
        Reflect::get(&locks, &"request".into()).and_then(|f| f.dyn_into::<Function>())
    else {
        job.await;
        return true;
    };
    let job = RefCell::new(Some(job));
    let callback = Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |lock: JsValue| {
        if lock.is_null() {
            return JsValue::FALSE;
        }
        match job.borrow_mut().take() {
            Some(job) => wasm_bindgen_futures::future_to_promise(async move {
                job.await;
                Ok(JsValue::TRUE)
            })
            .into(),
            None => JsValue::FALSE,
        }
    });
    let options = Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    let outcome = match request.call3(
        &locks,
        &name.into(),
        &options,
        callback.as_ref().unchecked_ref(),
    ) {
        Ok(promise) => match promise.dyn_into::<Promise>() {
            Ok(promise) => JsFuture::from(promise)
                .await
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            Err(_) => false,
        },
        Err(_) => false,
    };
    drop(callback);
    outcome
}

thread_local! {
    static CHANNEL_HANDLE: RefCell<Option<web_sys::BroadcastChannel>> = const { RefCell::new(None) };
}

/// Tells the other tabs that the outbox or the cache changed, so they reload their view.
pub fn broadcast_change() {
    CHANNEL_HANDLE.with(|c| {
        if let Some(channel) = c.borrow().as_ref() {
            let _ = channel.post_message(&"changed".into());
        }
    });
}

/// Calls `on_change` when another tab changed the outbox or the cache.
pub fn listen_changes(on_change: impl Fn() + 'static) {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else {
        return;
    };
    let handler = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |_| on_change());
    channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    // Lives as long as the page.
    handler.forget();
    CHANNEL_HANDLE.with(|c| *c.borrow_mut() = Some(channel));
}

/// A short label for this device, for the coordinator's device list.
pub fn device_label() -> String {
    let agent = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .unwrap_or_default();
    let kind = if agent.contains("Android") {
        "Android"
    } else if agent.contains("iPhone") || agent.contains("iPad") {
        "iPhone"
    } else {
        "Navigateur"
    };
    format!("{kind} — Porte-Voix")
}

/// Remembers on this browser which bundle the signed-in account needs (`staff` for coordinators
/// and administrators, `council` for council members), so `boot.js` loads it directly next time;
/// volunteers' phones never download either.
pub fn set_bundle_hint(role: Option<portevoix_domain::wire::Role>) {
    use portevoix_domain::wire::Role;
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = match role {
            Some(Role::Admin | Role::Coordinator) => storage.set_item("pv-staff", "staff"),
            Some(Role::CouncilMember) => storage.set_item("pv-staff", "council"),
            Some(Role::Volunteer) | None => storage.remove_item("pv-staff"),
        };
    }
}

/// A screen this bundle does not have: a full load of its path, for which `boot.js` picks the
/// bundle that has it.
#[cfg(not(feature = "staff"))]
pub fn load_bundle_for(route: &crate::route::Route) -> leptos::prelude::AnyView {
    use leptos::prelude::*;
    if let Some(location) = web_sys::window().map(|w| w.location()) {
        let _ = location.replace(&route.path());
    }
    view! { <p class="boot" role="status">"Porte-Voix…"</p> }.into_any()
}

/// Moves the keyboard and screen-reader focus to the first element matching `selector` once
/// the screen has been drawn (next frame): on a screen change, its heading is read, not the
/// page body. A field the person already went to keeps the focus.
pub fn focus_soon(selector: &'static str) {
    leptos::prelude::request_animation_frame(move || {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let typing = document
            .active_element()
            .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
        if typing {
            return;
        }
        let found = document
            .query_selector(selector)
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = found {
            if !element.has_attribute("tabindex") {
                let _ = element.set_attribute("tabindex", "-1");
            }
            let _ = element.focus();
        }
    });
}

/// A person's text cleaned as the server stores it (`portevoix_domain::text::clean_text`): the
/// domain's rules without its `nfc` feature (its Unicode tables would weigh on the download),
/// then NFC by the browser's `String.prototype.normalize`, which gives the same text.
pub fn clean_text(value: &str, kind: portevoix_domain::text::TextKind) -> String {
    let kept = portevoix_domain::text::clean_text_before_nfc(value, kind);
    if kept.is_ascii() {
        // ASCII is already NFC: no round trip through JS for most texts.
        kept
    } else {
        String::from(js_sys::JsString::from(kept.as_str()).normalize("NFC"))
    }
}
