//! Ingest of captured items (answer sets, testimonies, outings): the one path used by the
//! single-item endpoints and by the sync push. Each item is idempotent on its device-made id.
//!
//! A batch is prepared first, outside any transaction: each item is parsed, validated, hashed,
//! its texts cleaned and analysed, its rows built (a bad item is rejected alone), reading what
//! changes rarely (survey versions, quartiers, themes, codebook, devices) with ordinary reads.
//! Then one short write transaction holds only what needs the lock: the sequence number, the
//! idempotency look-ups, the outing ownership check, and the writes (a few multi-row statements,
//! then the tallies: one upsert per cell for the whole transaction, which on SQLite's one writer
//! is a group of pushes).

mod checkpoints;
mod faults;
mod numbered_last;
mod prepare;
mod writer;
mod writes;

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use diesel::prelude::*;
use portevoix_domain::analysis::Analyzer;
use portevoix_domain::survey::SurveyDefinition;
use portevoix_domain::wire::{
    ItemKind, ModerationStatus, OutingInput, PushItem, PushResult, PushStatus, ResponseInput,
    SurveyStatus, TestimonyInput, TombstoneEntity,
};
use uuid::Uuid;

pub use faults::{ItemFaults, LostAnswers, WriterGate};
use prepare::{prepare_item, ItemError, Slot};
pub use writer::Writer;
use writes::BatchWrites;

use crate::auth::AuthUser;
use crate::clock::now_ms;
use crate::db::models::{NewAnswer, NewOuting, NewResponse, NewTestimony, NewTestimonyTheme};
use crate::db::schema::{
    devices, outings, quartiers, responses, survey_quartiers, survey_versions, surveys,
    testimonies, themes, tombstones,
};
use crate::db::{write_transaction, DbConnection, Stored};
use crate::error::ApiError;
use crate::services::tallies::TallyDeltas;
use crate::services::{analysis, sequence, tallies};
use crate::startup::AppState;

pub use portevoix_domain::intake::Rejection;

/// One item's fate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Duplicate,
    Conflict,
    Rejected(Rejection),
}

impl Outcome {
    pub fn into_result(self, index: usize, id: Option<Uuid>) -> PushResult {
        let (status, code, message, field) = match self {
            Outcome::Created => (PushStatus::Created, None, None, None),
            Outcome::Duplicate => (PushStatus::Duplicate, None, None, None),
            Outcome::Conflict => (
                PushStatus::Conflict,
                Some("conflict".to_owned()),
                Some("un autre contenu est déjà enregistré sous cet identifiant ; le premier est conservé".to_owned()),
                None,
            ),
            Outcome::Rejected(r) => (PushStatus::Rejected, Some(r.code.to_owned()), Some(r.message), r.field),
        };
        PushResult {
            index,
            id,
            status,
            code,
            message,
            field,
        }
    }
}

/// Ids per `IN (…)` look-up: well under SQLite's bound on parameters.
pub const LOOKUP_CHUNK: usize = 500;

/// Runs a look-up by ids in chunks of [`LOOKUP_CHUNK`] and gathers its rows.
pub fn look_up<T>(
    ids: &[String],
    mut query: impl FnMut(&[String]) -> QueryResult<Vec<T>>,
) -> QueryResult<Vec<T>> {
    let mut rows = Vec::new();
    for chunk in ids.chunks(LOOKUP_CHUNK) {
        rows.extend(query(chunk)?);
    }
    Ok(rows)
}

/// A published version as the ingest needs it, loaded once per batch.
struct VersionInfo {
    survey_status: SurveyStatus,
    definition: SurveyDefinition,
    quartiers: Vec<i64>,
}

/// What a batch looks up once: versions, themes, quartiers, devices, the analyzer (before the
/// transaction), stored hashes and outing owners (inside it).
#[derive(Default)]
struct BatchCache {
    versions: HashMap<i64, Option<VersionInfo>>,
    analyzer: Option<Arc<Analyzer>>,
    themes: Option<HashSet<String>>,
    quartiers: Option<HashSet<i64>>,
    devices: HashMap<Uuid, bool>,
    stored: HashMap<(ItemKind, Uuid), String>,
    /// Items of this batch a coordinator erased (receipt code): acknowledged, never stored again.
    erased: HashSet<(ItemKind, Uuid)>,
    /// Outing id → the volunteer who recorded it (`None`: not on the server yet).
    outing_owners: HashMap<Uuid, Option<i64>>,
}

