//! What councils read: their quartiers' survey results, themes over time, approved quotes and
//! the printable report. Aggregates come from the running tallies only (a handful of rows per
//! call, whatever the number of answers), and every figure goes through small-cell protection.
//!
//! Rules enforced here, for every endpoint:
//! - a council member sees only their own council's quartiers (another quartier: 403; unknown:
//!   404); coordinators may preview any council by naming it;
//! - statistics are published per quartier only (never summed over a council's quartiers: a sum
//!   minus a quartier's published figures would reveal another quartier's hidden ones), and each
//!   line is protected over its whole history, so that changing the period cannot reveal a cell;
//! - quotes are approved, consented (`quote`), redacted testimonies from a quartier-month with at
//!   least 11 approved testimonies; they carry the month, never the day, place, age or volunteer.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, Utc};
use diesel::prelude::*;
use portevoix_domain::suppression::{self, THRESHOLD};
use portevoix_domain::survey::{QuestionKind, SurveyDefinition};
use portevoix_domain::wire::{
    CouncilHome, CouncilReport, Figure, OptionResult, QuartierCount, QuartierRef, QuestionResult,
    Quote, QuotePage, Role, SurveyResults, SurveySummary, ThemeRef, ThemeSeries, ThemesOverTime,
};

use crate::auth::AuthUser;
use crate::clock::to_datetime;
use crate::db::schema::{
    council_quartiers, councils, quartiers, survey_quartiers, survey_versions, surveys,
    tally_answers, tally_responses, tally_testimonies, tally_themes, testimonies, testimony_themes,
    themes,
};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::services::moderation::{check_limit, month_of};

pub const HOME_SURVEYS: i64 = 20;
pub const REPORT_SURVEYS: usize = 3;
pub const REPORT_THEMES: usize = 4;
pub const REPORT_QUOTES_PER_THEME: u64 = 3;
pub const DEFAULT_QUOTES: u64 = 20;
pub const MAX_QUOTES: u64 = 50;

type Backend = <DbConnection as diesel::Connection>::Backend;
/// Answers per (question, option) of one version in one quartier.
pub type AnswerTally = HashMap<(String, String), u64>;

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

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

/// A published version as the council views need it.
pub struct VersionInfo {
    pub survey_id: i64,
    pub version_id: i64,
    pub version: i32,
    pub status: String,
    pub published_at: i64,
    pub definition: SurveyDefinition,
}

pub fn version_info(conn: &mut DbConnection, version_id: i64) -> Result<VersionInfo, ApiError> {
    let (survey_id, version, status, published_at, definition): (i64, i32, String, i64, String) =
        survey_versions::table
            .inner_join(surveys::table)
            .filter(survey_versions::id.eq(version_id))
            .filter(surveys::status.ne("draft"))
            .select((
                surveys::id,
                survey_versions::version,
                surveys::status,
                survey_versions::published_at,
                survey_versions::definition,
            ))
            .first(conn)
            .optional()?
            .ok_or(ApiError::NotFound("version d'enquête"))?;
    Ok(VersionInfo {
        survey_id,
        version_id,
        version,
        status,
        published_at,
        definition: serde_json::from_str(&definition).map_err(ApiError::internal)?,
    })
}

/// How one question's answers are counted, from the tallies of one quartier.
pub struct QuestionCounts {
    pub code: String,
    pub label: String,
    pub kind: &'static str,
    pub multiple: bool,
    /// Columns: options, then "sans réponse" for single-answer questions.
    pub options: Vec<(String, String)>,
    /// Single answer: one line (options + no answer = responses). Multiple choice, text and
    /// numbers: one binary line per option (chose / did not = responses).
    pub lines: Vec<Vec<u64>>,
}

fn kind_name(kind: &QuestionKind) -> &'static str {
    match kind {
        QuestionKind::SingleChoice { .. } => "single_choice",
        QuestionKind::MultipleChoice { .. } => "multiple_choice",
        QuestionKind::Scale { .. } => "scale",
        QuestionKind::YesNo => "yes_no",
        QuestionKind::ShortText { .. } => "short_text",
        QuestionKind::LongText { .. } => "long_text",
        QuestionKind::Number { .. } => "number",
    }
}

