//! The rows a batch will write: each item's prepared before the write transaction, gathered
//! inside it, then written with a few multi-row statements (far fewer round trips than one
//! statement per row).

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

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
    /// Items already accepted in this batch: (kind, id) → content hash.
    pending: HashMap<(ItemKind, String), String>,
}

/// Where rows stand in a [`BatchWrites`]: the lengths of its lists at one moment. An item's
/// rows are those between the mark taken before it and the one taken after.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mark {
    responses: usize,
    answers: usize,
    testimonies: usize,
    themes: usize,
    outings: usize,
}

/// One item's rows (or the whole batch's): ranges of each list.
#[derive(Debug, Clone)]
pub struct Rows {
    responses: Range<usize>,
    answers: Range<usize>,
    testimonies: Range<usize>,
    themes: Range<usize>,
    outings: Range<usize>,
}

impl BatchWrites {
    /// The content hash of an item accepted earlier in this batch, if any.
    pub fn pending_hash(&self, kind: ItemKind, id: &str) -> Option<&String> {
        self.pending.get(&(kind, id.to_owned()))
    }

    pub fn accept(&mut self, kind: ItemKind, id: &str, hash: &str) {
        self.pending.insert((kind, id.to_owned()), hash.to_owned());
    }

    /// Forgets an accepted item (its rows were refused by the database).
    pub fn forget(&mut self, kind: ItemKind, id: &str) {
        self.pending.remove(&(kind, id.to_owned()));
    }

    /// Adds one item's rows, prepared before the transaction, under the batch's sequence number.
    pub fn append(&mut self, mut rows: BatchWrites, seq: i64) {
        rows.responses.iter_mut().for_each(|r| r.seq = seq);
        rows.testimonies.iter_mut().for_each(|t| t.seq = seq);
        rows.outings.iter_mut().for_each(|o| o.seq = seq);
        self.responses.append(&mut rows.responses);
        self.answers.append(&mut rows.answers);
        self.testimonies.append(&mut rows.testimonies);
        self.themes.append(&mut rows.themes);
        self.outings.append(&mut rows.outings);
    }

    pub fn mark(&self) -> Mark {
        Mark {
            responses: self.responses.len(),
            answers: self.answers.len(),
            testimonies: self.testimonies.len(),
            themes: self.themes.len(),
            outings: self.outings.len(),
        }
    }

    /// The rows gathered since `mark`.
    pub fn since(&self, mark: Mark) -> Rows {
        self.between(mark, self.mark())
    }

    fn between(&self, from: Mark, to: Mark) -> Rows {
        Rows {
            responses: from.responses..to.responses,
            answers: from.answers..to.answers,
            testimonies: from.testimonies..to.testimonies,
            themes: from.themes..to.themes,
            outings: from.outings..to.outings,
        }
    }

    /// Test fault ([`super::ItemFaults::refused_by_database`]): these rows name a quartier that
    /// does not exist, so the database refuses them with a foreign-key violation.
    pub fn poison(&mut self, rows: &Rows) {
        const NO_QUARTIER: i64 = i64::MAX;
        for r in self
            .responses
            .get_mut(rows.responses.clone())
            .unwrap_or_default()
        {
            r.quartier_id = NO_QUARTIER;
        }
        for t in self
            .testimonies
            .get_mut(rows.testimonies.clone())
            .unwrap_or_default()
        {
            t.quartier_id = NO_QUARTIER;
        }
        for o in self
            .outings
            .get_mut(rows.outings.clone())
            .unwrap_or_default()
        {
            o.quartier_id = NO_QUARTIER;
        }
    }

    /// Writes every row of the batch and adds them to the tallies.
    pub fn flush(&self, conn: &mut DbConnection) -> QueryResult<()> {
        self.flush_rows(conn, &self.between(Mark::default(), self.mark()))
    }

    /// Writes some of the rows (one item's, when the batch's were refused) with their tallies.
    pub fn flush_rows(&self, conn: &mut DbConnection, rows: &Rows) -> QueryResult<()> {
        let responses = self
            .responses
            .get(rows.responses.clone())
            .unwrap_or_default();
        let answers = self.answers.get(rows.answers.clone()).unwrap_or_default();
        let testimonies = self
            .testimonies
            .get(rows.testimonies.clone())
            .unwrap_or_default();
        let themes = self.themes.get(rows.themes.clone()).unwrap_or_default();
        let outings = self.outings.get(rows.outings.clone()).unwrap_or_default();
        for chunk in responses.chunks(CHUNK) {
            crate::on_backend!(&mut *conn, |c| diesel::insert_into(responses::table)
                .values(chunk)
                .execute(c))?;
        }
        for chunk in answers.chunks(CHUNK) {
            crate::on_backend!(&mut *conn, |c| diesel::insert_into(answers::table)
                .values(chunk)
                .execute(c))?;
        }
        for chunk in testimonies.chunks(CHUNK / 2) {
            crate::on_backend!(&mut *conn, |c| diesel::insert_into(testimonies::table)
                .values(chunk)
                .execute(c))?;
        }
        for chunk in themes.chunks(CHUNK) {
            crate::on_backend!(&mut *conn, |c| diesel::insert_into(testimony_themes::table)
                .values(chunk)
                .execute(c))?;
        }
        for chunk in outings.chunks(CHUNK) {
            crate::on_backend!(&mut *conn, |c| diesel::insert_into(outings::table)
                .values(chunk)
                .execute(c))?;
        }
        // Tallies, in key order (two PostgreSQL writers lock the same rows in the same order).
        let mut response_cells: BTreeMap<(i64, i64), i64> = BTreeMap::new();
        let mut cell_of: HashMap<&str, (i64, i64)> = HashMap::with_capacity(responses.len());
        for r in responses {
            *response_cells
                .entry((r.survey_version_id, r.quartier_id))
                .or_default() += 1;
            cell_of.insert(&r.id, (r.survey_version_id, r.quartier_id));
        }
        let mut answer_cells: BTreeMap<(i64, i64, &str, &str), i64> = BTreeMap::new();
        for a in answers {
            if let Some(&(version, quartier)) = cell_of.get(a.response_id.as_str()) {
                *answer_cells
                    .entry((version, quartier, &a.question_code, &a.option_code))
                    .or_default() += 1;
            }
        }
        for ((version, quartier), delta) in response_cells {
            tallies::add_responses(conn, version, quartier, delta)?;
        }
        for ((version, quartier, question, option), delta) in answer_cells {
            tallies::add_answer(conn, version, quartier, question, option, delta)?;
        }
        Ok(())
    }
}
