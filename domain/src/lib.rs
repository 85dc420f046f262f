//! Porte-Voix domain: the rules shared by the server and the volunteers' phones.
//!
//! Everything here is pure (no I/O, no database, no HTTP) so that it builds for
//! `wasm32-unknown-unknown` and the phone applies exactly the same rules as the server.

pub mod analysis;
pub mod codebook;
pub mod suppression;
pub mod survey;
pub mod text;
pub mod wire;

pub use survey::{AnswerError, AnswerValue, Answers, DefinitionError, SurveyDefinition};
