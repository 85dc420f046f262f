//! Data protection (`routes/privacy.rs`, the coordinators' `pages/coord/privacy.rs`): a
//! resident's items found and erased by their receipt code, the audit log read back, the
//! processing register, the retention purge (run by `serve`, previewed by administrators), and
//! the residents' own receipt page (`resident`).

pub mod audit_log;
pub mod erasure;
pub mod register;
pub mod resident;
pub mod retention;