impl BatchCache {
    /// Content hashes of the items of this batch the database already holds (three queries),
    /// and which of them were erased (tombstones: a phone that never saw the acknowledgement
    /// sends an item again, possibly after the resident had it erased).
    fn load_stored(
        &mut self,
        conn: &mut DbConnection,
        items: &[Result<Slot, Rejection>],
    ) -> QueryResult<()> {
        let ids = |kind: ItemKind| -> Vec<String> {
            items
                .iter()
                .flatten()
                .filter(|i| i.kind == kind)
                .map(|i| i.id.to_string())
                .collect()
        };
        let (response_ids, testimony_ids) = (ids(ItemKind::Response), ids(ItemKind::Testimony));
        let hashes = [
            (
                ItemKind::Response,
                look_up(&response_ids, |chunk| {
                    responses::table
                        .filter(responses::id.eq_any(chunk))
                        .select((responses::id, responses::content_hash))
                        .load(conn)
                })?,
            ),
            (
                ItemKind::Testimony,
                look_up(&testimony_ids, |chunk| {
                    testimonies::table
                        .filter(testimonies::id.eq_any(chunk))
                        .select((testimonies::id, testimonies::content_hash))
                        .load(conn)
                })?,
            ),
            (
                ItemKind::Outing,
                look_up(&ids(ItemKind::Outing), |chunk| {
                    outings::table
                        .filter(outings::id.eq_any(chunk))
                        .select((outings::id, outings::content_hash))
                        .load(conn)
                })?,
            ),
        ];
        for (kind, rows) in hashes {
            // Stored ids are written as `Uuid::to_string` gives them, so each one parses.
            self.stored
                .extend(rows.into_iter().filter_map(|(id, hash): (String, String)| {
                    Some(((kind, Uuid::parse_str(&id).ok()?), hash))
                }));
        }
        // One query for both kinds (ids are UUIDs, unique across kinds).
        let erasable = [response_ids, testimony_ids].concat();
        let erased: Vec<(TombstoneEntity, String)> = look_up(&erasable, |chunk| {
            tombstones::table
                .filter(tombstones::entity_id.eq_any(chunk))
                .filter(tombstones::entity.eq_any([
                    Stored(TombstoneEntity::Response),
                    Stored(TombstoneEntity::Testimony),
                ]))
                .select((tombstones::entity, tombstones::entity_id))
                .load(conn)
        })?;
        self.erased
            .extend(erased.into_iter().filter_map(|(entity, id)| {
                let kind = if entity == TombstoneEntity::Response {
                    ItemKind::Response
                } else {
                    ItemKind::Testimony
                };
                Some((kind, Uuid::parse_str(&id).ok()?))
            }));
        Ok(())
    }

    fn version(
        &mut self,
        conn: &mut DbConnection,
        version_id: i64,
    ) -> Result<Option<&VersionInfo>, ApiError> {
        if let Entry::Vacant(slot) = self.versions.entry(version_id) {
            let row: Option<(i64, SurveyStatus, String)> = survey_versions::table
                .inner_join(surveys::table)
                .filter(survey_versions::id.eq(version_id))
                .select((surveys::id, surveys::status, survey_versions::definition))
                .first(conn)
                .optional()?;
            let info = match row {
                Some((survey_id, status, definition)) => Some(VersionInfo {
                    survey_status: status,
                    definition: serde_json::from_str(&definition).map_err(ApiError::internal)?,
                    quartiers: survey_quartiers::table
                        .filter(survey_quartiers::survey_id.eq(survey_id))
                        .select(survey_quartiers::quartier_id)
                        .load(conn)?,
                }),
                None => None,
            };
            slot.insert(info);
        }
        Ok(self.versions.get(&version_id).and_then(Option::as_ref))
    }

