//! API integration tests: the real server, a real database (SQLite file or PostgreSQL),
//! over HTTP. Run once per backend by `cargo xtask test`.

mod helpers;

mod admin;
mod auth;
mod cli;
mod crash;
mod health;
mod items;
mod replay;
mod surveys;
mod sync;
mod tallies;
