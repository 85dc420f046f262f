//! Themes over time for councils: approved testimonies per theme and month in one quartier,
//! from `tally_themes`. Each theme's line is protected over its whole history and then cut to
//! the period asked for, so two periods never differ by a hidden cell.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, Utc};
use diesel::prelude::*;
use portevoix_domain::suppression;
use portevoix_domain::wire::{Figure, QuartierRef, ThemeSeries, ThemesOverTime};

use crate::auth::AuthUser;
use crate::db::schema::{tally_themes, themes};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::services::dashboards::scope;

/// `YYYY-MM` checked.
pub fn parse_month(value: &str, field: &str) -> Result<String, ApiError> {
    NaiveDate::parse_from_str(&format!("{value}-01"), "%Y-%m-%d")
        .ok()
        .filter(|_| value.len() == 7)
        .map(|_| value.to_owned())
        .ok_or_else(|| {
            ApiError::bad_request(
                "invalid_month",
                format!("{field} : mois attendu au format AAAA-MM"),
                Some(field.to_owned()),
            )
        })
}

pub fn current_month() -> String {
    Utc::now().format("%Y-%m").to_string()
}

/// Every month from `first` to `last`, both included.
pub fn months_between(first: &str, last: &str) -> Vec<String> {
    let mut months = Vec::new();
    let mut month = first.to_owned();
    while month.as_str() <= last && months.len() < 1200 {
        let next = next_month(&month);
        months.push(month);
        match next {
            Some(next) => month = next,
            None => break,
        }
    }
    months
}

/// The month `n` months before `month` (`YYYY-MM`).
pub fn months_before(month: &str, n: u32) -> String {
    let year: i32 = month.get(..4).and_then(|y| y.parse().ok()).unwrap_or(2000);
    let m: i32 = month.get(5..7).and_then(|m| m.parse().ok()).unwrap_or(1);
    let index = year * 12 + (m - 1) - n as i32;
    format!(
        "{:04}-{:02}",
        index.div_euclid(12),
        index.rem_euclid(12) + 1
    )
}

/// Checks `from`/`to` months and returns the inclusive window.
pub fn month_window(
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(Option<String>, Option<String>), ApiError> {
    let from = from.map(|m| parse_month(m, "from")).transpose()?;
    let to = to.map(|m| parse_month(m, "to")).transpose()?;
    if let (Some(f), Some(t)) = (&from, &to) {
        if t < f {
            return Err(ApiError::validation(
                "invalid_range",
                "le mois de fin précède le mois de début",
                Some("to".into()),
            ));
        }
    }
    Ok((from, to))
}

/// Start of a `YYYY-MM` month in Unix milliseconds (UTC).
pub fn month_start_ms(month: &str) -> Option<i64> {
    NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .ok()
        .map(crate::services::moderation::day_start_ms)
}

pub fn next_month(month: &str) -> Option<String> {
    let day = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
    let next = if day.month() == 12 {
        NaiveDate::from_ymd_opt(day.year() + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(day.year(), day.month() + 1, 1)?
    };
    Some(next.format("%Y-%m").to_string())
}

/// Approved testimonies of one quartier per theme and month, every month since the first.
pub fn theme_months(
    conn: &mut DbConnection,
    quartier_id: i64,
) -> Result<HashMap<String, HashMap<String, u64>>, ApiError> {
    let mut by_theme: HashMap<String, HashMap<String, u64>> = HashMap::new();
    for (theme, month, n) in tally_themes::table
        .filter(tally_themes::quartier_id.eq(quartier_id))
        .select((
            tally_themes::theme_code,
            tally_themes::month,
            tally_themes::testimonies,
        ))
        .load::<(String, String, i64)>(conn)?
    {
        by_theme
            .entry(theme)
            .or_default()
            .insert(month, n.max(0) as u64);
    }
    Ok(by_theme)
}

pub fn themes_for(
    conn: &mut DbConnection,
    quartier: QuartierRef,
    window: (Option<String>, Option<String>),
) -> Result<ThemesOverTime, ApiError> {
    let data = theme_months(conn, quartier.id)?;
    let now = current_month();
    let first = data
        .values()
        .flat_map(|m| m.keys())
        .min()
        .cloned()
        .unwrap_or_else(|| now.clone());
    let all_months = months_between(&first, &now.clone().max(first.clone()));
    let keep: Vec<usize> = all_months
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            window.0.as_ref().is_none_or(|f| *m >= f) && window.1.as_ref().is_none_or(|t| *m <= t)
        })
        .map(|(i, _)| i)
        .collect();
    let all: Vec<(String, String, bool)> = themes::table
        .order(themes::position)
        .select((themes::code, themes::label, themes::retired))
        .load(conn)?;
    let series = all
        .into_iter()
        .filter(|(code, _, retired)| !retired || data.contains_key(code))
        .map(|(code, label, retired)| {
            let values: Vec<u64> = all_months
                .iter()
                .map(|m| data.get(&code).and_then(|d| d.get(m)).copied().unwrap_or(0))
                .collect();
            // Protected over the whole history, then cut to the window: the same cells are
            // hidden whatever period is asked for.
            let line = suppression::suppress_line(&values);
            ThemeSeries {
                total: Figure::new(line.total, None),
                months: keep
                    .iter()
                    .map(|&i| Figure::new(line.cells[i], None))
                    .collect(),
                code,
                label,
                retired,
            }
        })
        .collect();
    Ok(ThemesOverTime {
        quartier,
        months: keep.iter().map(|&i| all_months[i].clone()).collect(),
        themes: series,
    })
}

/// `GET /api/v1/council/themes?quartier_id=&from=&to=`.
pub fn themes_over_time(
    conn: &mut DbConnection,
    actor: &AuthUser,
    council: Option<i64>,
    quartier_id: i64,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<ThemesOverTime, ApiError> {
    let window = month_window(from, to)?;
    let scope = scope(conn, actor, council)?;
    let quartier = scope.quartier(conn, quartier_id)?;
    themes_for(conn, quartier, window)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_run_across_years() {
        assert_eq!(
            months_between("2025-11", "2026-02"),
            ["2025-11", "2025-12", "2026-01", "2026-02"]
        );
        assert_eq!(months_between("2026-02", "2026-02"), ["2026-02"]);
        assert!(months_between("2026-03", "2026-02").is_empty());
        assert!(parse_month("2026-13", "from").is_err());
        assert!(parse_month("2026-1", "from").is_err());
        assert_eq!(next_month("2026-12").as_deref(), Some("2027-01"));
        assert_eq!(months_before("2026-03", 11), "2025-04");
        assert_eq!(months_before("2026-01", 1), "2025-12");
    }
}