    /// An answer set or a testimony may name the outing it was captured in only if that outing
    /// is the sender's own (stored, or earlier in this batch) or not on the server yet (the
    /// phone sends it later): another volunteer's outing is refused, so nobody changes someone
    /// else's follow-up figures.
    fn check_outing(
        &mut self,
        conn: &mut DbConnection,
        writes: &BatchWrites,
        actor: &AuthUser,
        outing: Option<Uuid>,
    ) -> Result<(), ItemError> {
        let Some(outing) = outing else {
            return Ok(());
        };
        let in_batch = writes
            .outings
            .iter()
            .find(|o| o.id == outing.to_string())
            .map(|o| o.user_id);
        let owner = match in_batch {
            Some(owner) => Some(owner),
            None => match self.outing_owners.get(&outing) {
                Some(owner) => *owner,
                None => {
                    let owner: Option<i64> = outings::table
                        .find(outing.to_string())
                        .select(outings::user_id)
                        .first(conn)
                        .optional()?;
                    self.outing_owners.insert(outing, owner);
                    owner
                }
            },
        };
        match owner {
            Some(owner) if owner != actor.id => Err(Rejection::new(
                "foreign_outing",
                "cette sortie n'est pas la vôtre",
                Some("outing_id"),
            )
            .into()),
            _ => Ok(()),
        }
    }

    /// The analyzer for the codebook as it is now (one query per batch).
    fn analyzer(&mut self, conn: &mut DbConnection) -> Result<Arc<Analyzer>, ApiError> {
        if let Some(analyzer) = &self.analyzer {
            return Ok(analyzer.clone());
        }
        let analyzer = analysis::analyzer(conn)?;
        self.analyzer = Some(analyzer.clone());
        Ok(analyzer)
    }

    fn quartier_exists(&mut self, conn: &mut DbConnection, id: i64) -> QueryResult<bool> {
        if self.quartiers.is_none() {
            self.quartiers = Some(
                quartiers::table
                    .select(quartiers::id)
                    .load::<i64>(conn)?
                    .into_iter()
                    .collect(),
            );
        }
        Ok(self.quartiers.as_ref().is_some_and(|q| q.contains(&id)))
    }

    fn theme_exists(&mut self, conn: &mut DbConnection, code: &str) -> QueryResult<bool> {
        if self.themes.is_none() {
            self.themes = Some(
                themes::table
                    .select(themes::code)
                    .load::<String>(conn)?
                    .into_iter()
                    .collect(),
            );
        }
        Ok(self.themes.as_ref().is_some_and(|t| t.contains(code)))
    }

    /// Which device an item is recorded under. A phone signed in through enrolment can only push
    /// for itself; otherwise the named device must belong to the caller and not be revoked.
    fn device(
        &mut self,
        conn: &mut DbConnection,
        actor: &AuthUser,
        claimed: Option<Uuid>,
    ) -> Result<Option<String>, ItemError> {
        let foreign = || {
            Rejection::new(
                "foreign_device",
                "cet appareil n'est pas le vôtre ou a été révoqué",
                Some("device_id"),
            )
        };
        let device = match (actor.device_id, claimed) {
            (Some(own), None) => Ok(Some(own)),
            (Some(own), Some(claimed)) if own == claimed => Ok(Some(own)),
            (Some(_), Some(_)) => Err(foreign()),
            (None, None) => Ok(None),
            (None, Some(claimed)) => {
                let owned = match self.devices.get(&claimed) {
                    Some(owned) => *owned,
                    None => {
                        let count: i64 = devices::table
                            .filter(devices::id.eq(claimed.to_string()))
                            .filter(devices::user_id.eq(actor.id))
                            .filter(devices::revoked_at.is_null())
                            .count()
                            .get_result(conn)?;
                        self.devices.insert(claimed, count > 0);
                        count > 0
                    }
                };
                if owned {
                    Ok(Some(claimed))
                } else {
                    Err(foreign())
                }
            }
        };
        Ok(device?.map(|d| d.to_string()))
    }
}

