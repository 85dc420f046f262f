//! Drafts: what a form holds is written to IndexedDB on every change, so a reload, a killed
//! browser or a crash loses nothing the volunteer typed. A draft lives in the META store under
//! its form's key until the item is saved (the outbox write deletes it in the same transaction)
//! or the volunteer discards it.

use std::cell::RefCell;
use std::collections::HashMap;

use serde::{de::DeserializeOwned, Serialize};
use uuid::Uuid;

use crate::idb::{self, META};

thread_local! {
    /// The last JSON written per key: a keystroke that changes nothing writes nothing.
    static LAST: RefCell<HashMap<String, Option<String>>> = RefCell::new(HashMap::new());
}

/// The new testimony form's draft, or the draft of the fix of item `replaces`.
pub fn testimony_key(replaces: Option<Uuid>) -> String {
    match replaces {
        Some(id) => format!("draft:fix:{id}"),
        None => "draft:testimony".to_owned(),
    }
}

/// A survey's draft (one per survey version), or the draft of the fix of item `replaces`.
pub fn survey_key(version_id: i64, replaces: Option<Uuid>) -> String {
    match replaces {
        Some(id) => format!("draft:fix:{id}"),
        None => format!("draft:survey:{version_id}"),
    }
}

pub async fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    idb::get::<T>(META, key).await.ok().flatten()
}

/// Writes `value` as the draft under `key` (`None`: nothing worth keeping, the draft is
/// removed). The write is queued before this returns (see [`idb::put_now`]).
pub fn keep<T: Serialize>(key: &str, value: Option<&T>) {
    let json = value.and_then(|v| crate::json::to_string(v).ok());
    let unchanged = LAST.with(|l| l.borrow().get(key) == Some(&json));
    if unchanged {
        return;
    }
    LAST.with(|l| l.borrow_mut().insert(key.to_owned(), json.clone()));
    let queued = match value {
        Some(v) => idb::put_now(key, v),
        None => idb::delete_now(key),
    };
    if queued.is_err() {
        // The database is not open yet (cannot happen once the app is up): write it the slow way.
        let key = key.to_owned();
        leptos::task::spawn_local(async move {
            let _ = match json {
                Some(json) => {
                    let value: serde_json::Value =
                        crate::json::from_str(&json).unwrap_or(serde_json::Value::Null);
                    idb::put(META, Some(&key), &value).await
                }
                None => idb::delete(META, &[key]).await,
            };
        });
    }
}

/// Forgets what [`keep`] remembers of `key` (the outbox write deleted the draft).
pub fn forget(key: &str) {
    LAST.with(|l| l.borrow_mut().insert(key.to_owned(), None));
}

/// Deletes every draft on this phone: a resident's words typed under one account are not left
/// for the next person who signs in here.
pub async fn clear_all() {
    let _ = idb::delete_prefix(META, "draft:").await;
    LAST.with(|l| l.borrow_mut().clear());
}
