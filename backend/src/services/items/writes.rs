//! The rows a batch will write: each item's prepared before the write transaction, gathered
//! inside it, then written with a few multi-row statements (far fewer round trips than one
//! statement per row).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use diesel::pg::PgConnection;
use diesel::prelude::*;
use portevoix_domain::wire::ItemKind;
use uuid::Uuid;

use crate::db::kept::{InsertAnswer, InsertResponse};
use crate::db::models::{NewAnswer, NewOuting, NewResponse, NewTestimony, NewTestimonyTheme};
use crate::db::schema::{answers, outings, responses, testimonies, testimony_themes};
use crate::db::DbConnection;
use crate::services::tallies::TallyDeltas;

/// Rows per INSERT: well under SQLite's 32,766 bound parameters for the widest table.
const CHUNK: usize = 500;

/// Inserts parent rows in id order (two pushes sharing ids wait for each other in one order,
/// never in a cycle), `ON CONFLICT (id) DO NOTHING`; gives the ids written.
macro_rules! insert_new {
    ($pg:expr, $table:ident, $rows:expr, $chunk:expr) => {{
        let mut sorted: Vec<_> = $rows.iter().collect();
        sorted.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        let mut written: Vec<String> = Vec::with_capacity(sorted.len());
        for chunk in sorted.chunks($chunk) {
            written.extend(
                diesel::insert_into($table::table)
                    .values(chunk.to_vec())
                    .on_conflict($table::id)
                    .do_nothing()
                    .returning($table::id)
                    .get_results::<String>($pg)?,
            );
        }
        written
    }};
}
#[derive(Default)]
pub struct BatchWrites {
    pub responses: Vec<NewResponse>,
    pub answers: Vec<NewAnswer>,
    pub testimonies: Vec<NewTestimony>,
    pub themes: Vec<NewTestimonyTheme>,
    pub outings: Vec<NewOuting>,
    /// Items already accepted in this batch: (kind, id) → content hash.
    pending: HashMap<(ItemKind, Uuid), String>,
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
    pub fn pending_hash(&self, kind: ItemKind, id: Uuid) -> Option<&String> {
        self.pending.get(&(kind, id))
    }

    pub fn accept(&mut self, kind: ItemKind, id: Uuid, hash: &str) {
        self.pending.insert((kind, id), hash.to_owned());
    }

    /// Forgets an accepted item (its rows were refused by the database).
    pub fn forget(&mut self, kind: ItemKind, id: Uuid) {
        self.pending.remove(&(kind, id));
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

    /// Every row of the batch.
    pub fn all(&self) -> Rows {
        self.between(Mark::default(), self.mark())
    }

    /// Writes every row of the batch; returns what they add to the tallies.
    pub fn flush(&self, conn: &mut DbConnection) -> QueryResult<TallyDeltas> {
        self.flush_rows(conn, &self.all())
    }

    /// Writes some of the rows (one item's, when the batch's were refused); returns what they
    /// add to the tallies.
    pub fn flush_rows(&self, conn: &mut DbConnection, rows: &Rows) -> QueryResult<TallyDeltas> {
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
        insert_responses(conn, responses, answers)?;
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
        Ok(tallies_of(responses, answers))
    }

    /// PostgreSQL, taking the sequence number last: writes the rows as [`Self::flush_rows`]
    /// does, but another push may be storing the same items at the same moment (the look-ups
    /// ran without the lock). Parents are inserted `ON CONFLICT (id) DO NOTHING` in id order
    /// (two pushes sharing ids wait for each other in one order, never in a cycle), and only
    /// the children and tallies of those written follow. Their sequence number is still unset
    /// ([`Raced::number`]).
    pub fn flush_racing(&self, pg: &mut PgConnection, rows: &Rows) -> QueryResult<Raced> {
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
        let mut raced = Raced {
            responses: insert_new!(pg, responses, responses, CHUNK),
            testimonies: insert_new!(pg, testimonies, testimonies, CHUNK / 2),
            outings: insert_new!(pg, outings, outings, CHUNK),
            ..Raced::default()
        };
        let written: HashSet<&str> = [&raced.responses, &raced.testimonies, &raced.outings]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        let kept_answers: Vec<&NewAnswer> = answers
            .iter()
            .filter(|a| written.contains(a.response_id.as_str()))
            .collect();
        for chunk in kept_answers.chunks(CHUNK) {
            diesel::insert_into(answers::table)
                .values(chunk.to_vec())
                .execute(pg)?;
        }
        let kept_themes: Vec<&NewTestimonyTheme> = themes
            .iter()
            .filter(|t| written.contains(t.testimony_id.as_str()))
            .collect();
        for chunk in kept_themes.chunks(CHUNK) {
            diesel::insert_into(testimony_themes::table)
                .values(chunk.to_vec())
                .execute(pg)?;
        }
        let kept_responses = responses.iter().filter(|r| written.contains(r.id.as_str()));
        raced.tallies = tallies_of(kept_responses, kept_answers.iter().copied());
        let parents = responses
            .iter()
            .map(|r| &r.id)
            .chain(testimonies.iter().map(|t| &t.id))
            .chain(outings.iter().map(|o| &o.id));
        raced.skipped = parents
            .filter(|id| !written.contains(id.as_str()))
            .cloned()
            .collect();
        Ok(raced)
    }
}

/// What [`BatchWrites::flush_racing`] wrote.
#[derive(Default)]
pub struct Raced {
    /// What the rows written add to the tallies.
    pub tallies: TallyDeltas,
    /// Ids of the parent rows written, by table, still to be numbered.
    responses: Vec<String>,
    testimonies: Vec<String>,
    outings: Vec<String>,
    /// Ids another push had stored first: nothing of these items was written here.
    pub skipped: HashSet<String>,
}

impl Raced {
    pub fn merge(&mut self, other: Raced) {
        self.tallies.merge(other.tallies);
        self.responses.extend(other.responses);
        self.testimonies.extend(other.testimonies);
        self.outings.extend(other.outings);
        self.skipped.extend(other.skipped);
    }

