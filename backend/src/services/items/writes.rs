//! The rows a batch will write, gathered while items are checked, then written with a few
//! multi-row statements: far fewer round trips than one statement per row.

use std::collections::{BTreeMap, HashMap};

use diesel::prelude::*;
use portevoix_domain::wire::ItemKind;

use crate::db::models::{NewAnswer, NewOuting, NewResponse, NewTestimony, NewTestimonyTheme};
use crate::db::schema::{answers, outings, responses, testimonies, testimony_themes};
use crate::db::DbConnection;
use crate::services::tallies;

/// Rows per INSERT: well under SQLite's 32,766 bound parameters for the widest table.
const CHUNK: usize = 500;

#[derive(Default)]
pub struct BatchWrites {
    pub responses: Vec<NewResponse>,
    pub answers: Vec<NewAnswer>,
    pub testimonies: Vec<NewTestimony>,
    pub themes: Vec<NewTestimonyTheme>,
    pub outings: Vec<NewOuting>,
    /// (version, quartier) → responses added.
    response_cells: BTreeMap<(i64, i64), i64>,
    /// (version, quartier, question, option) → answers added.
    answer_cells: BTreeMap<(i64, i64, String, String), i64>,
    /// Items already accepted in this batch: (kind, id) → content hash.
    pending: HashMap<(ItemKind, String), String>,
}

impl BatchWrites {
    /// The content hash of an item accepted earlier in this batch, if any.
    pub fn pending_hash(&self, kind: ItemKind, id: &str) -> Option<&String> {
        self.pending.get(&(kind, id.to_owned()))
    }

    pub fn accept(&mut self, kind: ItemKind, id: &str, hash: &str) {
        self.pending.insert((kind, id.to_owned()), hash.to_owned());
    }

    pub fn count_response(&mut self, version: i64, quartier: i64, rows: &[tallies::AnswerRow]) {
        *self.response_cells.entry((version, quartier)).or_default() += 1;
        for row in rows {
            *self
                .answer_cells
                .entry((version, quartier, row.question.clone(), row.option.clone()))
                .or_default() += 1;
        }
    }

    pub fn flush(self, conn: &mut DbConnection) -> QueryResult<()> {
        for chunk in self.responses.chunks(CHUNK) {
            crate::on_backend!(&mut *conn, |c| diesel::insert_into(responses::table)
                .values(chunk)
                .execute(c))?;
        }
        for chunk in self.answers.chunks(CHUNK) {
            crate::on_backend!(&mut *conn, |c| diesel::insert_into(answers::table)
                .values(chunk)
                .execute(c))?;
        }
        for chunk in self.testimonies.chunks(CHUNK / 2) {
            crate::on_backend!(&mut *conn, |c| diesel::insert_into(testimonies::table)
                .values(chunk)
                .execute(c))?;
        }
        for chunk in self.themes.chunks(CHUNK) {
            crate::on_backend!(&mut *conn, |c| diesel::insert_into(testimony_themes::table)
                .values(chunk)
                .execute(c))?;
        }
        for chunk in self.outings.chunks(CHUNK) {
            crate::on_backend!(&mut *conn, |c| diesel::insert_into(outings::table)
                .values(chunk)
                .execute(c))?;
        }
        for ((version, quartier), delta) in self.response_cells {
            tallies::add_responses(conn, version, quartier, delta)?;
        }
        for ((version, quartier, question, option), delta) in self.answer_cells {
            tallies::add_answer(conn, version, quartier, &question, &option, delta)?;
        }
        Ok(())
    }
}
