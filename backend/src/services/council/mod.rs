//! The council views (`routes/council.rs`): what councils read about their quartiers. This
//! module checks who may see which council ([`scope`]) and answers each route; the figures come
//! from [`dashboards`] (survey results), [`timeline`] (themes over time) and [`quotes`], which
//! know nothing of callers or scopes: the dependency goes from here down, never back.
//! Councils read publications only ([`snapshots`], made by coordinators through
//! `services::publications`), never the running tallies: two looks a day apart must not give
//! one interview away. Every published figure went through small-cell protection.
//!
//! Rules enforced here, for every endpoint:
//! - a council member sees only their own council's quartiers (another quartier: 403; unknown:
//!   404); coordinators may preview any council by naming it;
//! - statistics are published per quartier only (never summed over a council's quartiers: a sum
//!   minus a quartier's published figures would reveal another quartier's hidden ones), and each
//!   line is protected over its whole history, so that changing the period cannot reveal a cell;
//! - quotes are approved, consented (`quote`), redacted testimonies from a quartier-month with at
//!   least 11 approved testimonies; they carry the month, never the day, place, age or volunteer.

pub mod answers;
pub mod dashboards;
pub mod public;
pub mod quotes;
pub mod snapshots;
pub mod timeline;

use chrono::Utc;
use diesel::prelude::*;
use portevoix_domain::month::Month;
use portevoix_domain::wire::{
    CouncilHome, CouncilReport, QuartierCount, QuartierRef, QuotePage, Role, SurveyResults,
    SurveySummary, ThemesOverTime,
};

use crate::auth::AuthUser;
use crate::db::schema::{council_quartiers, councils, quartiers};
use crate::db::DbConnection;
use crate::error::ApiError;
use quotes::QuoteFilter;

pub const HOME_SURVEYS: i64 = 20;
pub const REPORT_SURVEYS: usize = 3;
pub const REPORT_THEMES: usize = 4;
pub const REPORT_QUOTES_PER_THEME: u64 = 3;

/// The council a call is about, and its quartiers.
pub struct Scope {
    pub council_id: i64,
    pub council_name: String,
    pub quartiers: Vec<QuartierRef>,
}

impl Scope {
    /// A quartier of this council; another council's is forbidden, an unknown one not found.
    pub fn quartier(&self, conn: &mut DbConnection, id: i64) -> Result<QuartierRef, ApiError> {
        if let Some(q) = self.quartiers.iter().find(|q| q.id == id) {
            return Ok(q.clone());
        }
        let exists: i64 = quartiers::table.find(id).count().get_result(conn)?;
        if exists == 0 {
            Err(ApiError::NotFound("quartier"))
        } else {
            Err(ApiError::Forbidden(
                "ce quartier ne relève pas de votre conseil citoyen".into(),
            ))
        }
    }
}

/// Council members get their own council (naming another is forbidden); coordinators and
/// administrators name the council they preview; volunteers have no access.
pub fn scope(
    conn: &mut DbConnection,
    actor: &AuthUser,
    council: Option<i64>,
) -> Result<Scope, ApiError> {
    let council_id = match actor.role {
        Role::CouncilMember => {
            let own = actor.council_id.ok_or_else(|| {
                ApiError::Forbidden("ce compte n'est rattaché à aucun conseil citoyen".into())
            })?;
            if council.is_some_and(|c| c != own) {
                return Err(ApiError::Forbidden(
                    "vous ne pouvez consulter que votre conseil citoyen".into(),
                ));
            }
            own
        }
        Role::Admin | Role::Coordinator => council.ok_or_else(|| {
            ApiError::validation(
                "council_required",
                "précisez le conseil citoyen (council_id)",
                Some("council_id".into()),
            )
        })?,
        Role::Volunteer => return Err(ApiError::forbidden()),
    };
    let council_name: String = councils::table
        .find(council_id)
        .select(councils::name)
        .first(conn)
        .optional()?
        .ok_or(ApiError::NotFound("conseil"))?;
    let quartiers = council_quartiers::table
        .inner_join(quartiers::table)
        .filter(council_quartiers::council_id.eq(council_id))
        .order(quartiers::name)
        .select((quartiers::id, quartiers::slug, quartiers::name))
        .load::<(i64, String, String)>(conn)?
        .into_iter()
        .map(|(id, slug, name)| QuartierRef { id, slug, name })
        .collect();
    Ok(Scope {
        council_id,
        council_name,
        quartiers,
    })
}

