//! API integration tests: the real server, a real database (SQLite file or PostgreSQL),
//! over HTTP. Run once per backend by `cargo xtask test`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::type_complexity,
    reason = "tests fail loudly at the first surprise, helpers included; row tuples are read once"
)]

mod helpers;

mod admin;
mod audit_actor;
mod auth;
mod backup;
mod cli;
mod council;
mod council_answers;
mod crash;
mod emerging;
mod enrolment;
mod erasure;
mod exports;
mod exports_xlsx;
mod fixtures;
mod followup;
mod fuzzing;
mod health;
mod ingest_concurrency;
mod ingest_group_commit;
mod isolation;
mod items;
mod learning;
mod moderation;
mod paris_months;
mod public_page;
mod publications;
mod quartier_map;
mod register;
mod replay;
mod report;
mod resident;
mod review_access;
mod review_data;
mod review_ingest;
mod role_fixtures;
mod roles;
mod scaleout;
mod schema;
mod stored_values;
mod surveys;
mod sync;
mod tallies;
mod throttle;
mod xlsform;
