//! One module per screen.

pub mod fix;
pub mod home;
pub mod outbox;
pub mod outing;
pub mod question;
pub mod signin;
pub mod survey;
pub mod testimony;
