//! Emerging topics for coordinators: words of a quartier's testimonies whose use rises from one
//! period to the next and that no theme of the stored codebook covers yet.

use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;
use portevoix_domain::analysis::{EmergingOptions, TermCounts};
use portevoix_domain::month::Month;
use portevoix_domain::wire::{EmergingTopics, ModerationStatus, Period, PeriodSpan};

use crate::auth::AuthUser;
use crate::db::schema::{quartiers, testimonies};
use crate::db::{DbConnection, Stored};
use crate::error::ApiError;
use crate::services::analysis;
use crate::services::period::day_start_ms;

const PAGE: i64 = 1000;

/// What the coordinator asks for, as parsed from the query string.
#[derive(Debug, Clone)]
pub struct Request {
    pub quartier_id: Option<i64>,
    pub period: Period,
    /// `YYYY-MM`: a month of the current period; default the current month.
    pub date: Option<String>,
    pub min_texts: Option<u32>,
    pub limit: Option<usize>,
}

fn bad_query(field: &str, message: &str) -> ApiError {
    ApiError::bad_request("invalid_query", message, Some(field.to_owned()))
}

/// First day of the month named `YYYY-MM`.
pub fn parse_month(value: &str) -> Result<NaiveDate, ApiError> {
    Month::parse(value.trim())
        .ok()
        .filter(|m| (2000..=2200).contains(&m.year()))
        .map(Month::first_day)
        .ok_or_else(|| bad_query("date", "date : un mois au format AAAA-MM"))
}

fn add_months(day: NaiveDate, months: i32) -> NaiveDate {
    let index = day.year() * 12 + day.month0() as i32 + months;
    let (year, month0) = (index.div_euclid(12), index.rem_euclid(12));
    NaiveDate::from_ymd_opt(year, month0 as u32 + 1, 1).unwrap_or(day)
}

/// The current period containing `month` and the one before it, as `[from, to)` days.
pub fn periods(
    period: Period,
    month: NaiveDate,
) -> ((NaiveDate, NaiveDate), (NaiveDate, NaiveDate)) {
    let (start, length) = match period {
        Period::Month => (add_months(month, 0), 1),
        Period::Quarter => (add_months(month, -((month.month0() % 3) as i32)), 3),
    };
    let end = add_months(start, length);
    let previous = add_months(start, -length);
    ((start, end), (previous, start))
}

/// Counts the words of every testimony (rejected ones aside) captured in `[from, to)`.
fn count(
    conn: &mut DbConnection,
    quartier_id: Option<i64>,
    (from, to): (NaiveDate, NaiveDate),
) -> Result<TermCounts, ApiError> {
    let mut counts = TermCounts::default();
    let mut after = String::new();
    loop {
        let mut query = testimonies::table
            .filter(testimonies::captured_at.ge(day_start_ms(from)))
            .filter(testimonies::captured_at.lt(day_start_ms(to)))
            .filter(testimonies::status.ne(Stored(ModerationStatus::Rejected)))
            .filter(testimonies::id.gt(&after))
            .select((testimonies::id, testimonies::text))
            .order(testimonies::id)
            .limit(PAGE)
            .into_boxed();
        if let Some(quartier) = quartier_id {
            query = query.filter(testimonies::quartier_id.eq(quartier));
        }
        let page: Vec<(String, String)> = query.load(conn)?;
        for (_, text) in &page {
            // The raw words: `add_text` itself leaves personal data out of the counts.
            counts.add_text(text);
        }
        match page.last() {
            Some((id, _)) if page.len() as i64 == PAGE => after = id.clone(),
            _ => return Ok(counts),
        }
    }
}

pub fn emerging(
    conn: &mut DbConnection,
    actor: &AuthUser,
    request: Request,
) -> Result<EmergingTopics, ApiError> {
    actor.require_staff()?;
    let month = match &request.date {
        Some(date) => parse_month(date)?,
        None => {
            let today = crate::services::period::today();
            NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today)
        }
    };
    let defaults = EmergingOptions::default();
    let options = EmergingOptions {
        min_texts: request.min_texts.unwrap_or(defaults.min_texts),
        limit: request.limit.unwrap_or(defaults.limit),
        ..defaults
    };
    if !(1..=1000).contains(&options.min_texts) {
        return Err(bad_query("min_texts", "min_texts : entre 1 et 1000"));
    }
    if !(1..=100).contains(&options.limit) {
        return Err(bad_query("limit", "limit : entre 1 et 100"));
    }
    if let Some(id) = request.quartier_id {
        let known: i64 = quartiers::table.find(id).count().get_result(conn)?;
        if known == 0 {
            return Err(ApiError::NotFound("quartier"));
        }
    }
    let (current_span, previous_span) = periods(request.period, month);
    let current = count(conn, request.quartier_id, current_span)?;
    let previous = count(conn, request.quartier_id, previous_span)?;
    let terms = analysis::analyzer(conn)?.emerging_terms(&current, &previous, &options);
    Ok(EmergingTopics {
        quartier_id: request.quartier_id,
        period: request.period,
        current: PeriodSpan {
            from: current_span.0,
            to: current_span.1,
            testimonies: current.texts,
        },
        previous: PeriodSpan {
            from: previous_span.0,
            to: previous_span.1,
            testimonies: previous.texts,
        },
        terms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, 1).unwrap()
    }

    #[test]
    fn months_and_quarters_and_the_period_before() {
        assert_eq!(
            periods(Period::Month, day(2026, 1)),
            ((day(2026, 1), day(2026, 2)), (day(2025, 12), day(2026, 1)))
        );
        assert_eq!(
            periods(Period::Quarter, day(2026, 5)),
            ((day(2026, 4), day(2026, 7)), (day(2026, 1), day(2026, 4)))
        );
        assert_eq!(
            periods(Period::Quarter, day(2026, 2)),
            ((day(2026, 1), day(2026, 4)), (day(2025, 10), day(2026, 1)))
        );
    }

    #[test]
    fn months_are_parsed_strictly() {
        assert_eq!(parse_month("2026-03").unwrap(), day(2026, 3));
        for bad in [
            "2026-13", "2026-3", "26-03", "2026/03", "", "abcd-ef", "1500-01",
        ] {
            assert!(parse_month(bad).is_err(), "{bad}");
        }
    }
}
