//! PostgreSQL's write of a prepared batch, with the sequence number taken last (issue 18).
//!
//! Pushes run in concurrent transactions there. The `sync_counter` row lock makes sequence
//! numbers follow commit order, and it is held from the moment it is taken to the commit; taken
//! first, it made every push wait for the one before it from its first statement. Now a push
//! looks up what is stored and inserts its rows without it, so pushes overlap; only the
//! numbering of its rows, the tallies and the commit run under it.
//!
//! Without the lock, two pushes holding the same item can both find it absent. The inserts
//! absorb that race: parents go in `ON CONFLICT (id) DO NOTHING` (the second waits for the
//! first to commit, then writes nothing), children and tallies follow only for the parents
//! written, and each item the other push stored first is looked up again and answered
//! `duplicate` (same content) or `conflict`, as if it had been stored before this push began.

use std::collections::HashSet;

use diesel::prelude::*;
use portevoix_domain::wire::ItemKind;
use uuid::Uuid;

use super::writes::Raced;
use super::{
    gather, look_up, refuse, refused_value, savepoint, BatchCache, Created, Gathered, ItemFaults,
    Outcome, PreparedBatch, Written,
};
use crate::auth::AuthUser;
use crate::db::schema::{outings, responses, testimonies};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::services::sequence;

/// Placeholder sequence number of rows written before the number is taken; never committed.
const UNNUMBERED: i64 = 0;

pub(super) fn write_prepared(
    conn: &mut DbConnection,
    actor: &AuthUser,
    faults: &ItemFaults,
    batch: PreparedBatch,
) -> Result<Written, ApiError> {
    let slots = batch.slots;
    let mut cache = BatchCache::default();
    cache.load_stored(conn, &slots)?;
    let Gathered {
        mut writes,
        mut outcomes,
        created,
        ids,
    } = gather(conn, &mut cache, actor, faults, UNNUMBERED, slots)?;
    let raced = match savepoint(conn, |conn| flush(conn, &writes, None)) {
        Ok(raced) => raced,
        Err(error) if refused_value(&error) => {
            // Some row was refused: store item by item to find which, and keep the rest.
            tracing::warn!(%error, "a push batch was refused; storing it item by item");
            let mut raced = Raced::default();
            for item in &created {
                match savepoint(conn, |conn| flush(conn, &writes, Some(item))) {
                    Ok(stored) => raced.merge(stored),
                    Err(error) if refused_value(&error) => {
                        tracing::warn!(%error, id = %item.id, "an item was refused by the database");
                        refuse(&mut outcomes, &ids, &mut writes, item);
                    }
                    Err(error) => return Err(error.into()),
                }
            }
            raced
        }
        Err(error) => return Err(error.into()),
    };
    if !raced.skipped.is_empty() {
        let hashes = Hashes::of(&writes, &created);
        answer_skipped(conn, &mut outcomes, &ids, &created, &raced.skipped, &hashes)?;
    }
    // The lock, held from here to the commit: this number is above every number committed
    // before, and every push numbered after this one commits after it.
    let seq = sequence::next(conn)?;
    let DbConnection::Pg(pg) = conn else {
        return Err(ApiError::internal(anyhow::anyhow!(
            "numbered_last runs on PostgreSQL only"
        )));
    };
    raced.number(pg, seq)?;
    Ok(Written {
        outcomes,
        tallies: raced.tallies,
    })
}

/// Writes the whole batch's rows (`None`) or one item's.
fn flush(
    conn: &mut DbConnection,
    writes: &super::BatchWrites,
    item: Option<&Created>,
) -> QueryResult<Raced> {
    let DbConnection::Pg(pg) = conn else {
        return Err(diesel::result::Error::QueryBuilderError(
            "numbered_last runs on PostgreSQL only".into(),
        ));
    };
    match item {
        Some(item) => writes.flush_racing(pg, &item.rows),
        None => writes.flush_racing(pg, &writes.all()),
    }
}

/// The content hash of each item this push meant to create.
struct Hashes(Vec<(ItemKind, Uuid, String)>);

impl Hashes {
    fn of(writes: &super::BatchWrites, created: &[Created]) -> Self {
        Self(
            created
                .iter()
                .filter_map(|c| {
                    let hash = writes.pending_hash(c.kind, c.id)?;
                    Some((c.kind, c.id, hash.clone()))
                })
                .collect(),
        )
    }

    fn get(&self, kind: ItemKind, id: Uuid) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, i, _)| *k == kind && *i == id)
            .map(|(_, _, hash)| hash.as_str())
    }
}

/// The items another push stored while this one was writing: `duplicate` when it stored the
/// same content (or it has been erased since: acknowledged, never stored again), `conflict`
/// otherwise; so are their copies later in this batch, which were told `duplicate` of them.
fn answer_skipped(
    conn: &mut DbConnection,
    outcomes: &mut [Outcome],
    ids: &[Option<(ItemKind, Uuid)>],
    created: &[Created],
    skipped: &HashSet<String>,
    hashes: &Hashes,
) -> Result<(), ApiError> {
    let skipped_ids: Vec<String> = skipped.iter().cloned().collect();
    let mut stored: Vec<(String, String)> = look_up(&skipped_ids, |chunk| {
        responses::table
            .filter(responses::id.eq_any(chunk))
            .select((responses::id, responses::content_hash))
            .load(conn)
    })?;
    stored.extend(look_up(&skipped_ids, |chunk| {
        testimonies::table
            .filter(testimonies::id.eq_any(chunk))
            .select((testimonies::id, testimonies::content_hash))
            .load(conn)
    })?);
    stored.extend(look_up(&skipped_ids, |chunk| {
        outings::table
            .filter(outings::id.eq_any(chunk))
            .select((outings::id, outings::content_hash))
            .load(conn)
    })?);
    for item in created {
        let id = item.id.to_string();
        if !skipped.contains(&id) {
            continue;
        }
        let ours = hashes.get(item.kind, item.id);
        let theirs = stored
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, h)| h.as_str());
        let outcome = match (theirs, ours) {
            (Some(theirs), Some(ours)) if theirs != ours => Outcome::Conflict,
            // Stored by the other push; or stored by it and erased before this look-up (with a
            // tombstone, or gone otherwise): nothing is lost (the other push's phone was told
            // `created`), and storing it again now would bring back what was removed.
            _ => Outcome::Duplicate,
        };
        if let Some(slot) = outcomes.get_mut(item.index) {
            *slot = outcome.clone();
        }
        if outcome == Outcome::Conflict {
            for (later, same) in outcomes.iter_mut().zip(ids).skip(item.index + 1) {
                if *same == Some((item.kind, item.id)) && *later == Outcome::Duplicate {
                    *later = Outcome::Conflict;
                }
            }
        }
    }
    Ok(())
}
