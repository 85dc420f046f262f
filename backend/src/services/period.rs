//! Periods as the API names them and the database counts them: months and days of Nantes,
//! i.e. of the `Europe/Paris` time zone (a testimony given at 00:30 on the 1st belongs to that
//! month, whatever UTC says), over Unix milliseconds.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use portevoix_domain::month::Month;

use crate::clock::to_datetime;
use crate::error::ApiError;

/// The time zone every month and day of the API is counted in.
pub const TIME_ZONE: Tz = chrono_tz::Europe::Paris;

/// The day in Nantes at `ms`.
pub fn local_date(ms: i64) -> NaiveDate {
    to_datetime(ms).with_timezone(&TIME_ZONE).date_naive()
}

/// Today in Nantes.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&TIME_ZONE).date_naive()
}

/// The month a testimony counts in: `YYYY-MM` of its capture time in Nantes (as every tally).
pub fn month_of(ms: i64) -> String {
    local_date(ms).format("%Y-%m").to_string()
}

/// [`month_of`] as the domain's type, for the wire.
pub fn month_value(ms: i64) -> Result<Month, ApiError> {
    Month::of(local_date(ms)).ok_or_else(|| {
        ApiError::internal(anyhow::anyhow!("capture time {ms} outside years 0-9999"))
    })
}

/// Midnight at the start of `day` in Nantes, in Unix milliseconds. Midnight always exists
/// there (the clocks change at 02:00 and 03:00); should a rule ever put a change at midnight,
/// the first instant of the day is taken.
pub fn day_start_ms(day: NaiveDate) -> i64 {
    let midnight = day.and_time(NaiveTime::MIN);
    TIME_ZONE
        .from_local_datetime(&midnight)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or_else(|| DateTime::<Utc>::from_naive_utc_and_offset(midnight, Utc))
        .timestamp_millis()
}

/// `[from, to]` (days in Nantes) as a half-open range of milliseconds; `to` before `from` is
/// refused.
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

    const HOUR: i64 = 3600 * 1000;

    fn utc_ms(y: i32, m: u32, d: u32, h: u32, min: u32) -> i64 {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0)
            .unwrap()
            .timestamp_millis()
    }

    #[test]
    fn a_testimony_at_half_past_midnight_on_the_first_counts_in_that_month() {
        // Winter (UTC+1): 00:30 on 1 December in Nantes is 23:30 on 30 November in UTC.
        assert_eq!(month_of(utc_ms(2026, 11, 30, 23, 30)), "2026-12");
        assert_eq!(month_of(utc_ms(2026, 11, 30, 22, 59)), "2026-11");
        // Summer (UTC+2): 00:30 on 1 July is 22:30 on 30 June in UTC.
        assert_eq!(month_of(utc_ms(2026, 6, 30, 22, 30)), "2026-07");
        assert_eq!(month_of(utc_ms(2026, 6, 30, 21, 59)), "2026-06");
        // New year.
        assert_eq!(month_of(utc_ms(2025, 12, 31, 23, 0)), "2026-01");
        assert_eq!(
            month_value(utc_ms(2025, 12, 31, 23, 0)).unwrap(),
            Month::new(2026, 1).unwrap()
        );
    }

    #[test]
    fn days_start_at_midnight_in_nantes_and_last_23_to_25_hours() {
        let winter = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(day_start_ms(winter), utc_ms(2025, 12, 31, 23, 0));
        let summer = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        assert_eq!(day_start_ms(summer), utc_ms(2026, 6, 30, 22, 0));
        let (from, to) = day_range(Some(winter), Some(winter)).unwrap();
        assert_eq!(to.unwrap() - from.unwrap(), 24 * HOUR);
        // The clocks go forward on 29 March 2026 and back on 25 October 2026.
        let spring = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        let (from, to) = day_range(Some(spring), Some(spring)).unwrap();
        assert_eq!(to.unwrap() - from.unwrap(), 23 * HOUR);
        let autumn = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
        let (from, to) = day_range(Some(autumn), Some(autumn)).unwrap();
        assert_eq!(to.unwrap() - from.unwrap(), 25 * HOUR);
        assert!(day_range(winter.succ_opt(), Some(winter)).is_err());
    }
}
