//! Survey results for councils: published versions, per-question counts from the running
//! tallies (a handful of rows per call, whatever the number of answers), each figure through
//! small-cell protection. Called by [`super`] once the council scope is checked.

use std::collections::HashMap;

use diesel::prelude::*;
use portevoix_domain::suppression::{self, THRESHOLD};
use portevoix_domain::survey::{QuestionKind, QuestionType, SurveyDefinition};
use portevoix_domain::wire::{
    Figure, OptionResult, QuartierCount, QuartierRef, QuestionResult, SurveyResults, SurveyStatus,
    SurveySummary, ThemeRef,
};

use crate::clock::to_datetime;
use crate::db::schema::{
    survey_quartiers, survey_versions, surveys, tally_answers, tally_responses, themes,
};
use crate::db::{DbConnection, Stored};
use crate::error::ApiError;

/// Answers per (question, option) of one version in one quartier.
pub type AnswerTally = HashMap<(String, String), u64>;

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
    let (survey_id, version, status, published_at, definition): (
        i64,
        i32,
        SurveyStatus,
        i64,
        String,
    ) = survey_versions::table
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
        .filter(|question| question.kind.is_answered())
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

pub fn tally_of(
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
pub fn concerns(
    conn: &mut DbConnection,
    info: &VersionInfo,
    quartier: i64,
) -> Result<bool, ApiError> {
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

pub fn results_for(
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
        published_at: None,
    })
}

/// Published versions of the surveys that concern these quartiers, latest first.
pub fn versions_for(
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

pub fn active_themes(conn: &mut DbConnection) -> Result<Vec<ThemeRef>, ApiError> {
    Ok(themes::table
        .filter(themes::retired.eq(false))
        .order(themes::position)
        .select((themes::code, themes::label))
        .load::<(String, String)>(conn)?
        .into_iter()
        .map(|(code, label)| ThemeRef { code, label })
        .collect())
}

/// The latest `limit` published surveys concerning these quartiers, with how many answered in
/// each (suppressed).
pub fn surveys_for(
    conn: &mut DbConnection,
    ids: &[i64],
    limit: i64,
) -> Result<Vec<SurveySummary>, ApiError> {
    let versions = versions_for(conn, ids, limit)?;
    let version_ids: Vec<i64> = versions.iter().map(|v| v.version_id).collect();
    let counts: HashMap<(i64, i64), i64> = tally_responses::table
        .filter(tally_responses::survey_version_id.eq_any(&version_ids))
        .filter(tally_responses::quartier_id.eq_any(ids))
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
        .filter(survey_quartiers::quartier_id.eq_any(ids))
        .select((survey_quartiers::survey_id, survey_quartiers::quartier_id))
        .load(conn)?;
    Ok(versions
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
        .collect())
}
