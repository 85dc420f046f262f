//! SQLite's WAL checkpoints, moved off the one writer's thread. A checkpoint copies the pages
//! committed to the write-ahead log back into the database file and fsyncs that file: I/O and
//! CPU that SQLite otherwise does inside a commit of the writer, every 1,000 pages, while every
//! push in the queue waits. The writer's own connection has `wal_autocheckpoint = 0`; after
//! each commit it wakes a thread with a connection of its own, which runs a `PASSIVE`
//! checkpoint (it never blocks the writer, and copies only what is committed), at most once per
//! [`INTERVAL`]: each checkpoint copies the last version of each page changed since the one
//! before and fsyncs the file, so fewer of them copy less (the pages of the indexes and tallies
//! that every group changes are copied once, not once per group).
//!
//! Under a steady load the writer keeps appending while the checkpoint runs, so the log would
//! never be wholly copied and SQLite would never start it again from the top: it would grow
//! for as long as the load lasts. When the log holds more than [`WAL_FRAMES_BOUND`] pages, the
//! writer therefore runs one `PASSIVE` checkpoint itself, between two groups (little is left
//! to copy by then, and nothing is appended meanwhile), and its next transaction starts the log
//! again from the top, as SQLite's own checkpoints after a commit allowed (unless a reader still
//! reads the old pages: then, as before, the log starts again after it).

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::mpsc::{self, SyncSender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::sql_types::Integer;
use diesel::{QueryResult, QueryableByName, RunQueryDsl};

use crate::db::{self, DatabaseUrl, DbConnection, DbSetupError};

/// Pages (4 KiB each) the log may hold before the writer copies the rest itself: 32 MiB.
pub const WAL_FRAMES_BOUND: i64 = 8_192;

/// The checkpointing thread's shortest interval between two checkpoints.
pub const INTERVAL: Duration = Duration::from_millis(100);

/// The checkpointing thread's wake-up call and what it last saw.
pub struct Checkpoints {
    wake: SyncSender<()>,
    /// Pages in the log at the last checkpoint (0 once the writer has copied them all).
    wal_frames: Arc<AtomicI64>,
    /// [`WAL_FRAMES_BOUND`], smaller in tests.
    bound: i64,
    /// Checkpoints the writer had to run itself.
    forced: AtomicU64,
}

impl Checkpoints {
    /// Sets the writer's connection to leave checkpoints to the thread (and to
    /// [`Self::committed`]).
    pub fn hand_over(writer: &mut DbConnection) -> Result<(), DbSetupError> {
        writer
            .batch_execute("PRAGMA wal_autocheckpoint = 0")
            .map_err(|e| DbSetupError::Connect(format!("the writer's connection: {e}")))
    }

    /// Opens the checkpointing connection and starts its thread.
    pub fn start(url: &DatabaseUrl) -> Result<Self, DbSetupError> {
        Self::start_bounded(url, WAL_FRAMES_BOUND)
    }

    /// [`Self::start`] with the log's bound in pages.
    fn start_bounded(url: &DatabaseUrl, bound: i64) -> Result<Self, DbSetupError> {
        let mut conn = db::open(url)?;
        // A wake-up waiting is enough: the next checkpoint copies whatever is committed by then.
        let (wake, woken) = mpsc::sync_channel::<()>(1);
        let wal_frames = Arc::new(AtomicI64::new(0));
        let seen = Arc::clone(&wal_frames);
        std::thread::Builder::new()
            .name("portevoix-checkpoint".into())
            .spawn(move || {
                // Ends when the writer (the only sender) is dropped.
                while woken.recv().is_ok() {
                    let started = Instant::now();
                    match checkpoint(&mut conn) {
                        Ok(copied) => seen.store(copied.log, Ordering::Relaxed),
                        // Another connection's checkpoint, or a lock: the next wake-up retries.
                        Err(error) => tracing::debug!(%error, "a WAL checkpoint did not run"),
                    }
                    // The commits meanwhile leave one wake-up waiting.
                    if let Some(rest) = INTERVAL.checked_sub(started.elapsed()) {
                        std::thread::sleep(rest);
                    }
                }
            })
            .map_err(|e| DbSetupError::Connect(format!("cannot start the checkpoints: {e}")))?;
        Ok(Self {
            wake,
            wal_frames,
            bound,
            forced: AtomicU64::new(0),
        })
    }

    /// Called by the writer after each commit, outside any transaction.
    pub fn committed(&self, writer: &mut DbConnection) {
        // Full: a wake-up is already waiting, which will see this commit too.
        let _ = self.wake.try_send(());
        if self.wal_frames.load(Ordering::Relaxed) > self.bound {
            match checkpoint(writer) {
                // The thread was copying: the writer tries again after its next group.
                Ok(copied) if copied.busy => {}
                // The log starts again with the next write; the thread says how large it is
                // after its next run.
                Ok(_) => {
                    self.wal_frames.store(0, Ordering::Relaxed);
                    self.forced.fetch_add(1, Ordering::Relaxed);
                }
                Err(error) => tracing::warn!(%error, "the writer's WAL checkpoint failed"),
            }
        }
    }
}

/// What `PRAGMA wal_checkpoint` answers.
#[derive(QueryableByName)]
struct CheckpointRow {
    /// 1 if the checkpoint could not run (another one held its lock).
    #[diesel(sql_type = Integer)]
    busy: i32,
    /// Pages in the log.
    #[diesel(sql_type = Integer)]
    log: i32,
}

/// What a checkpoint did.
struct Copied {
    /// Another checkpoint was running: nothing was copied.
    busy: bool,
    /// Pages in the log.
    log: i64,
}

/// One `PASSIVE` checkpoint: copies what is committed and not yet copied, without waiting for
/// anyone.
fn checkpoint(conn: &mut DbConnection) -> QueryResult<Copied> {
    let DbConnection::Sqlite(conn) = conn else {
        return Ok(Copied {
            busy: false,
            log: 0,
        });
    };
    let rows: Vec<CheckpointRow> =
        diesel::sql_query("PRAGMA wal_checkpoint(PASSIVE)").load(conn)?;
    let row = rows
        .into_iter()
        .next()
        .ok_or(diesel::result::Error::NotFound)?;
    Ok(Copied {
        busy: row.busy != 0,
        log: i64::from(row.log),
    })
}

#[cfg(test)]
mod tests {
    use diesel::connection::SimpleConnection;

    use super::*;

    #[test]
    fn the_log_is_copied_beside_the_writer_and_stays_bounded_under_a_load_that_never_pauses() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("checkpoints.db");
        let url = DatabaseUrl::parse(&format!("sqlite://{}", path.display())).unwrap();
        let mut writer = db::open(&url).unwrap();
        Checkpoints::hand_over(&mut writer).unwrap();
        writer
            .batch_execute("CREATE TABLE pages (body BLOB NOT NULL)")
            .unwrap();
        let bound = 64;
        let checkpoints = Checkpoints::start_bounded(&url, bound).unwrap();
        let insert = "INSERT INTO pages (body) VALUES (zeroblob(3000))";
        // A few commits, fewer pages than the bound: only the checkpointing thread copies them
        // into the database file (each commit wakes it).
        let few: u64 = 20;
        for _ in 0..few {
            writer.batch_execute(insert).unwrap();
            checkpoints.committed(&mut writer);
        }
        let started = Instant::now();
        while std::fs::metadata(&path).unwrap().len() < 3000 * few {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the checkpointing thread copied nothing: {} bytes in the file",
                std::fs::metadata(&path).unwrap().len()
            );
            std::thread::yield_now();
        }
        assert_eq!(checkpoints.forced.load(Ordering::Relaxed), 0);
        // Then commits one after the other until the writer has had to copy the log itself:
        // the thread's checkpoints alone rarely finish while the writer keeps appending.
        let mut commits = few;
        while checkpoints.forced.load(Ordering::Relaxed) == 0 {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the writer never copied the log itself ({commits} commits)"
            );
            writer.batch_execute(insert).unwrap();
            commits += 1;
            checkpoints.committed(&mut writer);
        }
        // The next commit starts the log again from the top: it holds that commit's pages only
        // (a checkpoint answers how many pages the log holds).
        writer.batch_execute(insert).unwrap();
        commits += 1;
        let mut observer = db::open(&url).unwrap();
        let frames = checkpoint(&mut observer).unwrap().log;
        assert!(
            (1..bound).contains(&frames),
            "the log was not started again: {frames} pages after {commits} commits"
        );
    }
}
