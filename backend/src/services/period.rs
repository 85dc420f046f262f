//! Periods as the API names them and the database counts them: UTC months and days over
//! Unix milliseconds.

use chrono::{NaiveDate, NaiveTime};
use portevoix_domain::month::Month;

use crate::clock::to_datetime;
use crate::error::ApiError;

/// The month a testimony counts in: `YYYY-MM` of its capture time, in UTC (as every tally).
pub fn month_of(ms: i64) -> String {
    to_datetime(ms).format("%Y-%m").to_string()
}

/// [`month_of`] as the domain's type, for the wire.
pub fn month_value(ms: i64) -> Result<Month, ApiError> {
    Month::of(to_datetime(ms).date_naive()).ok_or_else(|| {
        ApiError::internal(anyhow::anyhow!("capture time {ms} outside years 0-9999"))
    })
}

/// Start of a UTC day in Unix milliseconds.
pub fn day_start_ms(day: NaiveDate) -> i64 {
    day.and_time(NaiveTime::MIN).and_utc().timestamp_millis()
}

/// `[from, to]` as a half-open range of milliseconds; `to` before `from` is refused.
pub fn day_range(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<(Option<i64>, Option<i64>), ApiError> {
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            return Err(ApiError::validation(
                "invalid_range",
                "la date de fin précède la date de début",
                Some("to".into()),
            ));
        }
    }
    let end = to
        .and_then(|t| t.succ_opt())
        .map(day_start_ms)
        .or(to.map(|_| i64::MAX));
    Ok((from.map(day_start_ms), end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_days_are_utc() {
        assert_eq!(month_of(1_767_225_599_000), "2025-12");
        assert_eq!(month_of(1_767_225_600_000), "2026-01");
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(day_start_ms(day), 1_767_225_600_000);
        let (from, to) = day_range(Some(day), Some(day)).unwrap();
        assert_eq!(to.unwrap() - from.unwrap(), 24 * 3600 * 1000);
        assert!(day_range(day.succ_opt(), Some(day)).is_err());
    }
}
