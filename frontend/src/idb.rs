//! A thin async layer over IndexedDB (web-sys), enough for the outbox and the offline cache.
//!
//! Values are stored as JSON-shaped JS objects (`crate::json`, serde-wasm-bindgen), so any serde
//! type round-trips. Writes use `durability: "strict"` and resolve only when the transaction has
//! completed, so "saved" on screen means flushed to disk; drafts alone are written "relaxed"
//! (see [`Mode`]).

use std::cell::RefCell;

use js_sys::{Array, Function, Object, Promise, Reflect};
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    IdbDatabase, IdbObjectStoreParameters, IdbOpenDbRequest, IdbRequest, IdbTransaction,
    IdbTransactionMode,
};

use crate::json::{self, JsonError};

const DB_NAME: &str = "porte-voix";
const DB_VERSION: u32 = 1;
/// Captured items waiting for (or recently acknowledged by) the server. Key: item id.
pub const OUTBOX: &str = "outbox";
/// Small named records: session user, pull cache, current outing, preferences.
pub const META: &str = "meta";

#[derive(Debug, Clone)]
pub struct IdbError(pub String);

impl From<JsValue> for IdbError {
    fn from(value: JsValue) -> Self {
        let text = value
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| {
                Reflect::get(&value, &"message".into())
                    .ok()
                    .and_then(|m| m.as_string())
            })
            .unwrap_or_else(|| format!("{value:?}"));
        IdbError(text)
    }
}

impl From<JsonError> for IdbError {
    fn from(value: JsonError) -> Self {
        IdbError(value.0)
    }
}

impl std::fmt::Display for IdbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

thread_local! {
    static DB: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
}

/// Waits for one of the named events of `target`, resolving with `value()` on `ok`.
async fn wait_events(
    target: &web_sys::EventTarget,
    ok: &str,
    fail: &[&str],
    value: impl Fn() -> JsValue + 'static,
) -> Result<JsValue, IdbError> {
    let mut handlers: Option<(Function, Function)> = None;
    let promise = Promise::new(&mut |resolve, reject| handlers = Some((resolve, reject)));
    let (resolve, reject) =
        handlers.ok_or_else(|| IdbError("promise executor not called".into()))?;
    let on_ok = Closure::<dyn FnMut()>::new(move || {
        let _ = resolve.call1(&JsValue::NULL, &value());
    });
    let on_fail = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let error = event
            .target()
            .and_then(|t| Reflect::get(&t, &"error".into()).ok())
            .filter(|e| !e.is_null() && !e.is_undefined())
            .unwrap_or_else(|| JsValue::from_str(&event.type_()));
        let _ = reject.call1(&JsValue::NULL, &error);
    });
    target.add_event_listener_with_callback(ok, on_ok.as_ref().unchecked_ref())?;
    for name in fail {
        target.add_event_listener_with_callback(name, on_fail.as_ref().unchecked_ref())?;
    }
    let result = JsFuture::from(promise).await;
    let _ = target.remove_event_listener_with_callback(ok, on_ok.as_ref().unchecked_ref());
    for name in fail {
        let _ = target.remove_event_listener_with_callback(name, on_fail.as_ref().unchecked_ref());
    }
    result.map_err(IdbError::from)
}

async fn request(req: IdbRequest) -> Result<JsValue, IdbError> {
    let target: web_sys::EventTarget = req.clone().unchecked_into();
    wait_events(&target, "success", &["error"], move || {
        req.result().unwrap_or(JsValue::UNDEFINED)
    })
    .await
}

async fn complete(tx: &IdbTransaction) -> Result<(), IdbError> {
    let target: web_sys::EventTarget = tx.clone().unchecked_into();
    wait_events(&target, "complete", &["error", "abort"], || {
        JsValue::UNDEFINED
    })
    .await
    .map(|_| ())
}

