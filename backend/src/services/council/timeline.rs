//! Themes over time for councils: approved testimonies per theme and month in one quartier,
//! from `tally_themes`. Each theme's line is protected over its whole history and then cut to
//! the period asked for, so two periods never differ by a hidden cell.

use std::collections::HashMap;

use diesel::prelude::*;
use portevoix_domain::month::Month;
use portevoix_domain::suppression;
use portevoix_domain::wire::{Figure, QuartierRef, ThemeSeries, ThemesOverTime};

use crate::db::schema::{tally_themes, themes};
use crate::db::DbConnection;
use crate::error::ApiError;

/// A `from`/`to`/`month` parameter read as a [`Month`], or a 400 naming it.
pub fn parse_month(value: &str, field: &str) -> Result<Month, ApiError> {
    Month::parse(value).map_err(|e| {
        ApiError::bad_request(
            "invalid_month",
            format!("{field} : {e}"),
            Some(field.to_owned()),
        )
    })
}

/// A month read back from a tally row: written by the server, so a bad one is a fault to report
/// (with the text found), never a month to guess.
pub fn stored_month(value: &str) -> Result<Month, ApiError> {
    Month::parse(value)
        .map_err(|e| ApiError::internal(anyhow::anyhow!("stored month {value:?}: {e}")))
}

pub fn current_month() -> Month {
    Month::of(crate::services::period::today()).unwrap_or(Month::MAX)
}

/// Checks `from`/`to` months and returns the inclusive window.
pub fn month_window(
    from: Option<&str>,
    to: Option<&str>,
) -> Result<(Option<Month>, Option<Month>), ApiError> {
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

/// Start of a month in Nantes (`Europe/Paris`), in Unix milliseconds.
pub fn month_start_ms(month: Month) -> i64 {
    crate::services::period::day_start_ms(month.first_day())
}

/// Approved testimonies of one quartier per theme and month, every month since the first.
pub fn theme_months(
    conn: &mut DbConnection,
    quartier_id: i64,
) -> Result<HashMap<String, HashMap<Month, u64>>, ApiError> {
    let mut by_theme: HashMap<String, HashMap<Month, u64>> = HashMap::new();
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
            .insert(stored_month(&month)?, n.max(0) as u64);
    }
    Ok(by_theme)
}

pub fn themes_for(
    conn: &mut DbConnection,
    quartier: QuartierRef,
    window: (Option<Month>, Option<Month>),
) -> Result<ThemesOverTime, ApiError> {
    let data = theme_months(conn, quartier.id)?;
    let now = current_month();
    let first = data
        .values()
        .flat_map(|m| m.keys())
        .min()
        .copied()
        .unwrap_or(now);
    let all_months = first.through(now.max(first));
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
        months: keep.iter().map(|&i| all_months[i]).collect(),
        themes: series,
        published_at: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_parameters_are_named_when_refused() {
        assert_eq!(
            parse_month("2026-03", "from").unwrap().to_string(),
            "2026-03"
        );
        for bad in ["2026-13", "2026-1", "2026-03-01", ""] {
            assert!(
                matches!(
                    parse_month(bad, "to"),
                    Err(ApiError::BadRequest { code: "invalid_month", field: Some(ref f), .. }) if f == "to"
                ),
                "{bad}"
            );
        }
        assert!(month_window(Some("2026-03"), Some("2026-02")).is_err());
        assert!(stored_month("2026-3").is_err());
    }
}
