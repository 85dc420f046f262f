//! Use cases. Each takes a connection and the caller; transactions live here.

pub mod accounts;
pub mod analysis;
pub mod audit;
pub mod codebook;
pub mod demo;
pub mod items;
pub mod places;
pub mod sequence;
pub mod setup;
pub mod surveys;
pub mod sync;
pub mod tallies;
