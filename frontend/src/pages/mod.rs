//! One module per screen.

#[cfg(feature = "council")]
pub mod coord;
#[cfg(feature = "council")]
pub mod council;
pub mod fix;
pub mod home;
pub mod outbox;
pub mod outing;
pub mod question;
pub mod signin;
pub mod survey;
pub mod testimony;
