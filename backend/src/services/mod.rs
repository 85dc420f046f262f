//! Use cases. Each takes a connection and the caller; transactions live here.

pub mod accounts;
pub mod analysis;
pub mod audit;
pub mod codebook;
pub mod dashboards;
pub mod demo;
pub mod followup;
pub mod items;
pub mod moderation;
pub mod places;
pub mod sequence;
pub mod setup;
pub mod surveys;
pub mod sync;
pub mod tallies;
pub mod themes_admin;