/// `GET /api/v1/council/home`: the surveys published to this council, with how many answered
/// in each quartier as published.
pub fn home(
    conn: &mut DbConnection,
    actor: &AuthUser,
    council: Option<i64>,
) -> Result<CouncilHome, ApiError> {
    let scope = scope(conn, actor, council)?;
    let ids: Vec<i64> = scope.quartiers.iter().map(|q| q.id).collect();
    let mut surveys: Vec<SurveySummary> = Vec::new();
    for snapshot in snapshots::latest_surveys_in(conn, &ids)? {
        let results = snapshot.survey_results()?;
        let count = QuartierCount {
            quartier_id: snapshot.quartier_id,
            responses: results.responses.clone(),
        };
        if let Some(summary) = surveys
            .iter_mut()
            .find(|s| s.survey_version_id == results.survey_version_id)
        {
            summary.quartiers.push(count);
            continue;
        }
        if surveys.len() >= HOME_SURVEYS as usize {
            continue;
        }
        let info = dashboards::version_info(conn, results.survey_version_id)?;
        surveys.push(SurveySummary {
            survey_id: info.survey_id,
            survey_version_id: info.version_id,
            version: info.version,
            title: results.title,
            status: info.status,
            published_at: crate::clock::to_datetime(info.published_at),
            quartiers: vec![count],
        });
    }
    for summary in &mut surveys {
        summary.quartiers.sort_by_key(|c| {
            ids.iter()
                .position(|id| *id == c.quartier_id)
                .unwrap_or(usize::MAX)
        });
    }
    Ok(CouncilHome {
        council_id: scope.council_id,
        council_name: scope.council_name,
        quartiers: scope.quartiers,
        surveys,
        themes: dashboards::active_themes(conn)?,
    })
}

/// `GET /api/v1/council/surveys/{version_id}/results?quartier_id=`: the latest publication of
/// these results; never the running tallies.
pub fn results(
    conn: &mut DbConnection,
    actor: &AuthUser,
    council: Option<i64>,
    version_id: i64,
    quartier_id: i64,
) -> Result<SurveyResults, ApiError> {
    let scope = scope(conn, actor, council)?;
    let quartier = scope.quartier(conn, quartier_id)?;
    snapshots::latest_survey(conn, version_id, quartier.id)?
        .ok_or(ApiError::NotFound("publication"))?
        .survey_results()
}

/// The latest themes publication of a quartier cut to a window; none yet: no month, no theme.
fn published_themes(
    conn: &mut DbConnection,
    quartier: QuartierRef,
    window: (Option<Month>, Option<Month>),
) -> Result<ThemesOverTime, ApiError> {
    match snapshots::latest_themes(conn, quartier.id)? {
        Some(snapshot) => Ok(snapshots::cut_to_window(snapshot.themes()?, window)),
        None => Ok(ThemesOverTime {
            quartier,
            months: Vec::new(),
            themes: Vec::new(),
            published_at: None,
        }),
    }
}

/// `GET /api/v1/council/themes?quartier_id=&from=&to=`: from the latest publication.
pub fn themes_over_time(
    conn: &mut DbConnection,
    actor: &AuthUser,
    council: Option<i64>,
    quartier_id: i64,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<ThemesOverTime, ApiError> {
    let window = timeline::month_window(from, to)?;
    let scope = scope(conn, actor, council)?;
    let quartier = scope.quartier(conn, quartier_id)?;
    published_themes(conn, quartier, window)
}

/// Quotes come only from months a themes publication covers: none published, none quoted.
fn quote_filter_within_publication(
    conn: &mut DbConnection,
    quartier_id: i64,
    mut filter: QuoteFilter,
) -> Result<Option<QuoteFilter>, ApiError> {
    let Some(snapshot) = snapshots::latest_themes(conn, quartier_id)? else {
        return Ok(None);
    };
    let Some(last) = snapshot.themes()?.months.last().copied() else {
        return Ok(None);
    };
    let asked = filter
        .to
        .as_deref()
        .map(|m| timeline::parse_month(m, "to"))
        .transpose()?;
    filter.to = Some(asked.map_or(last, |m| m.min(last)).to_string());
    Ok(Some(filter))
}

/// `GET /api/v1/council/quotes?quartier_id=&theme=&q=&from=&to=`.
pub fn quotes(
    conn: &mut DbConnection,
    actor: &AuthUser,
    council: Option<i64>,
    quartier_id: i64,
    filter: QuoteFilter,
) -> Result<QuotePage, ApiError> {
    let scope = scope(conn, actor, council)?;
    let quartier = scope.quartier(conn, quartier_id)?;
    let limit = filter.limit;
    let offset = filter.offset;
    match quote_filter_within_publication(conn, quartier.id, filter)? {
        Some(filter) => quotes::quotes_for(conn, quartier, &filter),
        None => Ok(QuotePage {
            quartier,
            items: Vec::new(),
            has_more: false,
            offset,
            limit: limit.unwrap_or(quotes::DEFAULT_QUOTES),
        }),
    }
}
/// `GET /api/v1/council/report?quartier_id=`: the printable page set for a council meeting.
/// What a council chose for its printable report (all optional).
#[derive(Debug, Default)]
pub struct ReportChoice {
    pub from: Option<String>,
    pub to: Option<String>,
    /// Comma-separated theme codes.
    pub themes: Option<String>,
}

/// The report's period: `from`..=`to`, twelve months unless both ends are given.
fn report_period(choice: &ReportChoice) -> Result<(Month, Month), ApiError> {
    let (from, to) = timeline::month_window(choice.from.as_deref(), choice.to.as_deref())?;
    let now = timeline::current_month();
    Ok(match (from, to) {
        (Some(from), Some(to)) => (from, to),
        (Some(from), None) => (from, from.plus(11).min(now.max(from))),
        (None, Some(to)) => (to.minus(11), to),
        (None, None) => (now.minus(11), now),
    })
}

/// The chosen theme codes, each one known, in the order given; none chosen: `None`.
fn chosen_themes(
    choice: &ReportChoice,
    themes: &ThemesOverTime,
) -> Result<Option<Vec<String>>, ApiError> {
    let Some(list) = choice
        .themes
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    else {
        return Ok(None);
    };
    let mut codes: Vec<String> = Vec::new();
    for code in list.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        if themes.published_at.is_some() && !themes.themes.iter().any(|t| t.code == code) {
            return Err(ApiError::validation(
                "unknown_theme",
                format!("thème inconnu : {code}"),
                Some("themes".into()),
            ));
        }
        if !codes.iter().any(|c| c == code) {
            codes.push(code.to_owned());
        }
    }
    Ok(Some(codes))
}

