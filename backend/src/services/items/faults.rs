//! Faults injected at the item level, so that tests prove what the ingest does with an item
//! that breaks in a way no known input does today: the batch goes on without it. Set only in
//! code (`Settings::item_faults`), never from a file or the environment; empty in production.

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
}

impl ItemFaults {
    /// No fault: what every real server runs with.
    pub const NONE: ItemFaults = ItemFaults {
        panic_preparing: Vec::new(),
        panic_analysing: Vec::new(),
        refused_by_database: Vec::new(),
    };
}
