//! Types that travel over the API, as JSON. Serde only: no database, no HTTP.

mod admin;
mod auth;
mod council;
mod error;
mod items;
mod moderation;
mod surveys;
mod sync;
mod trust;

pub use admin::*;
pub use auth::*;
pub use council::*;
pub use error::*;
pub use items::*;
pub use moderation::*;
pub use surveys::*;
pub use sync::*;
pub use trust::*;