async fn open() -> Result<IdbDatabase, IdbError> {
    if let Some(db) = DB.with(|d| d.borrow().clone()) {
        return Ok(db);
    }
    let factory = web_sys::window()
        .ok_or_else(|| IdbError("no window".into()))?
        .indexed_db()?
        .ok_or_else(|| IdbError("IndexedDB indisponible".into()))?;
    let open: IdbOpenDbRequest = factory.open_with_u32(DB_NAME, DB_VERSION)?;
    let upgrade_req = open.clone();
    let on_upgrade = Closure::<dyn FnMut()>::new(move || {
        if let Ok(db) = upgrade_req
            .result()
            .and_then(|r| r.dyn_into::<IdbDatabase>())
        {
            let names = db.object_store_names();
            if !names.contains(OUTBOX) {
                let params = IdbObjectStoreParameters::new();
                params.set_key_path(&JsValue::from_str("id"));
                let _ = db.create_object_store_with_optional_parameters(OUTBOX, &params);
            }
            if !names.contains(META) {
                let _ = db.create_object_store(META);
            }
        }
    });
    open.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    let result = request(open.clone().unchecked_into()).await;
    open.set_onupgradeneeded(None);
    drop(on_upgrade);
    let db: IdbDatabase = result?.dyn_into()?;
    DB.with(|d| *d.borrow_mut() = Some(db.clone()));
    Ok(db)
}

/// How a transaction is opened.
#[derive(Clone, Copy)]
enum Mode {
    Read,
    /// `durability: "strict"`: complete only once flushed to disk, so an item acknowledged on
    /// screen survives the phone dying right after.
    Strict,
    /// `durability: "relaxed"`: complete once handed to the operating system. For drafts,
    /// written on every keystroke: they survive a killed or crashed browser (the OS has the
    /// data) without a disk flush per key, and a save no longer queues behind those flushes
    /// (transactions on one store run in order).
    Relaxed,
}

/// A transaction in `mode`; the durability hint is given where the browser supports it.
fn transaction(db: &IdbDatabase, stores: &[&str], mode: Mode) -> Result<IdbTransaction, IdbError> {
    let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
    let durability = match mode {
        Mode::Read => {
            return Ok(
                db.transaction_with_str_sequence_and_mode(&names, IdbTransactionMode::Readonly)?
            )
        }
        Mode::Strict => "strict",
        Mode::Relaxed => "relaxed",
    };
    let options = Object::new();
    Reflect::set(&options, &"durability".into(), &durability.into())?;
    let tx_fn: Function = Reflect::get(db, &"transaction".into())?.dyn_into()?;
    let tx = tx_fn.call3(db, &names, &JsValue::from_str("readwrite"), &options)?;
    Ok(tx.dyn_into()?)
}

