//! The outbox: every captured item, kept in IndexedDB until the server has acknowledged it.
//!
//! An item gets its UUIDv7 when it is captured; that id is its idempotency key for life. An item
//! leaves the outbox only once the server answered `created` or `duplicate`, and even then stays
//! a short grace period so the volunteer sees it went. Rejected and "à corriger" items stay until
//! the volunteer fixes (which queues a new item with a new id) or removes them.

use portevoix_domain::order;
use portevoix_domain::wire::{
    CorrectionInput, ItemKind, ItemStatus, ModerationStatus, PushItem, PushResult, PushStatus,
    Tombstone,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::idb::{self, IdbError, OUTBOX};
use crate::platform;

/// How long an acknowledged item stays on the phone before it is purged.
pub const GRACE_MS: f64 = 60.0 * 60.0 * 1000.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Captured, not yet acknowledged by the server.
    Waiting,
    /// Acknowledged (created or duplicate); purged after [`GRACE_MS`].
    Sent,
    /// Refused by the server on push (validation…): the reason is in `reason`.
    Rejected,
    /// The server holds a different item under the same id; the first one stays there.
    Conflict,
    /// A coordinator sent it back with a message ("à corriger").
    NeedsCorrection,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    pub code: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: Uuid,
    pub kind: ItemKind,
    /// Absent only for a correction request about an item already purged from this phone.
    pub item: Option<PushItem>,
    pub state: State,
    pub created_ms: f64,
    pub acked_ms: Option<f64>,
    pub attempts: u32,
    pub reason: Option<Reason>,
    /// One line for the list: survey title, first words of a testimony, place of an outing.
    pub summary: String,
    /// A testimony sent back "à corriger" and corrected here: sent through
    /// `POST /api/v1/testimonies/{id}/correction`, never pushed again (the server keeps its id,
    /// receipt code and capture time; `item` holds the corrected copy for the screens).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correction: Option<CorrectionInput>,
}

impl Entry {
    pub fn new(item: PushItem, summary: String) -> Self {
        Entry {
            id: item.id(),
            kind: item.kind(),
            item: Some(item),
            state: State::Waiting,
            created_ms: platform::now_ms(),
            acked_ms: None,
            attempts: 0,
            reason: None,
            summary,
            correction: None,
        }
    }

    /// The correction of testimony `id` sent back "à corriger", waiting to be sent; `item` is
    /// the corrected copy when the phone had the original.
    pub fn correction(
        id: Uuid,
        item: Option<PushItem>,
        correction: CorrectionInput,
        summary: String,
    ) -> Self {
        Entry {
            id,
            kind: ItemKind::Testimony,
            item,
            state: State::Waiting,
            created_ms: platform::now_ms(),
            acked_ms: None,
            attempts: 0,
            reason: None,
            summary,
            correction: Some(correction),
        }
    }

    /// Whether this entry waits to be sent as a correction rather than pushed.
    pub fn is_correction(&self) -> bool {
        self.correction.is_some()
    }

    fn key(&self) -> String {
        self.id.to_string()
    }
}

/// Saves a freshly captured item (and, for a correction, removes the item it replaces) and
/// drops the draft it was typed in (`draft`, a META key), in one strict transaction. Records how
/// long it took for `cargo xtask bench pwa`.
pub async fn add(
    entry: &Entry,
    replaces: Option<Uuid>,
    draft: Option<&str>,
) -> Result<(), IdbError> {
    let started = platform::perf_now();
    let deletes: Vec<String> = replaces.map(|id| id.to_string()).into_iter().collect();
    let drafts: Vec<String> = draft.map(str::to_owned).into_iter().collect();
    idb::save_item(entry, &deletes, &drafts).await?;
    platform::record_save_ms(platform::perf_now() - started);
    platform::broadcast_change();
    Ok(())
}

