//! Calendar months (`YYYY-MM`): the period of the council views, of tallies and of quotes.
//! Parsed once, here, for the phone and the server alike; every month arithmetic the views need
//! is done on the type, never on the text.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A month of the years 0000 to 9999, written `YYYY-MM`. Ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Month {
    year: u16,
    /// 1 to 12.
    month: u8,
}

/// Why a text is not a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("mois attendu au format AAAA-MM")]
pub struct InvalidMonth;

/// At most this many months in one [`Month::through`] (a century).
pub const MAX_MONTHS: usize = 1200;

/// The months' names in French, as residents and councils read dates (`1 décembre 2026`).
pub const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

impl Month {
    pub const MAX_YEAR: u16 = 9999;
    pub const MIN: Month = Month { year: 0, month: 1 };
    pub const MAX: Month = Month {
        year: Self::MAX_YEAR,
        month: 12,
    };

    /// `year` 0 to 9999, `month` 1 to 12.
    pub fn new(year: u16, month: u8) -> Option<Month> {
        (year <= Self::MAX_YEAR && (1..=12).contains(&month)).then_some(Month { year, month })
    }

    /// Exactly `YYYY-MM` (four digits, a dash, two digits, month 01 to 12).
    pub fn parse(text: &str) -> Result<Month, InvalidMonth> {
        let bytes = text.as_bytes();
        let digits = |range: std::ops::Range<usize>| -> Option<u16> {
            let part = bytes.get(range)?;
            part.iter().try_fold(0u16, |n, &b| {
                let digit = b.is_ascii_digit().then(|| b.wrapping_sub(b'0'))?;
                n.checked_mul(10)?.checked_add(u16::from(digit))
            })
        };
        if bytes.len() != 7 || bytes.get(4) != Some(&b'-') {
            return Err(InvalidMonth);
        }
        let year = digits(0..4).ok_or(InvalidMonth)?;
        let month = digits(5..7)
            .and_then(|m| u8::try_from(m).ok())
            .ok_or(InvalidMonth)?;
        Month::new(year, month).ok_or(InvalidMonth)
    }

    /// The month a day falls in (`None` outside the years 0 to 9999).
    pub fn of(day: NaiveDate) -> Option<Month> {
        let year = u16::try_from(day.year()).ok()?;
        Month::new(year, u8::try_from(day.month()).ok()?)
    }