/// Asks the browser to commit now rather than once every request's success event has been
/// dispatched back to this thread, which is busy re-rendering right after a tap: one round trip
/// less per write (the outbox save went from about 15 to 10 ms in the bench, docs/benchmarks.md).
/// Browsers without `commit()` commit on their own a little later.
fn commit_now(tx: &IdbTransaction) {
    if let Ok(commit) = Reflect::get(tx, &"commit".into()).and_then(|f| f.dyn_into::<Function>()) {
        let _ = commit.call0(tx);
    }
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, IdbError> {
    Ok(json::to_js(value)?)
}

fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, IdbError> {
    Ok(json::from_js(value)?)
}

/// Writes `values` (`(key, value)`; key `None` for stores keyed by the value's `id`) and deletes
/// `deletes`, all in one strict transaction; resolves once it has committed.
pub async fn write<T: Serialize>(
    store: &str,
    values: &[(Option<&str>, &T)],
    deletes: &[String],
) -> Result<(), IdbError> {
    let db = open().await?;
    let tx = transaction(&db, &[store], Mode::Strict)?;
    let os = tx.object_store(store)?;
    for (key, value) in values {
        let js = to_js(value)?;
        match key {
            Some(key) => os.put_with_key(&js, &JsValue::from_str(key))?,
            None => os.put(&js)?,
        };
    }
    for key in deletes {
        os.delete(&JsValue::from_str(key))?;
    }
    commit_now(&tx);
    complete(&tx).await
}

/// Queues a write of `value` under `key` in the META store at once, without waiting: the
/// transaction is created before this returns, so the browser commits it even if the app dies
/// right after (a panic traps the wasm module). Relaxed durability ([`Mode::Relaxed`]): meant
/// for drafts. Needs the database already open (the app opens it at start); returns an error
/// otherwise so the caller can fall back to [`put`].
pub fn put_now<T: Serialize>(key: &str, value: &T) -> Result<(), IdbError> {
    let db = DB
        .with(|d| d.borrow().clone())
        .ok_or_else(|| IdbError("base pas encore ouverte".into()))?;
    let tx = transaction(&db, &[META], Mode::Relaxed)?;
    tx.object_store(META)?
        .put_with_key(&to_js(value)?, &JsValue::from_str(key))?;
    commit_now(&tx);
    Ok(())
}

/// Deletes `key` from the META store without waiting (see [`put_now`]).
pub fn delete_now(key: &str) -> Result<(), IdbError> {
    let db = DB
        .with(|d| d.borrow().clone())
        .ok_or_else(|| IdbError("base pas encore ouverte".into()))?;
    let tx = transaction(&db, &[META], Mode::Relaxed)?;
    tx.object_store(META)?.delete(&JsValue::from_str(key))?;
    commit_now(&tx);
    Ok(())
}

/// Saves an outbox entry and deletes META keys (the draft it came from) in one strict
/// transaction: either the item is saved and its draft gone, or neither.
pub async fn save_item<T: Serialize>(
    value: &T,
    deletes: &[String],
    meta_deletes: &[String],
) -> Result<(), IdbError> {
    let db = open().await?;
    let tx = transaction(&db, &[OUTBOX, META], Mode::Strict)?;
    let outbox = tx.object_store(OUTBOX)?;
    outbox.put(&to_js(value)?)?;
    for key in deletes {
        outbox.delete(&JsValue::from_str(key))?;
    }
    let meta = tx.object_store(META)?;
    for key in meta_deletes {
        meta.delete(&JsValue::from_str(key))?;
    }
    commit_now(&tx);
    complete(&tx).await
}

pub async fn put<T: Serialize>(store: &str, key: Option<&str>, value: &T) -> Result<(), IdbError> {
    write(store, &[(key, value)], &[]).await
}

pub async fn delete(store: &str, keys: &[String]) -> Result<(), IdbError> {
    write::<()>(store, &[], keys).await
}

/// Deletes every key of `store` that starts with `prefix` (string keys), in one transaction.
pub async fn delete_prefix(store: &str, prefix: &str) -> Result<(), IdbError> {
    let db = open().await?;
    let tx = transaction(&db, &[store], Mode::Read)?;
    let keys = request(tx.object_store(store)?.get_all_keys()?).await?;
    let keys: Vec<String> = keys
        .dyn_into::<Array>()?
        .iter()
        .filter_map(|k| k.as_string())
        .filter(|k| k.starts_with(prefix))
        .collect();
    if keys.is_empty() {
        return Ok(());
    }
    write::<()>(store, &[], &keys).await
}

pub async fn get<T: DeserializeOwned>(store: &str, key: &str) -> Result<Option<T>, IdbError> {
    let db = open().await?;
    let tx = transaction(&db, &[store], Mode::Read)?;
    let value = request(tx.object_store(store)?.get(&JsValue::from_str(key))?).await?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    from_js(value).map(Some)
}

/// Every value of a store, in key order. Values that no longer parse are skipped, not fatal.
pub async fn get_all<T: DeserializeOwned>(store: &str) -> Result<Vec<T>, IdbError> {
    let db = open().await?;
    let tx = transaction(&db, &[store], Mode::Read)?;
    let all = request(tx.object_store(store)?.get_all()?).await?;
    let array: Array = all.dyn_into()?;
    Ok(array.iter().filter_map(|v| from_js(v).ok()).collect())
}
