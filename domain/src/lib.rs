//! Porte-Voix domain: the rules shared by the server and the volunteers' phones.
//!
//! Everything here is pure (no I/O, no database, no HTTP) so that it builds for
//! `wasm32-unknown-unknown` and the phone applies exactly the same rules as the server.
//!
//! It must not panic on anything a person types: a panic here kills the phone's app (wasm
//! traps) and, on the server, fails a whole sync batch. So, outside tests, no byte-index
//! slicing, no indexing that can go out of bounds, no unwrap/expect/panic, no arithmetic that
//! can overflow: `get(..)`, char boundaries, checked or saturating arithmetic instead.
#![cfg_attr(
    not(test),
    deny(
        clippy::string_slice,
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented,
        clippy::arithmetic_side_effects
    )
)]

pub mod analysis;
pub mod codebook;
pub mod council_answer;
pub mod geo;
pub mod intake;
pub mod month;
pub mod order;
pub mod publication;
pub mod receipt;
pub mod search;
pub mod suppression;
pub mod survey;
pub mod text;
pub mod values;
pub mod wire;

#[cfg(test)]
mod testing;

pub use survey::{AnswerError, AnswerValue, Answers, DefinitionError, SurveyDefinition};
