//! Quotes for councils: approved testimonies whose resident agreed to be quoted, redacted,
//! from a quartier-month ("collecte") with at least 11 approved testimonies, so that a quote
//! always hides among at least 11 people heard. A quote carries its month and themes only.

use std::collections::HashMap;

use diesel::prelude::*;
use portevoix_domain::month::Month;
use portevoix_domain::search::SearchKey;
use portevoix_domain::suppression::THRESHOLD;
use portevoix_domain::wire::{Consent, ModerationStatus, QuartierRef, Quote, QuotePage, ThemeRef};

use super::timeline::{month_start_ms, month_window, stored_month};
use crate::db::schema::{tally_testimonies, testimonies, testimony_themes, themes};
use crate::db::{DbConnection, Stored};
use crate::error::ApiError;
use crate::services::paging::check_limit;
use crate::services::period::month_value;

pub const DEFAULT_QUOTES: u64 = 20;
pub const MAX_QUOTES: u64 = 50;

type Backend = <DbConnection as diesel::Connection>::Backend;

/// Filters of the quotes endpoint.
#[derive(Debug, Clone, Default)]
pub struct QuoteFilter {
    pub theme: Option<String>,
    pub search: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<u64>,
    pub offset: u64,
}

/// Months of a quartier whose approved testimonies reach the threshold, merged into ranges.
fn quotable_ranges(
    conn: &mut DbConnection,
    quartier_id: i64,
    window: &(Option<Month>, Option<Month>),
) -> Result<Vec<(i64, i64)>, ApiError> {
    let mut months = tally_testimonies::table
        .filter(tally_testimonies::quartier_id.eq(quartier_id))
        .filter(tally_testimonies::testimonies.ge(THRESHOLD as i64))
        .select(tally_testimonies::month)
        .load::<String>(conn)?
        .iter()
        .map(|m| stored_month(m))
        .collect::<Result<Vec<Month>, ApiError>>()?;
    months.retain(|m| {
        window.0.as_ref().is_none_or(|f| m >= f) && window.1.as_ref().is_none_or(|t| m <= t)
    });
    months.sort();
    let mut ranges: Vec<(i64, i64)> = Vec::new();
    for month in months {
        let start = month_start_ms(month);
        let Some(end) = month.next().map(month_start_ms) else {
            continue;
        };
        match ranges.last_mut() {
            Some(last) if last.1 == start => last.1 = end,
            _ => ranges.push((start, end)),
        }
    }
    Ok(ranges)
}

pub fn quotes_for(
    conn: &mut DbConnection,
    quartier: QuartierRef,
    filter: &QuoteFilter,
) -> Result<QuotePage, ApiError> {
    let limit = check_limit(filter.limit, DEFAULT_QUOTES, MAX_QUOTES)?;
    let window = month_window(filter.from.as_deref(), filter.to.as_deref())?;
    let ranges = quotable_ranges(conn, quartier.id, &window)?;
    let empty = QuotePage {
        quartier: quartier.clone(),
        items: Vec::new(),
        has_more: false,
        offset: filter.offset,
        limit,
    };
    if ranges.is_empty() {
        return Ok(empty);
    }
    let mut in_ranges: Box<
        dyn BoxableExpression<testimonies::table, Backend, SqlType = diesel::sql_types::Bool>,
    > = Box::new(diesel::dsl::sql::<diesel::sql_types::Bool>("1 = 0"));
    for (start, end) in ranges {
        in_ranges = Box::new(
            in_ranges.or(testimonies::captured_at
                .ge(start)
                .and(testimonies::captured_at.lt(end))),
        );
    }
    let mut query = testimonies::table
        .filter(testimonies::quartier_id.eq(quartier.id))
        .filter(testimonies::status.eq(Stored(ModerationStatus::Approved)))
        .filter(testimonies::consent.eq(Stored(Consent::Quote)))
        .filter(in_ranges)
        .into_boxed::<Backend>();
    if let Some(theme) = &filter.theme {
        query = query.filter(
            testimonies::id.eq_any(
                testimony_themes::table
                    .filter(testimony_themes::theme_code.eq(theme.clone()))
                    .select(testimony_themes::testimony_id),
            ),
        );
    }
    let order = (testimonies::captured_at.desc(), testimonies::id.desc());
    let columns = (
        testimonies::id,
        testimonies::redacted_text,
        testimonies::captured_at,
    );
    let offset = usize::try_from(filter.offset).unwrap_or(usize::MAX);
    let rows: Vec<(String, String, i64)> = match filter.search.as_deref().and_then(SearchKey::new) {
        None => query
            .order(order)
            .limit(limit as i64 + 1)
            .offset(i64::try_from(filter.offset).unwrap_or(i64::MAX))
            .select(columns)
            .load(conn)?,
        // Searched here, not in SQL: neither backend's `lower`/`LIKE` folds accents (and
        // SQLite's folds no case beyond ASCII), and a resident types `pediatre` for `pédiatre`.
        // What is read is one quartier's quotable texts of the chosen months.
        Some(key) => query
            .order(order)
            .select(columns)
            .load::<(String, String, i64)>(conn)?
            .into_iter()
            .filter(|(_, text, _)| key.found_in(text))
            .skip(offset)
            .take(limit as usize + 1)
            .collect(),
    };
    let has_more = rows.len() as u64 > limit;
    let rows: Vec<_> = rows.into_iter().take(limit as usize).collect();
    let ids: Vec<&String> = rows.iter().map(|(id, ..)| id).collect();
    let mut themes_of: HashMap<String, Vec<ThemeRef>> = HashMap::new();
    for (id, code, label) in testimony_themes::table
        .inner_join(themes::table.on(themes::code.eq(testimony_themes::theme_code)))
        .filter(testimony_themes::testimony_id.eq_any(&ids))
        .order(themes::position)
        .select((testimony_themes::testimony_id, themes::code, themes::label))
        .load::<(String, String, String)>(conn)?
    {
        themes_of
            .entry(id)
            .or_default()
            .push(ThemeRef { code, label });
    }
    Ok(QuotePage {
        items: rows
            .into_iter()
            .map(|(id, text, at)| {
                Ok(Quote {
                    text,
                    month: month_value(at)?,
                    themes: themes_of.remove(&id).unwrap_or_default(),
                })
            })
            .collect::<Result<_, ApiError>>()?,
        has_more,
        ..empty
    })
}
