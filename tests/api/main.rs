//! API integration tests: the real server, a real database (SQLite file or PostgreSQL),
//! over HTTP. Run once per backend by `cargo xtask test`.

mod helpers;

mod admin;
mod auth;
mod backup;
mod cli;
mod crash;
mod emerging;
mod erasure;
mod health;
mod items;
mod register;
mod replay;
mod scaleout;
mod schema;
mod surveys;
mod sync;
mod tallies;
mod throttle;
