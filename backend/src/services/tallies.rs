//! Running tallies, kept in the same transaction as the items they count, so dashboards read
//! a handful of rows instead of scanning answers.

use diesel::prelude::*;
use diesel::upsert::excluded;
use portevoix_domain::survey::{AnswerValue, Answers, SurveyDefinition};

use crate::db::schema::{tally_answers, tally_responses, tally_themes};
use crate::db::DbConnection;

pub fn add_responses(
    conn: &mut DbConnection,
    version: i64,
    quartier: i64,
    delta: i64,
) -> QueryResult<()> {
    crate::on_backend!(conn, |c| diesel::insert_into(tally_responses::table)
        .values((
            tally_responses::survey_version_id.eq(version),
            tally_responses::quartier_id.eq(quartier),
            tally_responses::responses.eq(delta),
        ))
        .on_conflict((
            tally_responses::survey_version_id,
            tally_responses::quartier_id
        ))
        .do_update()
        .set(
            tally_responses::responses
                .eq(tally_responses::responses + excluded(tally_responses::responses))
        )
        .execute(c))
    .map(|_| ())
}

pub fn add_answer(
    conn: &mut DbConnection,
    version: i64,
    quartier: i64,
    question: &str,
    option: &str,
    delta: i64,
) -> QueryResult<()> {
    crate::on_backend!(conn, |c| diesel::insert_into(tally_answers::table)
        .values((
            tally_answers::survey_version_id.eq(version),
            tally_answers::quartier_id.eq(quartier),
            tally_answers::question_code.eq(question),
            tally_answers::option_code.eq(option),
            tally_answers::answers.eq(delta),
        ))
        .on_conflict((
            tally_answers::survey_version_id,
            tally_answers::quartier_id,
            tally_answers::question_code,
            tally_answers::option_code,
        ))
        .do_update()
        .set(tally_answers::answers.eq(tally_answers::answers + excluded(tally_answers::answers)))
        .execute(c))
    .map(|_| ())
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

/// The tally cells one answer contributes to: one per chosen option for choices, `yes`/`no`,
/// the scale value, and `""` (answered) for numbers and texts.
pub fn answer_cells(value: &AnswerValue) -> Vec<String> {
    match value {
        AnswerValue::Bool(true) => vec!["yes".into()],
        AnswerValue::Bool(false) => vec!["no".into()],
        AnswerValue::Text(code) => vec![code.clone()],
        AnswerValue::Many(codes) => codes.clone(),
        AnswerValue::Number(n) if n.fract() == 0.0 && (1.0..=5.0).contains(n) => {
            vec![format!("{}", *n as i64)]
        }
        AnswerValue::Number(_) => vec![String::new()],
    }
}

/// Adds (`delta` = 1) or removes (`delta` = -1) one response and its answers.
pub fn count_response(
    conn: &mut DbConnection,
    version: i64,
    quartier: i64,
    answers: &[(String, String)],
    delta: i64,
) -> QueryResult<()> {
    add_responses(conn, version, quartier, delta)?;
    for (question, option) in answers {
        add_answer(conn, version, quartier, question, option, delta)?;
    }
    Ok(())
}

/// The (question, tally option) pairs of an answer set, as [`count_response`] takes them.
/// Free text and numbers count as answered (`""`), never by value.
pub fn cells_for(definition: &SurveyDefinition, answers: &Answers) -> Vec<(String, String)> {
    let mut cells = Vec::new();
    for (question, value) in answers {
        let categorical = definition
            .question(question)
            .is_some_and(|q| q.kind.rule_values().is_some());
        let options = if categorical {
            answer_cells(value)
        } else {
            vec![String::new()]
        };
        cells.extend(options.into_iter().map(|option| (question.clone(), option)));
    }
    cells
}