pub fn report(
    conn: &mut DbConnection,
    actor: &AuthUser,
    council: Option<i64>,
    quartier_id: i64,
    choice: ReportChoice,
) -> Result<CouncilReport, ApiError> {
    let scope = scope(conn, actor, council)?;
    let quartier = scope.quartier(conn, quartier_id)?;
    let (from, to) = report_period(&choice)?;
    let surveys = snapshots::latest_surveys_in(conn, &[quartier.id])?
        .iter()
        .take(REPORT_SURVEYS)
        .map(snapshots::Snapshot::survey_results)
        .collect::<Result<Vec<_>, _>>()?;
    let mut themes = published_themes(conn, quartier.clone(), (Some(from), Some(to)))?;
    let chosen = chosen_themes(&choice, &themes)?;
    let quoted: Vec<String> = match &chosen {
        Some(codes) => {
            themes.themes.retain(|t| codes.contains(&t.code));
            codes.clone()
        }
        None => {
            // Ranked by published totals only: hidden ones must not leak through the order.
            let mut ranked: Vec<(u64, String)> = themes
                .themes
                .iter()
                .filter_map(|t| {
                    t.total
                        .count
                        .filter(|n| *n > 0)
                        .map(|n| (n, t.code.clone()))
                })
                .collect();
            ranked.sort_by(|a, b| b.cmp(a));
            ranked
                .into_iter()
                .take(REPORT_THEMES)
                .map(|(_, code)| code)
                .collect()
        }
    };
    let period = |limit: u64, theme: Option<String>| quotes::QuoteFilter {
        theme,
        from: Some(from.to_string()),
        to: Some(to.to_string()),
        limit: Some(limit),
        ..quotes::QuoteFilter::default()
    };
    let mut quotes = Vec::new();
    let within = |conn: &mut DbConnection, filter| {
        quote_filter_within_publication(conn, quartier.id, filter)
    };
    for code in quoted {
        let Some(filter) = within(conn, period(REPORT_QUOTES_PER_THEME, Some(code)))? else {
            continue;
        };
        let page = quotes::quotes_for(conn, quartier.clone(), &filter)?;
        for quote in page.items {
            if !quotes.contains(&quote) {
                quotes.push(quote);
            }
        }
    }
    // Where no theme has a published total (each under 11), the quotes the council home shows
    // still belong in the report: the latest ones of the period, as many as the themes could
    // have given. Not when the council chose its themes: then the report keeps to them.
    let wanted = REPORT_THEMES * REPORT_QUOTES_PER_THEME as usize;
    if quotes.is_empty() && chosen.is_none() {
        if let Some(filter) = within(conn, period(wanted as u64, None))? {
            quotes = quotes::quotes_for(conn, quartier.clone(), &filter)?.items;
        }
    }
    Ok(CouncilReport {
        council_name: scope.council_name,
        quartier,
        from,
        to,
        generated_at: Utc::now(),
        surveys,
        themes,
        quotes,
    })
}
