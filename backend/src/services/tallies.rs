//! Running tallies, kept in the same transaction as the items they count, so dashboards read
//! a handful of rows instead of scanning answers.

use std::collections::BTreeMap;

use diesel::prelude::*;
use diesel::upsert::excluded;
use portevoix_domain::survey::{AnswerValue, Answers, SurveyDefinition};

use crate::db::kept::{AddAnswerCells, AddAnswers, AddResponses};
use crate::db::schema::{tally_answers, tally_responses, tally_testimonies, tally_themes};
use crate::db::DbConnection;

/// Answer cells per PostgreSQL statement (five arrays of this length are bound).
const ANSWER_CELLS: usize = 1_000;

pub fn add_responses(
    conn: &mut DbConnection,
    version: i64,
    quartier: i64,
    delta: i64,
) -> QueryResult<()> {
    let cell = AddResponses {
        version,
        quartier,
        delta,
    };
    crate::on_backend!(conn, |c| cell.execute(c)).map(|_| ())
}

pub fn add_answer(
    conn: &mut DbConnection,
    version: i64,
    quartier: i64,
    question: &str,
    option: &str,
    delta: i64,
) -> QueryResult<()> {
    let cell = AddAnswers {
        version,
        quartier,
        question,
        option,
        delta,
    };
    crate::on_backend!(conn, |c| cell.execute(c)).map(|_| ())
}

pub fn add_theme(
    conn: &mut DbConnection,
    quartier: i64,
    theme: &str,
    month: &str,
    delta: i64,
) -> QueryResult<()> {
    crate::on_backend!(conn, |c| diesel::insert_into(tally_themes::table)
        .values((
            tally_themes::quartier_id.eq(quartier),
            tally_themes::theme_code.eq(theme),
            tally_themes::month.eq(month),
            tally_themes::testimonies.eq(delta),
        ))
        .on_conflict((
            tally_themes::quartier_id,
            tally_themes::theme_code,
            tally_themes::month
        ))
        .do_update()
        .set(
            tally_themes::testimonies
                .eq(tally_themes::testimonies + excluded(tally_themes::testimonies))
        )
        .execute(c))
    .map(|_| ())
}

/// Tally changes gathered from the rows written (a push's, or a whole group's on SQLite's one
/// writer), applied once at the end of the transaction: one upsert per cell, not per item.
#[derive(Debug, Default)]
pub struct TallyDeltas {
    responses: BTreeMap<(i64, i64), i64>,
    answers: BTreeMap<(i64, i64, String, String), i64>,
}

impl TallyDeltas {
    /// Counts one response of `version` in `quartier`.
    pub fn add_response(&mut self, version: i64, quartier: i64) {
        *self.responses.entry((version, quartier)).or_default() += 1;
    }

    /// Counts `delta` answers with this option (the counts of one batch, gathered by the caller).
    pub fn add_answers(
        &mut self,
        version: i64,
        quartier: i64,
        question: &str,
        option: &str,
        delta: i64,
    ) {
        *self
            .answers
            .entry((version, quartier, question.to_owned(), option.to_owned()))
            .or_default() += delta;
    }

    pub fn merge(&mut self, other: TallyDeltas) {
        for (cell, delta) in other.responses {
            *self.responses.entry(cell).or_default() += delta;
        }
        for (cell, delta) in other.answers {
            *self.answers.entry(cell).or_default() += delta;
        }
    }

    /// Upserts every cell, in key order (two PostgreSQL writers lock the same rows in the same
    /// order, so they cannot deadlock). On PostgreSQL the answer cells go in statements of
    /// [`ANSWER_CELLS`] (a round trip per cell was most of a push's time under its locks); on
    /// SQLite, in process, one kept statement per cell costs less than building arrays.
    pub fn apply(&self, conn: &mut DbConnection) -> QueryResult<()> {
        for (&(version, quartier), &delta) in &self.responses {
            add_responses(conn, version, quartier, delta)?;
        }
        if let DbConnection::Pg(pg) = conn {
            let cells: Vec<_> = self.answers.iter().collect();
            for chunk in cells.chunks(ANSWER_CELLS) {
                let mut statement = AddAnswerCells::default();
                for ((version, quartier, question, option), &delta) in chunk {
                    statement.versions.push(*version);
                    statement.quartiers.push(*quartier);
                    statement.questions.push(question);
                    statement.options.push(option);
                    statement.deltas.push(delta);
                }
                statement.execute(pg)?;
            }
            return Ok(());
        }
        for ((version, quartier, question, option), &delta) in &self.answers {
            add_answer(conn, *version, *quartier, question, option, delta)?;
        }
        Ok(())
    }
}

/// One stored answer row. Its `option` is also its tally cell: the chosen option for choices
/// (one row each for multiple choice), `yes`/`no`, the scale value `1`…`5`, and `""` for numbers
/// and free text (counted as answered, never by value).
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerRow {
    pub question: String,
    pub option: String,
    pub number: Option<f64>,
    pub text: Option<String>,
}

