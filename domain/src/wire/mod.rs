//! Types that travel over the API, as JSON. Serde only: no database, no HTTP.

mod admin;
mod auth;
mod error;
mod items;
mod surveys;
mod sync;

pub use admin::*;
pub use auth::*;
pub use error::*;
pub use items::*;
pub use surveys::*;
pub use sync::*;
