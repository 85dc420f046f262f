//! Porte-Voix server library: the `portevoix` binary is a thin CLI over it, and the
//! integration tests drive it in-process.

pub mod auth;
pub mod cli;
pub mod client_address;
pub mod clock;
pub mod config;
pub mod db;
pub mod error;
pub mod private_files;
pub mod request_log;
pub mod request_rate;
pub mod routes;
pub mod scheduler;
pub mod services;
pub mod startup;
pub mod xlsform;
