//! Statements the ingest runs thousands of times per second, written as query types of their
//! own so that diesel keeps each one prepared (its statement cache is keyed by the query's
//! type). Diesel's own builders do not allow that here: an upsert (`on_conflict … do_update`)
//! and an SQLite insert of a row with optional values are prepared again on every execution,
//! and their SQL built again, which cost the one writer a visible part of its time.

use diesel::backend::Backend;
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{Array, BigInt, Double, Nullable, Text};
use diesel::sqlite::Sqlite;
use diesel::{QueryResult, RunQueryDsl};

use super::models::NewResponse;

/// Adds `delta` responses to a `tally_responses` cell.
pub struct AddResponses {
    pub version: i64,
    pub quartier: i64,
    pub delta: i64,
}

/// Adds `delta` answers to a `tally_answers` cell.
pub struct AddAnswers<'a> {
    pub version: i64,
    pub quartier: i64,
    pub question: &'a str,
    pub option: &'a str,
    pub delta: i64,
}

/// PostgreSQL: many `tally_answers` cells in one statement, one round trip for a whole push
/// instead of one per cell (the cells are distinct: an upsert may touch a row once). The rows
/// are upserted in the order given, key order, so two writers lock them in the same order.
#[derive(Default)]
pub struct AddAnswerCells<'a> {
    pub versions: Vec<i64>,
    pub quartiers: Vec<i64>,
    pub questions: Vec<&'a str>,
    pub options: Vec<&'a str>,
    pub deltas: Vec<i64>,
}

/// One `answers` row.
pub struct InsertAnswer<'a> {
    pub response_id: &'a str,
    pub question: &'a str,
    pub option: &'a str,
    pub number: Option<f64>,
    pub text: Option<&'a str>,
}

impl QueryId for AddResponses {
    type QueryId = Self;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl QueryId for AddAnswers<'_> {
    type QueryId = AddAnswers<'static>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl QueryId for AddAnswerCells<'_> {
    type QueryId = AddAnswerCells<'static>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl QueryFragment<Pg> for AddAnswerCells<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql(
            "INSERT INTO tally_answers \
             (survey_version_id, quartier_id, question_code, option_code, answers) \
             SELECT * FROM unnest(",
        );
        out.push_bind_param::<Array<BigInt>, Vec<i64>>(&self.versions)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<BigInt>, Vec<i64>>(&self.quartiers)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Text>, Vec<&str>>(&self.questions)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<Text>, Vec<&str>>(&self.options)?;
        out.push_sql(", ");
        out.push_bind_param::<Array<BigInt>, Vec<i64>>(&self.deltas)?;
        out.push_sql(
            ") ON CONFLICT (survey_version_id, quartier_id, question_code, option_code) \
             DO UPDATE SET answers = tally_answers.answers + excluded.answers",
        );
        Ok(())
    }
}

impl QueryId for InsertAnswer<'_> {
    type QueryId = InsertAnswer<'static>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl<DB> QueryFragment<DB> for AddResponses
where
    DB: Backend,
    i64: ToSql<BigInt, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql(
            "INSERT INTO tally_responses (survey_version_id, quartier_id, responses) VALUES (",
        );
        out.push_bind_param::<BigInt, i64>(&self.version)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, i64>(&self.quartier)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, i64>(&self.delta)?;
        out.push_sql(
            ") ON CONFLICT (survey_version_id, quartier_id) \
             DO UPDATE SET responses = tally_responses.responses + excluded.responses",
        );
        Ok(())
    }
}

impl<DB> QueryFragment<DB> for AddAnswers<'_>
where
    DB: Backend,
    i64: ToSql<BigInt, DB>,
    str: ToSql<Text, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql(
            "INSERT INTO tally_answers \
             (survey_version_id, quartier_id, question_code, option_code, answers) VALUES (",
        );
        out.push_bind_param::<BigInt, i64>(&self.version)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, i64>(&self.quartier)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, str>(self.question)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, str>(self.option)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, i64>(&self.delta)?;
        out.push_sql(
            ") ON CONFLICT (survey_version_id, quartier_id, question_code, option_code) \
             DO UPDATE SET answers = tally_answers.answers + excluded.answers",
        );
        Ok(())
    }
}

impl<DB> QueryFragment<DB> for InsertAnswer<'_>
where
    DB: Backend,
    str: ToSql<Text, DB>,
    Option<f64>: ToSql<Nullable<Double>, DB>,
    for<'x> Option<&'x str>: ToSql<Nullable<Text>, DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql(
            "INSERT INTO answers \
             (response_id, question_code, option_code, number_value, text_value) VALUES (",
        );
        out.push_bind_param::<Text, str>(self.response_id)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, str>(self.question)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, str>(self.option)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Double>, Option<f64>>(&self.number)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Text>, Option<&str>>(&self.text)?;
        out.push_sql(")");
        Ok(())
    }
}

/// One `responses` row (SQLite only: PostgreSQL keeps multi-row statements, one round trip for
/// many rows).
pub struct InsertResponse<'a>(pub &'a NewResponse);

impl QueryId for InsertResponse<'_> {
    type QueryId = InsertResponse<'static>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl QueryFragment<Sqlite> for InsertResponse<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
        let r = self.0;
        out.push_sql(
            "INSERT INTO responses (id, survey_version_id, quartier_id, user_id, device_id, \
             outing_id, place, captured_at, age_band, receipt_code, content_hash, received_at, \
             seq) VALUES (",
        );
        out.push_bind_param::<Text, String>(&r.id)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, i64>(&r.survey_version_id)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, i64>(&r.quartier_id)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, i64>(&r.user_id)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Text>, Option<String>>(&r.device_id)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Text>, Option<String>>(&r.outing_id)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, String>(&r.place)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, i64>(&r.captured_at)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Text>, _>(&r.age_band)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Text>, Option<String>>(&r.receipt_code)?;
        out.push_sql(", ");
        out.push_bind_param::<Text, String>(&r.content_hash)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, i64>(&r.received_at)?;
        out.push_sql(", ");
        out.push_bind_param::<BigInt, i64>(&r.seq)?;
        out.push_sql(")");
        Ok(())
    }
}

impl<Conn> RunQueryDsl<Conn> for InsertResponse<'_> {}
impl<Conn> RunQueryDsl<Conn> for AddResponses {}
impl<Conn> RunQueryDsl<Conn> for AddAnswers<'_> {}
impl<Conn> RunQueryDsl<Conn> for AddAnswerCells<'_> {}
impl<Conn> RunQueryDsl<Conn> for InsertAnswer<'_> {}