pub async fn all() -> Result<Vec<Entry>, IdbError> {
    let mut entries: Vec<Entry> = idb::get_all(OUTBOX).await?;
    order::sort_by(&mut entries, |a, b| a.created_ms.total_cmp(&b.created_ms));
    Ok(entries)
}

pub async fn remove(id: Uuid) -> Result<(), IdbError> {
    idb::delete(OUTBOX, &[id.to_string()]).await?;
    platform::broadcast_change();
    Ok(())
}

pub async fn save_all(entries: &[&Entry]) -> Result<(), IdbError> {
    if entries.is_empty() {
        return Ok(());
    }
    let values: Vec<(Option<&str>, &&Entry)> = entries.iter().map(|e| (None, e)).collect();
    idb::write(OUTBOX, &values, &[]).await?;
    platform::broadcast_change();
    Ok(())
}

/// Applies the server's per-item push results to the entries that were sent, in order.
/// Returns the entries that changed.
pub fn apply_results(sent: &[Entry], results: &[PushResult]) -> Vec<Entry> {
    let now = platform::now_ms();
    let mut changed = Vec::new();
    for (index, entry) in sent.iter().enumerate() {
        // Match by index (the contract), and double-check the id when the server gave one.
        let Some(result) = results.iter().find(|r| r.index == index) else {
            continue;
        };
        if result.id.is_some_and(|id| id != entry.id) {
            continue;
        }
        let mut entry = entry.clone();
        entry.attempts += 1;
        match result.status {
            PushStatus::Created | PushStatus::Duplicate => {
                entry.state = State::Sent;
                entry.acked_ms = Some(now);
                entry.reason = None;
            }
            PushStatus::Conflict | PushStatus::Rejected => {
                entry.state = if result.status == PushStatus::Conflict {
                    State::Conflict
                } else {
                    State::Rejected
                };
                entry.reason = Some(Reason {
                    code: result
                        .code
                        .clone()
                        .unwrap_or_else(|| result.status_code().to_owned()),
                    message: result.message.clone().unwrap_or_default(),
                });
            }
        }
        changed.push(entry);
    }
    changed
}

trait StatusCode {
    fn status_code(&self) -> &'static str;
}

impl StatusCode for PushResult {
    fn status_code(&self) -> &'static str {
        match self.status {
            PushStatus::Created => "created",
            PushStatus::Duplicate => "duplicate",
            PushStatus::Conflict => "conflict",
            PushStatus::Rejected => "rejected",
        }
    }
}

/// Applies moderation news from a pull (à corriger, refused by a coordinator) to the outbox.
pub fn apply_statuses(entries: &[Entry], statuses: &[ItemStatus]) -> Vec<Entry> {
    let mut changed = Vec::new();
    for status in statuses {
        let existing = entries.iter().find(|e| e.id == status.id);
        let message = status.message.clone().unwrap_or_default();
        match status.status {
            ModerationStatus::NeedsCorrection | ModerationStatus::Rejected => {
                let state = if status.status == ModerationStatus::NeedsCorrection {
                    State::NeedsCorrection
                } else {
                    State::Rejected
                };
                let mut entry = existing.cloned().unwrap_or_else(|| Entry {
                    id: status.id,
                    kind: status.kind,
                    item: None,
                    state,
                    created_ms: platform::now_ms(),
                    acked_ms: None,
                    attempts: 0,
                    reason: None,
                    summary: String::new(),
                    correction: None,
                });
                // A correction made here and not sent yet answers this request already.
                if entry.state == State::Waiting && entry.is_correction() {
                    continue;
                }
                entry.state = state;
                entry.reason = Some(Reason {
                    code: status.status.as_str().to_owned(),
                    message,
                });
                changed.push(entry);
            }
            // Approved, or pending (received, or corrected, maybe from another phone of this
            // volunteer): the server has it and nothing is left to do here. The phone's copy of
            // the text goes at once, not after the grace period: a lost phone must not show it,
            // and a copy sent back holds what the coordinator asked to remove.
            ModerationStatus::Approved | ModerationStatus::Pending => {
                let holds_text = |e: &&Entry| e.item.is_some() || !e.summary.is_empty();
                if let Some(entry) = existing.filter(|e| {
                    e.state == State::NeedsCorrection || (e.state == State::Sent && holds_text(e))
                }) {
                    let mut entry = entry.clone();
                    if entry.state == State::NeedsCorrection {
                        entry.acked_ms = Some(platform::now_ms());
                    }
                    entry.state = State::Sent;
                    entry.item = None;
                    entry.summary = String::new();
                    entry.reason = None;
                    changed.push(entry);
                }
            }
        }
    }
    changed
}

