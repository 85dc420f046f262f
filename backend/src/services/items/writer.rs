//! SQLite's one writer: a dedicated connection on its own thread, fed by a bounded queue of
//! prepared batches. It takes every batch waiting, writes them in one transaction (each in a
//! savepoint, so one request's failure is its own), commits once (one fsync for many phones)
//! and then answers each request. The idempotency look-ups run inside that transaction, so two
//! copies of an item in one group are one `created` and one `duplicate`. A full queue answers
//! 503 with `Retry-After` at once: a request never waits without bound. Readers keep the pool,
//! and the pushes no longer queue in SQLite's busy handler.
//! SQLite's WAL checkpoints run beside it, on a thread of their own (`checkpoints`).

use std::panic::AssertUnwindSafe;
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};

use diesel::Connection;
use tokio::sync::oneshot;

use super::checkpoints::Checkpoints;
use super::{write_prepared, ItemFaults, Outcome, PreparedBatch, WriterGate};
use crate::auth::AuthUser;
use crate::db::{self, write_transaction, DatabaseUrl, DbConnection, DbSetupError};
use crate::error::ApiError;
use crate::services::tallies::TallyDeltas;

/// A group stops growing once it holds this many items (a push holds at most 500): a long
/// transaction would lengthen every answer in it.
const GROUP_ITEMS: usize = 2_000;

/// Seconds a phone is told to wait when the queue is full.
const RETRY_AFTER_S: u64 = 1;

type Answer = Result<Vec<Outcome>, ApiError>;

struct Job {
    actor: AuthUser,
    batch: PreparedBatch,
    answer: oneshot::Sender<Answer>,
}

/// The sending end, held by the application state.
pub struct Writer {
    queue: SyncSender<Job>,
    gate: Option<WriterGate>,
}

impl Writer {
    /// Opens the writer's own connection and starts its thread. `bound`: how many prepared
    /// requests may wait.
    pub fn start(
        url: &DatabaseUrl,
        bound: usize,
        faults: ItemFaults,
    ) -> Result<Self, DbSetupError> {
        let mut conn = db::open(url)?;
        Checkpoints::hand_over(&mut conn)?;
        let checkpoints = Checkpoints::start(url)?;
        let (queue, jobs) = mpsc::sync_channel(bound);
        let gate = faults.hold_writer.clone();
        let url = url.clone();
        std::thread::Builder::new()
            .name("portevoix-writer".into())
            .spawn(move || run(conn, &url, &jobs, faults, &checkpoints))
            .map_err(|e| DbSetupError::Connect(format!("cannot start the writer: {e}")))?;
        Ok(Self { queue, gate })
    }

    /// Queues a prepared batch and waits for its outcomes (after the commit of its group).
    pub async fn write(&self, actor: AuthUser, batch: PreparedBatch) -> Answer {
        let (answer, answered) = oneshot::channel();
        match self.queue.try_send(Job {
            actor,
            batch,
            answer,
        }) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => {
                return Err(ApiError::Busy {
                    retry_after: RETRY_AFTER_S,
                })
            }
            Err(TrySendError::Disconnected(_)) => {
                return Err(ApiError::Unavailable("the writer has stopped".into()))
            }
        }
        if let Some(gate) = &self.gate {
            gate.note_queued();
        }
        // No answer: the writer lost it (a panic, or the test fault). What was committed stays;
        // the phone retries and hears `duplicate`.
        answered
            .await
            .map_err(|_| ApiError::Unavailable("the writer gave no answer".into()))?
    }
}

fn run(
    mut conn: DbConnection,
    url: &DatabaseUrl,
    jobs: &Receiver<Job>,
    faults: ItemFaults,
    checkpoints: &Checkpoints,
) {
    // Ends when the application state (every sender) is dropped.
    while let Ok(first) = jobs.recv() {
        if let Some(gate) = &faults.hold_writer {
            gate.hold();
        }
        let mut items = first.batch.len();
        let mut group = vec![first];
        while items < GROUP_ITEMS {
            match jobs.try_recv() {
                Ok(job) => {
                    items = items.saturating_add(job.batch.len());
                    group.push(job);
                }
                Err(_) => break,
            }
        }
        let lose = lose_answers(&faults, &group);
        let mut answers = Vec::with_capacity(group.len());
        let mut work = Vec::with_capacity(group.len());
        for job in group {
            answers.push(job.answer);
            work.push((job.actor, job.batch));
        }
        let written =
            std::panic::catch_unwind(AssertUnwindSafe(|| write_group(&mut conn, &faults, work)));
        match written {
            Ok(results) if !lose => {
                for (answer, result) in answers.into_iter().zip(results) {
                    // The request may have gone (client closed): nothing to do.
                    let _ = answer.send(result);
                }
            }
            Ok(_) => tracing::warn!("fault injected: a group's answers lost after its commit"),
            Err(_) => {
                // Dropping the answers tells each request to retry; a fresh connection drops
                // whatever transaction the panic left open.
                tracing::error!("the writer panicked while writing a group; reconnecting");
                match db::open(url).and_then(|mut fresh| {
                    Checkpoints::hand_over(&mut fresh)?;
                    Ok(fresh)
                }) {
                    Ok(fresh) => conn = fresh,
                    Err(error) => tracing::error!(%error, "the writer cannot reconnect"),
                }
                continue;
            }
        }
        // After the answers: a checkpoint the writer runs itself delays only the next group.
        checkpoints.committed(&mut conn);
    }
}

/// Test fault: whether this group's answers are to be lost.
fn lose_answers(faults: &ItemFaults, group: &[Job]) -> bool {
    faults
        .lose_answers_once
        .fire(group.iter().flat_map(|job| job.batch.ids()))
}

/// One transaction for the group, a savepoint per request, the tallies of every stored item
/// added once per cell at the end; one commit.
fn write_group(
    conn: &mut DbConnection,
    faults: &ItemFaults,
    work: Vec<(AuthUser, PreparedBatch)>,
) -> Vec<Answer> {
    let requests = work.len();
    let committed = write_transaction(conn, |conn| {
        let mut tallies = TallyDeltas::default();
        let answers = work
            .into_iter()
            .map(|(actor, batch)| {
                conn.transaction(|conn| write_prepared(conn, &actor, faults, batch))
                    .map(|written| {
                        tallies.merge(written.tallies);
                        written.outcomes
                    })
            })
            .collect::<Vec<Answer>>();
        tallies.apply(conn)?;
        Ok::<_, diesel::result::Error>(answers)
    });
    match committed {
        Ok(results) => results,
        Err(error) => {
            tracing::error!(%error, requests, "a group's commit failed");
            (0..requests)
                .map(|_| {
                    Err(ApiError::Unavailable(format!(
                        "the group's commit failed: {error}"
                    )))
                })
                .collect()
        }
    }
}