pub fn question_counts(
    definition: &SurveyDefinition,
    responses: u64,
    tally: &AnswerTally,
) -> Vec<QuestionCounts> {
    let count = |q: &str, o: &str| {
        tally
            .get(&(q.to_owned(), o.to_owned()))
            .copied()
            .unwrap_or(0)
    };
    definition
        .questions
        .iter()
        .map(|question| {
            let options: Vec<(String, String)> = match &question.kind {
                QuestionKind::SingleChoice { options }
                | QuestionKind::MultipleChoice { options, .. } => options
                    .iter()
                    .map(|o| (o.code.clone(), o.label.clone()))
                    .collect(),
                QuestionKind::YesNo => {
                    vec![("yes".into(), "Oui".into()), ("no".into(), "Non".into())]
                }
                QuestionKind::Scale { .. } => {
                    (1..=5).map(|v| (v.to_string(), v.to_string())).collect()
                }
                _ => vec![(String::new(), "Ont répondu".into())],
            };
            let values: Vec<u64> = options
                .iter()
                .map(|(o, _)| count(&question.code, o))
                .collect();
            let single = matches!(
                question.kind,
                QuestionKind::SingleChoice { .. }
                    | QuestionKind::YesNo
                    | QuestionKind::Scale { .. }
            );
            let (options, lines) = if single {
                let answered: u64 = values.iter().sum();
                let mut line = values;
                line.push(responses.saturating_sub(answered));
                let mut options = options;
                options.push(("".into(), "Sans réponse".into()));
                (options, vec![line])
            } else {
                let lines = values
                    .iter()
                    .map(|&v| vec![v.min(responses), responses.saturating_sub(v)])
                    .collect();
                (options, lines)
            };
            QuestionCounts {
                code: question.code.clone(),
                label: question.label.clone(),
                kind: kind_name(&question.kind),
                multiple: !single,
                options,
                lines,
            }
        })
        .collect()
}

/// Each column's figure: for a single line, its cells; for binary lines, each line's first cell.
pub fn question_figures(counts: &QuestionCounts) -> Vec<Figure> {
    if counts.multiple {
        counts
            .lines
            .iter()
            .map(|line| {
                let protected = suppression::suppress_line(line);
                Figure::new(protected.cells[0], Some(protected.total))
            })
            .collect()
    } else {
        let protected = suppression::suppress_line(&counts.lines[0]);
        protected
            .cells
            .iter()
            .map(|&cell| Figure::new(cell, Some(protected.total)))
            .collect()
    }
}

fn tally_of(
    conn: &mut DbConnection,
    version_id: i64,
    quartier_id: i64,
) -> Result<(u64, AnswerTally), ApiError> {
    let responses: Option<i64> = tally_responses::table
        .find((version_id, quartier_id))
        .select(tally_responses::responses)
        .first(conn)
        .optional()?;
    let cells = tally_answers::table
        .filter(tally_answers::survey_version_id.eq(version_id))
        .filter(tally_answers::quartier_id.eq(quartier_id))
        .select((
            tally_answers::question_code,
            tally_answers::option_code,
            tally_answers::answers,
        ))
        .load::<(String, String, i64)>(conn)?
        .into_iter()
        .map(|(q, o, n)| ((q, o), n.max(0) as u64))
        .collect();
    Ok((responses.unwrap_or(0).max(0) as u64, cells))
}

/// Whether a survey concerns a quartier: assigned to it, or answered there before.
fn concerns(conn: &mut DbConnection, info: &VersionInfo, quartier: i64) -> Result<bool, ApiError> {
    let assigned: i64 = survey_quartiers::table
        .find((info.survey_id, quartier))
        .count()
        .get_result(conn)?;
    let answered: i64 = tally_responses::table
        .find((info.version_id, quartier))
        .count()
        .get_result(conn)?;
    Ok(assigned + answered > 0)
}

fn results_for(
    conn: &mut DbConnection,
    info: &VersionInfo,
    quartier: QuartierRef,
) -> Result<SurveyResults, ApiError> {
    let (responses, tally) = tally_of(conn, info.version_id, quartier.id)?;
    let questions = question_counts(&info.definition, responses, &tally)
        .into_iter()
        .map(|counts| {
            let figures = question_figures(&counts);
            QuestionResult {
                options: counts
                    .options
                    .iter()
                    .zip(figures)
                    .map(|((code, label), figure)| OptionResult {
                        code: code.clone(),
                        label: label.clone(),
                        figure,
                    })
                    .collect(),
                code: counts.code,
                label: counts.label,
                kind: counts.kind.to_owned(),
                multiple: counts.multiple,
            }
        })
        .collect();
    Ok(SurveyResults {
        survey_id: info.survey_id,
        survey_version_id: info.version_id,
        version: info.version,
        title: info.definition.title.clone(),
        quartier,
        responses: Figure::new(suppression::primary(responses), None),
        publishable: responses >= THRESHOLD,
        questions,
    })
}