    pub fn year(self) -> u16 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(i32::from(self.year), u32::from(self.month), 1)
            .unwrap_or(NaiveDate::MIN)
    }

    /// Months since 0000-01.
    fn index(self) -> u32 {
        u32::from(self.year)
            .saturating_mul(12)
            .saturating_add(u32::from(self.month).saturating_sub(1))
    }

    fn from_index(index: u32) -> Option<Month> {
        let year = u16::try_from(index.checked_div(12)?).ok()?;
        let month = u8::try_from(index.checked_rem(12)?.checked_add(1)?).ok()?;
        Month::new(year, month)
    }

    /// The month after this one (`None` after 9999-12).
    pub fn next(self) -> Option<Month> {
        Month::from_index(self.index().checked_add(1)?)
    }

    /// The month `n` months earlier, or 0000-01 when that is before it.
    pub fn minus(self, n: u32) -> Month {
        Month::from_index(self.index().saturating_sub(n)).unwrap_or(Month::MIN)
    }

    /// The month `n` months later, or 9999-12 when that is after it.
    pub fn plus(self, n: u32) -> Month {
        Month::from_index(self.index().saturating_add(n)).unwrap_or(Month::MAX)
    }

    /// Every month from this one to `last`, both included (empty when `last` is earlier; at
    /// most [`MAX_MONTHS`]).
    pub fn through(self, last: Month) -> Vec<Month> {
        std::iter::successors(Some(self), |m| m.next())
            .take_while(|m| *m <= last)
            .take(MAX_MONTHS)
            .collect()
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl std::str::FromStr for Month {
    type Err = InvalidMonth;

    fn from_str(text: &str) -> Result<Month, InvalidMonth> {
        Month::parse(text)
    }
}

impl TryFrom<String> for Month {
    type Error = InvalidMonth;

    fn try_from(text: String) -> Result<Month, InvalidMonth> {
        Month::parse(&text)
    }
}

impl From<Month> for String {
    fn from(month: Month) -> String {
        month.to_string()
    }
}

/// In the OpenAPI document a month is the string it travels as, with its pattern.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Month {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^[0-9]{4}-(0[1-9]|1[0-2])$"))
            .description(Some("A calendar month, `YYYY-MM`."))
            .examples([serde_json::json!("2026-11")])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Month {}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::testing::{any_text, config};

    fn month(text: &str) -> Month {
        Month::parse(text).unwrap()
    }

    #[test]
    fn months_are_read_exactly() {
        assert_eq!(month("2026-03"), Month::new(2026, 3).unwrap());
        assert_eq!(month("0000-01").to_string(), "0000-01");
        for bad in [
            "2026-13",
            "2026-00",
            "2026-3",
            "26-03",
            "2026/03",
            "2026-03-01",
            "",
            "+026-03",
            "２０２６-03",
            "2026-0a",
            " 2026-03",
        ] {
            assert_eq!(Month::parse(bad), Err(InvalidMonth), "{bad:?}");
        }
    }

    #[test]
    fn months_run_across_years() {
        assert_eq!(month("2025-12").next(), Some(month("2026-01")));
        assert_eq!(month("9999-12").next(), None);
        assert_eq!(month("2026-03").minus(11), month("2025-04"));
        assert_eq!(month("2026-01").minus(1), month("2025-12"));
        assert_eq!(month("0000-02").minus(5), month("0000-01"));
        assert_eq!(
            month("2025-11").through(month("2026-02")),
            ["2025-11", "2025-12", "2026-01", "2026-02"].map(month)
        );
        assert!(month("2026-02").through(month("2026-01")).is_empty());
        assert_eq!(month("0000-01").through(month("9999-12")).len(), MAX_MONTHS);
        assert_eq!(
            month("2026-02").first_day(),
            NaiveDate::from_ymd_opt(2026, 2, 1).unwrap()
        );
    }

    #[test]
    fn months_travel_as_text() {
        let json = serde_json::to_string(&month("2026-03")).unwrap();
        assert_eq!(json, "\"2026-03\"");
        assert_eq!(
            serde_json::from_str::<Month>(&json).unwrap(),
            month("2026-03")
        );
        assert!(serde_json::from_str::<Month>("\"2026-13\"").is_err());
    }

    proptest! {
        #![proptest_config(config())]

        /// Whatever is typed: a month or a refusal, never a panic; an accepted month is written
        /// back exactly as typed.
        #[test]
        fn any_text_parses_or_is_refused(text in prop_oneof![
            any_text(),
            "[0-9]{4}-[0-9]{2}",
            "[0-9+-]{0,9}",
        ]) {
            if let Ok(m) = Month::parse(&text) {
                prop_assert_eq!(m.to_string(), text);
                prop_assert!((1..=12).contains(&m.month()));
            }
        }

        /// Months agree with the calendar: the next month is the month of the first day plus
        /// 31 days, going back n months and forward n months returns, order is time order.
        #[test]
        fn arithmetic_follows_the_calendar(
            year in 0u16..=9999,
            m in 1u8..=12,
            n in 0u32..2400,
            other_year in 0u16..=9999,
            other_m in 1u8..=12,
        ) {
            let month = Month::new(year, m).unwrap();
            let other = Month::new(other_year, other_m).unwrap();
            prop_assert_eq!(Month::of(month.first_day()), Some(month));
            if let Some(next) = month.next() {
                prop_assert_eq!(Some(next), Month::of(month.first_day() + chrono::Days::new(31)));
                prop_assert!(next > month);
            }
            let back = month.minus(n);
            prop_assert!(back <= month);
            if back.index() + n == month.index() {
                let forward = back.through(month);
                prop_assert_eq!(forward.len(), (n as usize + 1).min(MAX_MONTHS));
            }
            prop_assert_eq!(month.cmp(&other), month.first_day().cmp(&other.first_day()));
            prop_assert_eq!(month.cmp(&other), month.to_string().cmp(&other.to_string()));
        }
    }
}
