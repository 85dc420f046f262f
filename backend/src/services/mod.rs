//! Use cases. Each takes a connection and the caller; transactions live here.
//!
//! An area of the API (the table of docs/api.md) has one name, used by its route module
//! (`routes/<area>.rs`), its use cases here (`<area>.rs`, or `<area>/` when it has several
//! files) and its screen (`frontend/src/pages/…/<area>.rs`). The second group is shared
//! plumbing that belongs to no one area (docs/architecture.md).

pub mod accounts;
pub mod analysis;
pub mod codebook;
pub mod compare;
pub mod corrections;
pub mod council;
pub mod exports;
pub mod followup;
pub mod items;
pub mod moderation;
pub mod places;
pub mod privacy;
pub mod publications;
pub mod quartier_map;
pub mod survey_xlsform;
pub mod surveys;
pub mod sync;

pub mod audit;
pub mod backup;
pub mod demo;
pub mod keys;
pub mod paging;
pub mod period;
pub mod sequence;
pub mod setup;
pub mod tallies;
pub mod throttle;
