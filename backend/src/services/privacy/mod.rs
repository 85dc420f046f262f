//! Data protection (`routes/privacy.rs`, the coordinators' `pages/coord/privacy.rs`): a
//! resident's items found and erased by their receipt code, the audit log read back, the
//! processing register, and the retention purge (run by `serve`, previewed by administrators).

pub mod audit_log;
pub mod erasure;
pub mod register;
pub mod retention;