/// `GET /api/v1/council/surveys/{version_id}/results?quartier_id=`.
pub fn results(
    conn: &mut DbConnection,
    actor: &AuthUser,
    council: Option<i64>,
    version_id: i64,
    quartier_id: i64,
) -> Result<SurveyResults, ApiError> {
    let scope = scope(conn, actor, council)?;
    let quartier = scope.quartier(conn, quartier_id)?;
    let info = version_info(conn, version_id)?;
    if !concerns(conn, &info, quartier.id)? {
        return Err(ApiError::NotFound("résultats"));
    }
    results_for(conn, &info, quartier)
}

/// Published versions of the surveys that concern these quartiers, latest first.
fn versions_for(
    conn: &mut DbConnection,
    quartier_ids: &[i64],
    limit: i64,
) -> Result<Vec<VersionInfo>, ApiError> {
    let survey_ids: Vec<i64> = survey_quartiers::table
        .filter(survey_quartiers::quartier_id.eq_any(quartier_ids))
        .select(survey_quartiers::survey_id)
        .distinct()
        .load(conn)?;
    let answered: Vec<i64> = tally_responses::table
        .filter(tally_responses::quartier_id.eq_any(quartier_ids))
        .select(tally_responses::survey_version_id)
        .distinct()
        .load(conn)?;
    let ids: Vec<i64> = survey_versions::table
        .inner_join(surveys::table)
        .filter(surveys::status.ne("draft"))
        .filter(
            survey_versions::survey_id
                .eq_any(&survey_ids)
                .or(survey_versions::id.eq_any(&answered)),
        )
        .order((
            survey_versions::published_at.desc(),
            survey_versions::id.desc(),
        ))
        .limit(limit)
        .select(survey_versions::id)
        .load(conn)?;
    ids.into_iter().map(|id| version_info(conn, id)).collect()
}

fn active_themes(conn: &mut DbConnection) -> Result<Vec<ThemeRef>, ApiError> {
    Ok(themes::table
        .filter(themes::retired.eq(false))
        .order(themes::position)
        .select((themes::code, themes::label))
        .load::<(String, String)>(conn)?
        .into_iter()
        .map(|(code, label)| ThemeRef { code, label })
        .collect())
}

/// `GET /api/v1/council/home`.
pub fn home(
    conn: &mut DbConnection,
    actor: &AuthUser,
    council: Option<i64>,
) -> Result<CouncilHome, ApiError> {
    let scope = scope(conn, actor, council)?;
    let ids: Vec<i64> = scope.quartiers.iter().map(|q| q.id).collect();
    let versions = versions_for(conn, &ids, HOME_SURVEYS)?;
    let version_ids: Vec<i64> = versions.iter().map(|v| v.version_id).collect();
    let counts: HashMap<(i64, i64), i64> = tally_responses::table
        .filter(tally_responses::survey_version_id.eq_any(&version_ids))
        .filter(tally_responses::quartier_id.eq_any(&ids))
        .select((
            tally_responses::survey_version_id,
            tally_responses::quartier_id,
            tally_responses::responses,
        ))
        .load::<(i64, i64, i64)>(conn)?
        .into_iter()
        .map(|(v, q, n)| ((v, q), n))
        .collect();
    let assigned: Vec<(i64, i64)> = survey_quartiers::table
        .filter(survey_quartiers::quartier_id.eq_any(&ids))
        .select((survey_quartiers::survey_id, survey_quartiers::quartier_id))
        .load(conn)?;
    let surveys = versions
        .into_iter()
        .map(|v| SurveySummary {
            quartiers: ids
                .iter()
                .filter(|q| {
                    counts.contains_key(&(v.version_id, **q))
                        || assigned.contains(&(v.survey_id, **q))
                })
                .map(|&q| {
                    let n = counts.get(&(v.version_id, q)).copied().unwrap_or(0).max(0) as u64;
                    QuartierCount {
                        quartier_id: q,
                        responses: Figure::new(suppression::primary(n), None),
                    }
                })
                .collect(),
            survey_id: v.survey_id,
            survey_version_id: v.version_id,
            version: v.version,
            title: v.definition.title,
            status: v.status,
            published_at: to_datetime(v.published_at),
        })
        .collect();
    Ok(CouncilHome {
        council_id: scope.council_id,
        council_name: scope.council_name,
        quartiers: scope.quartiers,
        surveys,
        themes: active_themes(conn)?,
    })
}

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

