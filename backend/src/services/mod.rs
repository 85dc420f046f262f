//! Use cases. Each takes a connection and the caller; transactions live here.

pub mod accounts;
pub mod analysis;
pub mod audit;
pub mod audit_log;
pub mod backup;
pub mod codebook;
pub mod dashboards;
pub mod demo;
pub mod emerging;
pub mod erasure;
pub mod followup;
pub mod items;
pub mod moderation;
pub mod places;
pub mod register;
pub mod retention;
pub mod sequence;
pub mod setup;
pub mod surveys;
pub mod sync;
pub mod tallies;
pub mod throttle;
pub mod themes_admin;
