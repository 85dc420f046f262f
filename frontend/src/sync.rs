//! Sending the outbox and pulling what the phone needs.
//!
//! A sync runs at start, when the network comes back, after each capture, from the button, and on
//! a timer (exponential backoff with jitter after failures). Only one tab of the device syncs at a
//! time (Web Locks); inside the lock the outbox is re-read from IndexedDB, so a tab never sends
//! from a stale view. The server's per-item results decide what leaves the outbox.

use std::cell::{Cell, RefCell};
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use portevoix_domain::wire::{PushRequest, MAX_PUSH_BYTES, MAX_PUSH_ITEMS};

use crate::api::{self, ApiError};
use crate::outbox::{self, Entry, State};
use crate::platform;
use crate::state::AppState;

const LOCK: &str = "porte-voix-sync";
/// Quiet polling (corrections from coordinators, new surveys) when everything went fine.
const IDLE_MS: f64 = 5.0 * 60.0 * 1000.0;
const BACKOFF_BASE_MS: f64 = 5_000.0;
const BACKOFF_MAX_MS: f64 = 10.0 * 60.0 * 1000.0;

thread_local! {
    static TIMER: RefCell<Option<TimeoutHandle>> = const { RefCell::new(None) };
    static RUNNING: Cell<bool> = const { Cell::new(false) };
    static AGAIN: Cell<bool> = const { Cell::new(false) };
    /// Ids of a batch whose answer never came (connection lost mid-push): the server may hold
    /// them. Checked with `/sync/check` before sending again.
    static UNANSWERED: RefCell<Vec<uuid::Uuid>> = const { RefCell::new(Vec::new()) };
}

/// Wires the triggers: start, `online`, other tabs' changes, and the timer.
pub fn start(state: AppState) {
    let on_online = move |_| {
        state.online.set(true);
        request(state);
    };
    // The listeners live as long as the page.
    std::mem::forget(window_event_listener_untyped("online", on_online));
    std::mem::forget(window_event_listener_untyped("offline", move |_| {
        state.online.set(false)
    }));
    platform::listen_changes(move || {
        spawn_local(async move {
            state.reload_outbox().await;
            state.reload_catalogue().await;
        })
    });
    request(state);
}

/// Asks for a sync now. If one is running in this tab, another pass follows it.
pub fn request(state: AppState) {
    if RUNNING.with(Cell::get) {
        AGAIN.with(|a| a.set(true));
        return;
    }
    RUNNING.with(|r| r.set(true));
    spawn_local(async move {
        loop {
            AGAIN.with(|a| a.set(false));
            run_locked(state).await;
            if !AGAIN.with(Cell::get) {
                break;
            }
        }
        RUNNING.with(|r| r.set(false));
    });
}

fn schedule(state: AppState, delay_ms: f64) {
    TIMER.with(|t| {
        if let Some(handle) = t.borrow_mut().take() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(
            move || request(state),
            Duration::from_millis(delay_ms.max(1_000.0) as u64),
        )
        .ok();
        *t.borrow_mut() = handle;
    });
}

/// Delay before the next try after `failures` failures in a row: doubled each time, capped,
/// with ±50 % jitter so a quartier's phones do not all retry at the same instant.
pub fn backoff_ms(failures: u32, random: f64) -> f64 {
    let base = (BACKOFF_BASE_MS * 2f64.powi(failures.min(16) as i32)).min(BACKOFF_MAX_MS);
    base * (0.5 + random)
}

async fn run_locked(state: AppState) {
    // Council members collect nothing: nothing to send, and pull is not theirs.
    let collector = state.me.with_untracked(|m| {
        m.as_ref()
            .is_some_and(|m| m.role != portevoix_domain::wire::Role::CouncilMember)
    });
    if !collector || state.session_expired.get_untracked() {
        return;
    }
    if !platform::is_online() {
        state.online.set(false);
        return;
    }
    state.sync.update(|s| s.running = true);
    let ran = platform::with_lock(LOCK, async move {
        let result = run(state).await;
        finish(state, result);
    })
    .await;
    if !ran {
        // Another tab is syncing; it will broadcast its changes. Look again later.
        state.sync.update(|s| s.running = false);
        schedule(state, 15_000.0);
    }
}

fn finish(state: AppState, result: Result<(), ApiError>) {
    match result {
        Ok(()) => {
            state.sync.update(|s| {
                s.running = false;
                s.last_ok_ms = Some(platform::now_ms());
                s.last_error = None;
                s.failures = 0;
            });
            schedule(state, IDLE_MS);
        }
        Err(ApiError::Unauthorized) => {
            api::forget_token();
            state.session_expired.set(true);
            state.sync.update(|s| {
                s.running = false;
                s.last_error = Some(ApiError::Unauthorized);
            });
            // Paused until the volunteer signs in again (sign-in calls `request`).
        }
        Err(error) => {
            let failures = state.sync.with_untracked(|s| s.failures) + 1;
            state.sync.update(|s| {
                s.running = false;
                s.last_error = Some(error);
                s.failures = failures;
            });
            schedule(state, backoff_ms(failures, js_sys::Math::random()));
        }
    }
}

async fn run(state: AppState) -> Result<(), ApiError> {
    let me = state.me.get_untracked();
    let device_id = me.and_then(|m| m.device_id);
    push_all(state, device_id).await?;
    pull(state).await?;
    let entries = outbox::all().await.unwrap_or_default();
    let _ = outbox::purge(&outbox::expired(&entries, platform::now_ms())).await;
    state.reload_outbox().await;
    if let Some(estimate) = platform::storage_estimate().await {
        state.storage.set(Some(estimate));
    }
    Ok(())
}

