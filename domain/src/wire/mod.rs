//! Types that travel over the API, as JSON. Serde only: no database, no HTTP.

mod admin;
mod auth;
mod council;
mod error;
mod exports;
mod items;
mod map;
mod moderation;
mod publications;
mod surveys;
mod sync;
mod trust;
mod xlsform;

pub use admin::*;
pub use auth::*;
pub use council::*;
pub use error::*;
pub use exports::*;
pub use items::*;
pub use map::*;
pub use moderation::*;
pub use publications::*;
pub use surveys::*;
pub use sync::*;
pub use trust::*;
pub use xlsform::*;

#[cfg(test)]
mod tests {
    use super::*;

    /// The text the server stores for each value is its name on the wire, and reads back.
    fn same_text<T>(values: &[T], as_str: fn(T) -> &'static str, parse: fn(&str) -> Option<T>)
    where
        T: Copy + PartialEq + std::fmt::Debug + serde::Serialize,
    {
        for &value in values {
            let text = as_str(value);
            assert_eq!(serde_json::to_value(value).unwrap(), text, "{value:?}");
            assert_eq!(parse(text), Some(value));
        }
        assert_eq!(parse("unknown"), None);
    }

    #[test]
    fn stored_values_are_their_wire_names() {
        same_text(&Role::ALL, Role::as_str, Role::parse);
        same_text(
            &[
                SurveyStatus::Draft,
                SurveyStatus::Open,
                SurveyStatus::Closed,
            ],
            SurveyStatus::as_str,
            SurveyStatus::parse,
        );
        same_text(
            &[
                ModerationStatus::Pending,
                ModerationStatus::Approved,
                ModerationStatus::Rejected,
                ModerationStatus::NeedsCorrection,
            ],
            ModerationStatus::as_str,
            ModerationStatus::parse,
        );
        same_text(
            &[Consent::Quote, Consent::CountOnly],
            Consent::as_str,
            Consent::parse,
        );
        same_text(&AgeBand::ALL, AgeBand::as_str, AgeBand::parse);
        same_text(
            &[
                ThemeSource::Volunteer,
                ThemeSource::Suggested,
                ThemeSource::Coordinator,
            ],
            ThemeSource::as_str,
            ThemeSource::parse,
        );
        same_text(
            &TombstoneEntity::ALL,
            TombstoneEntity::as_str,
            TombstoneEntity::parse,
        );
    }
}