    /// Gives the rows written their sequence number, taken last (its lock is held to the
    /// commit, so numbers still follow commit order).
    pub fn number(&self, pg: &mut PgConnection, seq: i64) -> QueryResult<()> {
        for chunk in self.responses.chunks(CHUNK) {
            diesel::update(responses::table.filter(responses::id.eq_any(chunk)))
                .set(responses::seq.eq(seq))
                .execute(pg)?;
        }
        for chunk in self.testimonies.chunks(CHUNK) {
            diesel::update(testimonies::table.filter(testimonies::id.eq_any(chunk)))
                .set(testimonies::seq.eq(seq))
                .execute(pg)?;
        }
        for chunk in self.outings.chunks(CHUNK) {
            diesel::update(outings::table.filter(outings::id.eq_any(chunk)))
                .set(outings::seq.eq(seq))
                .execute(pg)?;
        }
        Ok(())
    }
}

/// What stored responses and their answers add to the tallies, counted per cell (written once
/// by the caller, see `TallyDeltas`).
fn tallies_of<'a>(
    responses: impl IntoIterator<Item = &'a NewResponse>,
    answers: impl IntoIterator<Item = &'a NewAnswer>,
) -> TallyDeltas {
    let mut cell_of: HashMap<&str, (i64, i64)> = HashMap::new();
    let mut tallies = TallyDeltas::default();
    for r in responses {
        tallies.add_response(r.survey_version_id, r.quartier_id);
        cell_of.insert(&r.id, (r.survey_version_id, r.quartier_id));
    }
    let mut answer_cells: HashMap<(i64, i64, &str, &str), i64> = HashMap::new();
    for a in answers {
        if let Some(&(version, quartier)) = cell_of.get(a.response_id.as_str()) {
            *answer_cells
                .entry((version, quartier, &a.question_code, &a.option_code))
                .or_default() += 1;
        }
    }
    for ((version, quartier, question, option), delta) in answer_cells {
        tallies.add_answers(version, quartier, question, option, delta);
    }
    tallies
}

/// Responses and their answers, the most numerous rows: on SQLite one kept statement run per
/// row (no SQL to build or parse: the writer's statements stay prepared), on PostgreSQL
/// multi-row statements (one round trip per 500 rows).
fn insert_responses(
    conn: &mut DbConnection,
    responses: &[NewResponse],
    answers: &[NewAnswer],
) -> QueryResult<()> {
    match conn {
        DbConnection::Sqlite(c) => {
            for r in responses {
                InsertResponse(r).execute(c)?;
            }
            for a in answers {
                InsertAnswer {
                    response_id: &a.response_id,
                    question: &a.question_code,
                    option: &a.option_code,
                    number: a.number_value,
                    text: a.text_value.as_deref(),
                }
                .execute(c)?;
            }
        }
        DbConnection::Pg(c) => {
            for chunk in responses.chunks(CHUNK) {
                diesel::insert_into(responses::table)
                    .values(chunk)
                    .execute(c)?;
            }
            for chunk in answers.chunks(CHUNK) {
                diesel::insert_into(answers::table)
                    .values(chunk)
                    .execute(c)?;
            }
        }
    }
    Ok(())
}