/// Whether the caller may push for this device at all (checked once per push request); the
/// caller, recorded under that device.
pub fn check_push_device(
    conn: &mut DbConnection,
    actor: AuthUser,
    device_id: Option<Uuid>,
) -> Result<AuthUser, ApiError> {
    match BatchCache::default().device(conn, &actor, device_id) {
        Ok(_) => {}
        Err(ItemError::Rejected(_)) => {
            return Err(ApiError::Forbidden(
                "cet appareil n'est pas le vôtre ou a été révoqué".into(),
            ))
        }
        Err(ItemError::Server(error)) => return Err(error),
    }
    Ok(match (actor.device_id, device_id) {
        (None, Some(device)) => AuthUser {
            device_id: Some(device),
            ..actor
        },
        _ => actor,
    })
}

/// A push from the phone or a single-item create: the device it names checked once, the
/// batch prepared on the blocking pool (in parallel with other requests), then written: on
/// SQLite by the one writer (grouped with the other pushes waiting), on PostgreSQL in its own
/// transaction. Only a failure of the server fails the whole request.
pub async fn ingest(
    state: &AppState,
    actor: AuthUser,
    device_id: Option<Uuid>,
    items: Vec<Result<PushItem, Rejection>>,
) -> Result<Vec<Outcome>, ApiError> {
    let faults = state.settings.item_faults.clone();
    let Some(writer) = &state.writer else {
        return state
            .db(move |conn| {
                let actor = check_push_device(conn, actor, device_id)?;
                let ids: Vec<Uuid> = items.iter().flatten().map(PushItem::id).collect();
                let outcomes = ingest_batch(conn, &actor, items, &faults)?;
                if faults.lose_answers_once.fire(ids) {
                    return Err(ApiError::Unavailable("fault injected: answer lost".into()));
                }
                Ok(outcomes)
            })
            .await;
    };
    let (actor, batch) = state
        .db(move |conn| {
            let actor = check_push_device(conn, actor, device_id)?;
            let batch = prepare_batch(conn, &actor, items, &faults)?;
            Ok((actor, batch))
        })
        .await?;
    writer.write(actor, batch).await
}

/// Ingests a batch in one transaction. Whatever goes wrong with one item (a rule it breaks, a
/// panic while it is prepared, a value the database refuses) is that item's `rejected` result;
/// the rest of the batch is stored. Only a failure of the database itself (connection lost,
/// disk full) fails the whole batch: the phone retries, ids keep it idempotent.
pub fn ingest_batch(
    conn: &mut DbConnection,
    actor: &AuthUser,
    items: Vec<Result<PushItem, Rejection>>,
    faults: &ItemFaults,
) -> Result<Vec<Outcome>, ApiError> {
    let batch = prepare_batch(conn, actor, items, faults)?;
    write_transaction(conn, |conn| {
        let written = write_prepared(conn, actor, faults, batch)?;
        written.tallies.apply(conn)?;
        Ok(written.outcomes)
    })
}

/// A batch prepared outside any transaction: what is left to do needs the write lock.
pub struct PreparedBatch {
    slots: Vec<Result<Slot, Rejection>>,
}

impl PreparedBatch {
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// The ids of its readable items.
    fn ids(&self) -> impl Iterator<Item = Uuid> + '_ {
        self.slots.iter().flatten().map(|slot| slot.id)
    }
}