fn themes_for(
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

/// Start of a `YYYY-MM` month in Unix milliseconds (UTC).
fn month_start_ms(month: &str) -> Option<i64> {
    NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .ok()
        .map(crate::services::moderation::day_start_ms)
}

fn next_month(month: &str) -> Option<String> {
    let day = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
    let next = if day.month() == 12 {
        NaiveDate::from_ymd_opt(day.year() + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(day.year(), day.month() + 1, 1)?
    };
    Some(next.format("%Y-%m").to_string())
}

/// Months of a quartier whose approved testimonies reach the threshold, merged into ranges.
fn quotable_ranges(
    conn: &mut DbConnection,
    quartier_id: i64,
    window: &(Option<String>, Option<String>),
) -> Result<Vec<(i64, i64)>, ApiError> {
    let mut months: Vec<String> = tally_testimonies::table
        .filter(tally_testimonies::quartier_id.eq(quartier_id))
        .filter(tally_testimonies::testimonies.ge(THRESHOLD as i64))
        .select(tally_testimonies::month)
        .load(conn)?;
    months.retain(|m| {
        window.0.as_ref().is_none_or(|f| m >= f) && window.1.as_ref().is_none_or(|t| m <= t)
    });
    months.sort();
    let mut ranges: Vec<(i64, i64)> = Vec::new();
    for month in months {
        let (Some(start), Some(end)) = (
            month_start_ms(&month),
            next_month(&month).as_deref().and_then(month_start_ms),
        ) else {
            continue;
        };
        match ranges.last_mut() {
            Some(last) if last.1 == start => last.1 = end,
            _ => ranges.push((start, end)),
        }
    }
    Ok(ranges)
}

fn quotes_for(
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
        .filter(testimonies::status.eq("approved"))
        .filter(testimonies::consent.eq("quote"))
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
    if let Some(search) = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let escaped: String = search
            .to_lowercase()
            .chars()
            .flat_map(|c| match c {
                '%' | '_' | '\\' => vec!['\\', c],
                c => vec![c],
            })
            .collect();
        query = query.filter(
            lower(testimonies::redacted_text)
                .like(format!("%{escaped}%"))
                .escape('\\'),
        );
    }
    let rows: Vec<(String, String, i64)> = query
        .order((testimonies::captured_at.desc(), testimonies::id.desc()))
        .limit(limit as i64 + 1)
        .offset(i64::try_from(filter.offset).unwrap_or(i64::MAX))
        .select((
            testimonies::id,
            testimonies::redacted_text,
            testimonies::captured_at,
        ))
        .load(conn)?;
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
            .map(|(id, text, at)| Quote {
                text,
                month: month_of(at),
                themes: themes_of.remove(&id).unwrap_or_default(),
            })
            .collect(),
        has_more,
        ..empty
    })
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
    quotes_for(conn, quartier, &filter)
}

/// `GET /api/v1/council/report?quartier_id=`: the printable page set for a council meeting.
pub fn report(
    conn: &mut DbConnection,
    actor: &AuthUser,
    council: Option<i64>,
    quartier_id: i64,
) -> Result<CouncilReport, ApiError> {
    let scope = scope(conn, actor, council)?;
    let quartier = scope.quartier(conn, quartier_id)?;
    let versions = versions_for(conn, &[quartier.id], REPORT_SURVEYS as i64)?;
    let surveys = versions
        .iter()
        .map(|info| results_for(conn, info, quartier.clone()))
        .collect::<Result<Vec<_>, _>>()?;
    let now = current_month();
    let from = months_before(&now, 11);
    let themes = themes_for(conn, quartier.clone(), (Some(from), Some(now)))?;
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
    let mut quotes = Vec::new();
    for (_, code) in ranked.into_iter().take(REPORT_THEMES) {
        let page = quotes_for(
            conn,
            quartier.clone(),
            &QuoteFilter {
                theme: Some(code),
                limit: Some(REPORT_QUOTES_PER_THEME),
                ..QuoteFilter::default()
            },
        )?;
        for quote in page.items {
            if !quotes.contains(&quote) {
                quotes.push(quote);
            }
        }
    }
    Ok(CouncilReport {
        council_name: scope.council_name,
        quartier,
        generated_at: Utc::now(),
        surveys,
        themes,
        quotes,
    })
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
