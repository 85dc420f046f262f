//! The public page of a quartier (`/quartier/{slug}`, no sign-in): what its residents said, as
//! published to its council. Published figures only (the latest themes publication), and the
//! approved quotes whose authors agreed to be quoted, from the months that publication covers.
//! No identifier of anyone: no day, place, age or volunteer.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use portevoix_domain::wire::{CouncilAnswer, QuartierRef, Quote};

use super::{answers, quotes, snapshots};
use crate::db::schema::quartiers;
use crate::db::DbConnection;
use crate::error::ApiError;

/// Quotes shown on the page, newest first.
pub const PUBLIC_QUOTES: u64 = 6;

/// A theme residents named, with how many (published totals only, never under 11).
#[derive(Debug, Clone, PartialEq)]
pub struct SaidTheme {
    pub label: String,
    pub testimonies: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PublicQuartier {
    pub quartier: QuartierRef,
    /// The themes publication the page shows; `None`: nothing published yet.
    pub published_at: Option<DateTime<Utc>>,
    /// Most named first.
    pub themes: Vec<SaidTheme>,
    /// Some themes were named by fewer than 11 people: not shown, said in one sentence.
    pub hidden_themes: bool,
    pub quotes: Vec<Quote>,
    /// The council's approved answers, the latest of each theme, newest first.
    pub answers: Vec<CouncilAnswer>,
}

pub fn quartier_page(conn: &mut DbConnection, slug: &str) -> Result<PublicQuartier, ApiError> {
    let quartier = quartiers::table
        .filter(quartiers::slug.eq(slug))
        .select((quartiers::id, quartiers::slug, quartiers::name))
        .first::<(i64, String, String)>(conn)
        .optional()?
        .map(|(id, slug, name)| QuartierRef { id, slug, name })
        .ok_or(ApiError::NotFound("quartier"))?;
    let Some(snapshot) = snapshots::latest_themes(conn, quartier.id)? else {
        let answers = answers::approved_for(conn, quartier.id)?;
        return Ok(PublicQuartier {
            answers,
            quartier,
            published_at: None,
            themes: Vec::new(),
            hidden_themes: false,
            quotes: Vec::new(),
        });
    };
    let published = snapshot.themes()?;
    let mut themes: Vec<SaidTheme> = published
        .themes
        .iter()
        .filter_map(|t| {
            t.total
                .count
                .filter(|n| *n > 0)
                .map(|testimonies| SaidTheme {
                    label: t.label.clone(),
                    testimonies,
                })
        })
        .collect();
    themes.sort_by(|a, b| {
        b.testimonies
            .cmp(&a.testimonies)
            .then(a.label.cmp(&b.label))
    });
    let hidden_themes = published.themes.iter().any(|t| t.total.count.is_none());
    let quotes = match published.months.last() {
        Some(last) => {
            let filter = quotes::QuoteFilter {
                to: Some(last.to_string()),
                limit: Some(PUBLIC_QUOTES),
                ..quotes::QuoteFilter::default()
            };
            quotes::quotes_for(conn, quartier.clone(), &filter)?.items
        }
        None => Vec::new(),
    };
    let answers = answers::approved_for(conn, quartier.id)?;
    Ok(PublicQuartier {
        answers,
        quartier,
        published_at: published.published_at,
        themes,
        hidden_themes,
        quotes,
    })
}