pub fn answer_rows(definition: &SurveyDefinition, answers: &Answers) -> Vec<AnswerRow> {
    let mut rows = Vec::new();
    for (question, value) in answers {
        let categorical = definition
            .question(question)
            .is_some_and(|q| q.kind.rule_values().is_some());
        let row = |option: String, number: Option<f64>, text: Option<String>| AnswerRow {
            question: question.clone(),
            option,
            number,
            text,
        };
        match value {
            AnswerValue::Bool(b) => {
                rows.push(row(if *b { "yes" } else { "no" }.into(), None, None))
            }
            AnswerValue::Many(codes) => {
                rows.extend(codes.iter().map(|c| row(c.clone(), None, None)))
            }
            AnswerValue::Text(code) if categorical => rows.push(row(code.clone(), None, None)),
            AnswerValue::Text(text) => rows.push(row(String::new(), None, Some(text.clone()))),
            AnswerValue::Number(n) if categorical => {
                rows.push(row(format!("{}", *n as i64), Some(*n), None))
            }
            AnswerValue::Number(n) => rows.push(row(String::new(), Some(*n), None)),
        }
    }
    rows
}

/// Adds (`delta` = 1) or removes (`delta` = -1) one response and its answers.
pub fn count_response(
    conn: &mut DbConnection,
    version: i64,
    quartier: i64,
    rows: &[AnswerRow],
    delta: i64,
) -> QueryResult<()> {
    add_responses(conn, version, quartier, delta)?;
    for row in rows {
        add_answer(conn, version, quartier, &row.question, &row.option, delta)?;
    }
    Ok(())
}

/// Tallies as stored and as recounted from the items, for checks (tests, `portevoix` audits).
#[derive(Debug, PartialEq, Eq)]
pub struct TallySnapshot {
    pub responses: Vec<(i64, i64, i64)>,
    pub answers: Vec<(i64, i64, String, String, i64)>,
}

pub fn stored(conn: &mut DbConnection) -> QueryResult<TallySnapshot> {
    Ok(TallySnapshot {
        responses: tally_responses::table
            .filter(tally_responses::responses.ne(0))
            .select((
                tally_responses::survey_version_id,
                tally_responses::quartier_id,
                tally_responses::responses,
            ))
            .order((
                tally_responses::survey_version_id,
                tally_responses::quartier_id,
            ))
            .load(conn)?,
        answers: tally_answers::table
            .filter(tally_answers::answers.ne(0))
            .select((
                tally_answers::survey_version_id,
                tally_answers::quartier_id,
                tally_answers::question_code,
                tally_answers::option_code,
                tally_answers::answers,
            ))
            .order((
                tally_answers::survey_version_id,
                tally_answers::quartier_id,
                tally_answers::question_code,
                tally_answers::option_code,
            ))
            .load(conn)?,
    })
}

/// A full recount from `responses` and `answers` (a scan: for checks only, never dashboards).
pub fn recount(conn: &mut DbConnection) -> QueryResult<TallySnapshot> {
    use diesel::dsl::count_star;

    use crate::db::schema::{answers, responses};
    Ok(TallySnapshot {
        responses: responses::table
            .group_by((responses::survey_version_id, responses::quartier_id))
            .select((
                responses::survey_version_id,
                responses::quartier_id,
                count_star(),
            ))
            .order((responses::survey_version_id, responses::quartier_id))
            .load(conn)?,
        answers: answers::table
            .inner_join(responses::table)
            .group_by((
                responses::survey_version_id,
                responses::quartier_id,
                answers::question_code,
                answers::option_code,
            ))
            .select((
                responses::survey_version_id,
                responses::quartier_id,
                answers::question_code,
                answers::option_code,
                count_star(),
            ))
            .order((
                responses::survey_version_id,
                responses::quartier_id,
                answers::question_code,
                answers::option_code,
            ))
            .load(conn)?,
    })
}

/// Approved testimonies per quartier and month (`YYYY-MM`).
pub fn add_testimonies(
    conn: &mut DbConnection,
    quartier: i64,
    month: &str,
    delta: i64,
) -> QueryResult<()> {
    crate::on_backend!(conn, |c| diesel::insert_into(tally_testimonies::table)
        .values((
            tally_testimonies::quartier_id.eq(quartier),
            tally_testimonies::month.eq(month),
            tally_testimonies::testimonies.eq(delta),
        ))
        .on_conflict((tally_testimonies::quartier_id, tally_testimonies::month))
        .do_update()
        .set(
            tally_testimonies::testimonies
                .eq(tally_testimonies::testimonies + excluded(tally_testimonies::testimonies))
        )
        .execute(c))
    .map(|_| ())
}
