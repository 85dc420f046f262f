//! Faults injected at the item level, so that tests prove what the ingest does with an item
//! that breaks in a way no known input does today: the batch goes on without it. Also two hooks
//! on SQLite's one writer: hold it at a gate (to fill its queue), and lose a group's answers
//! after its commit (a crash between the commit and the answers). Set only in code
//! (`Settings::item_faults`), never from a file or the environment; empty in production.

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use uuid::Uuid;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemFaults {
    /// Preparing this item panics (a bug in validation or hashing): it is `rejected`.
    pub panic_preparing: Vec<Uuid>,
    /// The text analysis of this testimony panics: it is stored, marked for the coordinator to
    /// theme and redact by hand (a resident's words are not lost because a suggestion failed).
    pub panic_analysing: Vec<Uuid>,
    /// This item's rows name a quartier that does not exist: the database refuses them and the
    /// item is `rejected`.
    pub refused_by_database: Vec<Uuid>,
    /// The first write committed with one of these items in it answers none of its requests
    /// (on SQLite: every request of the writer's group), as a server that died between its
    /// commit and its answers: they get 503, their retries must answer `duplicate`, and
    /// nothing is stored twice.
    pub lose_answers_once: LostAnswers,
    /// The writer waits at this gate before each group until the test opens it. SQLite only.
    pub hold_writer: Option<WriterGate>,
}

impl ItemFaults {
    /// No fault: what every real server runs with.
    pub const NONE: ItemFaults = ItemFaults {
        panic_preparing: Vec::new(),
        panic_analysing: Vec::new(),
        refused_by_database: Vec::new(),
        lose_answers_once: LostAnswers::NONE,
        hold_writer: None,
    };
}

/// Items whose first committed write loses its answers; shared by every copy of the settings.
#[derive(Clone, Default)]
pub struct LostAnswers(Option<Arc<Mutex<Vec<Uuid>>>>);

impl LostAnswers {
    pub const NONE: LostAnswers = LostAnswers(None);

    pub fn new(ids: Vec<Uuid>) -> Self {
        Self(Some(Arc::new(Mutex::new(ids))))
    }

    /// Names one more item (a test knows its ids once the app is up). No effect on `NONE`.
    pub fn add(&self, id: Uuid) {
        if let Some(listed) = &self.0 {
            listed
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(id);
        }
    }

    /// Whether a write of these items loses its answers (each listed item fires once).
    pub(super) fn fire(&self, ids: impl IntoIterator<Item = Uuid>) -> bool {
        let Some(listed) = &self.0 else { return false };
        let mut listed = listed.lock().unwrap_or_else(PoisonError::into_inner);
        let before = listed.len();
        let written: Vec<Uuid> = ids.into_iter().collect();
        listed.retain(|id| !written.contains(id));
        listed.len() != before
    }
}

impl PartialEq for LostAnswers {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

impl Eq for LostAnswers {}

impl std::fmt::Debug for LostAnswers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LostAnswers")
    }
}

/// Where a test holds SQLite's writer: it learns when the writer has taken a request and how
/// many requests were queued, then lets it go on. No timing involved.
#[derive(Clone, Default)]
pub struct WriterGate(Arc<Gate>);

#[derive(Default)]
struct Gate {
    state: Mutex<GateState>,
    changed: Condvar,
}

#[derive(Default)]
struct GateState {
    open: bool,
    /// The writer has taken a request and waits at the gate.
    held: bool,
    /// Requests accepted into the writer's queue so far.
    queued: usize,
}

impl WriterGate {
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, GateState> {
        self.0.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wait_for(&self, done: impl Fn(&GateState) -> bool) {
        let mut state = self.lock();
        while !done(&state) {
            state = self
                .0
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn update(&self, change: impl FnOnce(&mut GateState)) {
        change(&mut self.lock());
        self.0.changed.notify_all();
    }

    /// Blocks until the writer has taken a request and waits at the gate.
    pub fn wait_until_held(&self) {
        self.wait_for(|s| s.held || s.open);
    }

    /// Blocks until `count` requests in all were accepted into the writer's queue.
    pub fn wait_until_queued(&self, count: usize) {
        self.wait_for(|s| s.queued >= count);
    }

    /// Lets the writer go on, now and for every later group.
    pub fn open(&self) {
        self.update(|s| s.open = true);
    }

    /// The writer: waits here until the gate is open.
    pub(super) fn hold(&self) {
        self.update(|s| s.held = true);
        self.wait_for(|s| s.open);
    }

    /// A request was accepted into the queue.
    pub(super) fn note_queued(&self) {
        self.update(|s| s.queued = s.queued.saturating_add(1));
    }
}

impl PartialEq for WriterGate {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for WriterGate {}

impl std::fmt::Debug for WriterGate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WriterGate")
    }
}