/// Entries a coordinator erased at the resident's request (receipt code): the pull's tombstones
/// name them, and the phone drops its copy at once, whatever its state.
pub fn erased(entries: &[Entry], tombstones: &[Tombstone]) -> Vec<String> {
    entries
        .iter()
        .filter(|e| {
            let entity = match e.kind {
                ItemKind::Response => "response",
                ItemKind::Testimony => "testimony",
                ItemKind::Outing => return false,
            };
            let id = e.key();
            tombstones.iter().any(|t| t.entity == entity && t.id == id)
        })
        .map(Entry::key)
        .collect()
}

/// Acknowledged items whose grace period is over.
pub fn expired(entries: &[Entry], now: f64) -> Vec<String> {
    entries
        .iter()
        .filter(|e| e.state == State::Sent && e.acked_ms.is_some_and(|t| now - t > GRACE_MS))
        .map(Entry::key)
        .collect()
}

pub async fn purge(keys: &[String]) -> Result<(), IdbError> {
    if keys.is_empty() {
        return Ok(());
    }
    idb::delete(OUTBOX, keys).await?;
    platform::broadcast_change();
    Ok(())
}

/// Splits the waiting entries into batches within the server's limits (items and bytes).
pub fn batches(waiting: &[Entry], max_items: usize, max_bytes: usize) -> Vec<Vec<Entry>> {
    let mut out: Vec<Vec<Entry>> = Vec::new();
    let mut current: Vec<Entry> = Vec::new();
    let mut bytes = 64; // envelope
    for entry in waiting {
        let Some(item) = entry.item.as_ref().filter(|_| !entry.is_correction()) else {
            continue;
        };
        let size = crate::json::to_string(item)
            .map(|s| s.len() + 1)
            .unwrap_or(max_bytes);
        if !current.is_empty() && (current.len() >= max_items || bytes + size > max_bytes) {
            out.push(std::mem::take(&mut current));
            bytes = 64;
        }
        bytes += size;
        current.push(entry.clone());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(kind: ItemKind, state: State) -> Entry {
        Entry {
            id: Uuid::now_v7(),
            kind,
            item: None,
            state,
            created_ms: 0.0,
            acked_ms: None,
            attempts: 0,
            reason: None,
            summary: String::new(),
            correction: None,
        }
    }

    fn tomb(entity: &str, id: Uuid) -> Tombstone {
        Tombstone {
            entity: entity.into(),
            id: id.to_string(),
        }
    }

    #[test]
    fn erased_items_are_dropped_whatever_their_state_and_only_them() {
        let response = entry(ItemKind::Response, State::Sent);
        let testimony = entry(ItemKind::Testimony, State::Waiting);
        let kept = entry(ItemKind::Response, State::Sent);
        let outing = entry(ItemKind::Outing, State::Sent);
        let entries = [
            response.clone(),
            testimony.clone(),
            kept.clone(),
            outing.clone(),
        ];
        let tombs = [
            tomb("response", response.id),
            tomb("testimony", testimony.id),
            // Same id, other kind: a survey's tombstone never names an answer set.
            tomb("survey", kept.id),
            tomb("outing", outing.id),
        ];
        assert_eq!(
            erased(&entries, &tombs),
            [response.id.to_string(), testimony.id.to_string()]
        );
        assert!(erased(&entries, &[]).is_empty());
    }
}