/// Marks as sent what the server already holds from a push whose answer was lost.
async fn check_unanswered() -> Result<(), ApiError> {
    let ids = UNANSWERED.with(|u| u.borrow().clone());
    if ids.is_empty() {
        return Ok(());
    }
    let present = api::check(ids).await?.present;
    let entries = outbox::all().await.map_err(|e| ApiError::Network(e.0))?;
    let now = platform::now_ms();
    let changed: Vec<Entry> = entries
        .into_iter()
        .filter(|e| e.state == State::Waiting && present.contains(&e.id))
        .map(|mut e| {
            e.state = State::Sent;
            e.acked_ms = Some(now);
            e
        })
        .collect();
    outbox::save_all(&changed.iter().collect::<Vec<_>>())
        .await
        .map_err(|e| ApiError::Network(e.0))?;
    UNANSWERED.with(|u| u.borrow_mut().clear());
    Ok(())
}

/// Sends the corrections of testimonies sent back "à corriger", one call each. A refusal (the
/// coordinator decided meanwhile, the text is empty…) is kept with its reason, like a push's.
async fn send_corrections(state: AppState, entries: &[Entry]) -> Result<(), ApiError> {
    for entry in entries
        .iter()
        .filter(|e| e.state == State::Waiting && e.is_correction())
    {
        let Some(input) = entry.correction.as_ref() else {
            continue;
        };
        let mut entry = entry.clone();
        entry.attempts = entry.attempts.saturating_add(1);
        match api::correct(entry.id, input).await {
            Ok(_) => {
                entry.state = State::Sent;
                entry.acked_ms = Some(platform::now_ms());
                entry.reason = None;
            }
            Err(ApiError::Refused(_, detail)) => {
                entry.state = State::Rejected;
                entry.reason = Some(outbox::Reason {
                    code: detail.code,
                    message: detail.message,
                });
            }
            Err(other) => return Err(other),
        }
        outbox::save_all(&[&entry])
            .await
            .map_err(|e| ApiError::Network(e.0))?;
        state.reload_outbox().await;
    }
    Ok(())
}

async fn push_all(state: AppState, device_id: Option<uuid::Uuid>) -> Result<(), ApiError> {
    check_unanswered().await?;
    // Fresh from IndexedDB, inside the lock: what another tab sent is no longer `Waiting`.
    let entries = outbox::all().await.map_err(|e| ApiError::Network(e.0))?;
    send_corrections(state, &entries).await?;
    let waiting: Vec<Entry> = entries
        .into_iter()
        .filter(|e| e.state == State::Waiting && e.item.is_some() && !e.is_correction())
        .collect();
    let mut max_items = MAX_PUSH_ITEMS;
    let mut queue = outbox::batches(&waiting, max_items, MAX_PUSH_BYTES * 9 / 10);
    while let Some(batch) = queue.first().cloned() {
        let request = PushRequest {
            device_id,
            items: batch
                .iter()
                .filter_map(|e| e.item.as_ref().and_then(|i| serde_json::to_value(i).ok()))
                .collect(),
        };
        match api::push(&request).await {
            Ok(response) => {
                queue.remove(0);
                let changed = outbox::apply_results(&batch, &response.results);
                let refs: Vec<&Entry> = changed.iter().collect();
                outbox::save_all(&refs)
                    .await
                    .map_err(|e| ApiError::Network(e.0))?;
                state.reload_outbox().await;
            }
            Err(ApiError::TooLarge) if batch.len() > 1 => {
                // The server's limit is lower than ours: halve and go on.
                max_items = (batch.len() / 2).max(1);
                let rest: Vec<Entry> = queue.drain(..).flatten().collect();
                queue = outbox::batches(&rest, max_items, MAX_PUSH_BYTES * 9 / 10);
            }
            Err(ApiError::TooLarge) => {
                queue.remove(0);
                if let Some(first) = batch.first() {
                    let mut entry = first.clone();
                    entry.state = State::Rejected;
                    entry.reason = Some(outbox::Reason {
                        code: "too_large".into(),
                        message: ApiError::TooLarge.message(),
                    });
                    outbox::save_all(&[&entry])
                        .await
                        .map_err(|e| ApiError::Network(e.0))?;
                }
            }
            Err(other) => {
                if matches!(other, ApiError::Network(_)) {
                    UNANSWERED.with(|u| *u.borrow_mut() = batch.iter().map(|e| e.id).collect());
                }
                return Err(other);
            }
        }
    }
    Ok(())
}

async fn pull(state: AppState) -> Result<(), ApiError> {
    let mut catalogue = state.catalogue.get_untracked();
    let response = api::pull(catalogue.cursor).await?;
    catalogue.apply(&response, platform::now_ms());
    let _ = catalogue.save().await;
    state.catalogue.set(catalogue);
    if !response.items.is_empty() || !response.tombstones.is_empty() {
        let entries = outbox::all().await.unwrap_or_default();
        let changed = outbox::apply_statuses(&entries, &response.items);
        let refs: Vec<&Entry> = changed.iter().collect();
        let _ = outbox::save_all(&refs).await;
        let _ = outbox::purge(&outbox::erased(&entries, &response.tombstones)).await;
    }
    platform::broadcast_change();
    Ok(())
}
