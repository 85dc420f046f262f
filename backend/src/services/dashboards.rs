//! What councils read: their quartiers' survey results and the printable report (themes over
//! time are in [`super::timeline`], quotes in [`super::quotes`]). Aggregates come from the
//! running tallies only (a handful of rows per call, whatever the number of answers), and every
//! figure goes through small-cell protection.
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

use chrono::Utc;
use diesel::prelude::*;
use portevoix_domain::suppression::{self, THRESHOLD};
use portevoix_domain::survey::{QuestionKind, QuestionType, SurveyDefinition};
use portevoix_domain::wire::{
    CouncilHome, CouncilReport, Figure, OptionResult, QuartierCount, QuartierRef, QuestionResult,
    Role, SurveyResults, SurveyStatus, SurveySummary, ThemeRef,
};

use crate::auth::AuthUser;
use crate::clock::to_datetime;
use crate::db::schema::{
    council_quartiers, councils, quartiers, survey_quartiers, survey_versions, surveys,
    tally_answers, tally_responses, themes,
};
use crate::db::{DbConnection, Stored};
use crate::error::ApiError;
use crate::services::{quotes, timeline};

pub const HOME_SURVEYS: i64 = 20;
pub const REPORT_SURVEYS: usize = 3;
pub const REPORT_THEMES: usize = 4;
pub const REPORT_QUOTES_PER_THEME: u64 = 3;

/// Answers per (question, option) of one version in one quartier.
pub type AnswerTally = HashMap<(String, String), u64>;

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
    pub status: SurveyStatus,
    pub published_at: i64,
    pub definition: SurveyDefinition,
}

pub fn version_info(conn: &mut DbConnection, version_id: i64) -> Result<VersionInfo, ApiError> {
    let (survey_id, version, status, published_at, definition): (i64, i32, SurveyStatus, i64, String) =
        survey_versions::table
            .inner_join(surveys::table)
            .filter(survey_versions::id.eq(version_id))
            .filter(surveys::status.ne(Stored(SurveyStatus::Draft)))
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
    pub kind: QuestionType,
    pub multiple: bool,
    /// Columns: options, then "sans réponse" for single-answer questions.
    pub options: Vec<(String, String)>,
    /// Single answer: one line (options + no answer = responses). Multiple choice, text and
    /// numbers: one binary line per option (chose / did not = responses).
    pub lines: Vec<Vec<u64>>,
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
                kind: question.kind.question_type(),
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
                kind: counts.kind,
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
        .filter(surveys::status.ne(Stored(SurveyStatus::Draft)))
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
    let now = timeline::current_month();
    let from = now.minus(11);
    let themes = timeline::themes_for(conn, quartier.clone(), (Some(from), Some(now)))?;
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
        let page = quotes::quotes_for(
            conn,
            quartier.clone(),
            &quotes::QuoteFilter {
                theme: Some(code),
                limit: Some(REPORT_QUOTES_PER_THEME),
                ..quotes::QuoteFilter::default()
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