/// Outside the write lock: every item's checks, hash, cleaned texts, analysis and rows. Other
/// pushes write meanwhile; what is read here (versions, quartiers, themes, codebook, devices)
/// changes rarely, and whatever does depend on other pushes is decided in [`write_prepared`].
pub fn prepare_batch(
    conn: &mut DbConnection,
    actor: &AuthUser,
    items: Vec<Result<PushItem, Rejection>>,
    faults: &ItemFaults,
) -> Result<PreparedBatch, ApiError> {
    actor.require_collector()?;
    let mut cache = BatchCache::default();
    let received_at = now_ms();
    let slots = items
        .into_iter()
        .map(|item| match item {
            Err(rejection) => Ok(Err(rejection)),
            Ok(item) => prepare_item(conn, &mut cache, actor, faults, received_at, item).map(Ok),
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(PreparedBatch { slots })
}

/// What a prepared batch's writes decided: each item's fate, and what the stored items add to
/// the tallies (for the caller to apply before its commit, once for all its batches).
pub struct Written {
    pub outcomes: Vec<Outcome>,
    pub tallies: TallyDeltas,
}

/// Inside a write transaction (the caller's): the sequence number, the idempotency look-ups,
/// the outing ownership checks and the writes of a prepared batch. The tallies are left to the
/// caller ([`Written::tallies`]). PostgreSQL takes the sequence number last
/// ([`numbered_last`]); SQLite's one writer is alone, so the order does not matter there.
pub fn write_prepared(
    conn: &mut DbConnection,
    actor: &AuthUser,
    faults: &ItemFaults,
    batch: PreparedBatch,
) -> Result<Written, ApiError> {
    if let DbConnection::Pg(_) = conn {
        return numbered_last::write_prepared(conn, actor, faults, batch);
    }
    let slots = batch.slots;
    let mut cache = BatchCache::default();
    // Every row of the batch carries this one number: they become visible to pulls together.
    let seq = sequence::next(conn)?;
    cache.load_stored(conn, &slots)?;
    let Gathered {
        writes,
        mut outcomes,
        created,
        ids,
    } = gather(conn, &mut cache, actor, faults, seq, slots)?;
    match savepoint(conn, |conn| writes.flush(conn)) {
        Ok(tallies) => Ok(Written { outcomes, tallies }),
        Err(error) if refused_value(&error) => {
            // Some row was refused: store item by item to find which, and keep the rest.
            tracing::warn!(%error, "a push batch was refused; storing it item by item");
            let mut writes = writes;
            let mut tallies = TallyDeltas::default();
            for item in created {
                match savepoint(conn, |conn| writes.flush_rows(conn, &item.rows)) {
                    Ok(stored) => tallies.merge(stored),
                    Err(error) if refused_value(&error) => {
                        tracing::warn!(%error, id = %item.id, "an item was refused by the database");
                        refuse(&mut outcomes, &ids, &mut writes, &item);
                    }
                    Err(error) => return Err(error.into()),
                }
            }
            Ok(Written { outcomes, tallies })
        }
        Err(error) => Err(error.into()),
    }
}

/// A batch's items decided against what is stored: their rows gathered, not yet written.
struct Gathered {
    writes: BatchWrites,
    outcomes: Vec<Outcome>,
    /// The items accepted, in batch order.
    created: Vec<Created>,
    /// Each slot's item, `None` for an unreadable one.
    ids: Vec<Option<(ItemKind, Uuid)>>,
}

/// Each item's fate against the stored hashes the cache holds (and the items earlier in the
/// batch), and the rows of those accepted, numbered `seq`.
fn gather(
    conn: &mut DbConnection,
    cache: &mut BatchCache,
    actor: &AuthUser,
    faults: &ItemFaults,
    seq: i64,
    slots: Vec<Result<Slot, Rejection>>,
) -> Result<Gathered, ApiError> {
    let mut writes = BatchWrites::default();
    let mut outcomes = Vec::with_capacity(slots.len());
    let mut created: Vec<Created> = Vec::new();
    let mut ids: Vec<Option<(ItemKind, Uuid)>> = Vec::with_capacity(slots.len());
    for (index, slot) in slots.into_iter().enumerate() {
        let outcome = match slot {
            Err(rejection) => {
                ids.push(None);
                Outcome::Rejected(rejection)
            }
            Ok(slot) => {
                let (kind, id) = (slot.kind, slot.id);
                ids.push(Some((kind, id)));
                let mark = writes.mark();
                let outcome = admit(conn, cache, &mut writes, actor, faults, seq, slot)?;
                if outcome == Outcome::Created {
                    created.push(Created {
                        index,
                        kind,
                        id,
                        rows: writes.since(mark),
                    });
                }
                outcome
            }
        };
        outcomes.push(outcome);
    }
    Ok(Gathered {
        writes,
        outcomes,
        created,
        ids,
    })
}

/// An item accepted in a batch, and where its rows are.
struct Created {
    index: usize,
    kind: ItemKind,
    id: Uuid,
    rows: writes::Rows,
}

/// Runs `work` in a savepoint: on error, what it wrote is undone and the transaction goes on.
fn savepoint<T>(
    conn: &mut DbConnection,
    work: impl FnOnce(&mut DbConnection) -> QueryResult<T>,
) -> QueryResult<T> {
    conn.transaction(work)
}

/// Whether the database refused a value (a constraint, a byte it cannot store), as opposed to
/// failing itself. Only the former is one item's fault.
fn refused_value(error: &diesel::result::Error) -> bool {
    use diesel::result::{DatabaseErrorKind as Kind, Error};
    match error {
        Error::DatabaseError(
            Kind::UniqueViolation
            | Kind::ForeignKeyViolation
            | Kind::NotNullViolation
            | Kind::CheckViolation,
            _,
        ) => true,
        Error::DatabaseError(_, info) => {
            let message = info.message();
            [
                // PostgreSQL data exceptions (class 22).
                "invalid byte sequence",
                "character with byte sequence",
                "value too long",
                "out of range",
                "invalid input syntax",
                "unsupported Unicode escape",
                // SQLite.
                "constraint failed",
                "datatype mismatch",
                "string or blob too big",
            ]
            .iter()
            .any(|pattern| message.contains(pattern))
        }
        _ => false,
    }
}

/// Marks a refused item `rejected`, and the copies of it later in the batch (which were told
/// `duplicate` of it) too.
fn refuse(
    outcomes: &mut [Outcome],
    ids: &[Option<(ItemKind, Uuid)>],
    writes: &mut BatchWrites,
    item: &Created,
) {
    writes.forget(item.kind, item.id);
    let rejection = Rejection::new(
        "refused_by_database",
        "le serveur n'a pas pu enregistrer cet élément ; il reste sur le téléphone, \
         signalez-le à la coordination",
        None,
    );
    if let Some(outcome) = outcomes.get_mut(item.index) {
        *outcome = Outcome::Rejected(rejection.clone());
    }
    for (outcome, same) in outcomes.iter_mut().zip(ids) {
        if *same == Some((item.kind, item.id)) && *outcome == Outcome::Duplicate {
            *outcome = Outcome::Rejected(rejection.clone());
        }
    }
}

/// Inside the write transaction: the item's fate against what is stored (and earlier in the
/// batch), then its rows added to the batch's.
fn admit(
    conn: &mut DbConnection,
    cache: &mut BatchCache,
    writes: &mut BatchWrites,
    actor: &AuthUser,
    faults: &ItemFaults,
    seq: i64,
    slot: Slot,
) -> Result<Outcome, ApiError> {
    let key = (slot.kind, slot.id);
    if cache.erased.contains(&key) {
        // Already received once, then erased at the resident's request: the phone may stop
        // sending it (and drops its copy with the tombstone it pulls); nothing is stored.
        return Ok(Outcome::Duplicate);
    }
    let known = cache
        .stored
        .get(&key)
        .or_else(|| writes.pending_hash(slot.kind, slot.id));
    if let Some(stored) = known {
        return Ok(if *stored == slot.hash {
            Outcome::Duplicate
        } else {
            Outcome::Conflict
        });
    }
    let rows = match slot.rows {
        Ok(rows) => rows,
        Err(rejection) => return Ok(Outcome::Rejected(rejection)),
    };
    if let Err(error) = cache.check_outing(conn, writes, actor, slot.outing) {
        return error.into_outcome();
    }
    let mark = writes.mark();
    writes.append(rows, seq);
    writes.accept(slot.kind, slot.id, &slot.hash);
    if faults.refused_by_database.contains(&slot.id) {
        poison(writes, mark);
    }
    Ok(Outcome::Created)
}

/// Test fault: the item's rows name a quartier that does not exist, so the database itself
/// refuses them (a foreign key), as it would a value it cannot store.
fn poison(writes: &mut BatchWrites, mark: writes::Mark) {
    let rows = writes.since(mark);
    writes.poison(&rows);
}
