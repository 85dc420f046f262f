//! Storage: one code base over SQLite and PostgreSQL through diesel's `MultiConnection`.

pub mod kept;
pub mod models;
pub mod schema;
pub mod stored;

pub use stored::Stored;

// Recounting tallies groups answers by their response's survey version and quartier.
diesel::allow_columns_to_appear_in_same_group_by_clause!(
    schema::responses::survey_version_id,
    schema::responses::quartier_id,
    schema::answers::question_code,
    schema::answers::option_code,
);

use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection};
use diesel::sqlite::SqliteConnection;
use diesel::Connection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// PostgreSQL first: `MultiConnection::establish` tries variants in order (we never rely on it:
/// [`DatabaseUrl`] picks the variant from the URL scheme).
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConnection = r2d2::PooledConnection<Manager>;

pub use crate::config::DatabaseUrl;

#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("cannot create the folder for the SQLite file {path}: {source}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open the database: {0}")]
    Connect(String),
    #[error("database migration failed: {0}")]
    Migration(String),
}

/// Opens connections of the right kind and sets SQLite up for concurrent, durable writes.
#[derive(Debug, Clone)]
pub struct Manager {
    url: DatabaseUrl,
}

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                let mut conn =
                    SqliteConnection::establish(path).map_err(r2d2::Error::ConnectionError)?;
                // WAL lets readers run beside the writer; busy_timeout makes writers queue
                // instead of failing with "database is locked"; FULL fsyncs each commit.
                // Each connection's page cache is capped at 1 MiB (SQLite's default is 2):
                // the pool's memory then stops growing early as the file grows, and the
                // kernel's page cache, shared by all connections, holds the rest.
                conn.batch_execute(
                    "PRAGMA busy_timeout = 15000; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
                     PRAGMA cache_size = -1024;",
                )
                .map_err(r2d2::Error::QueryError)?;
                Ok(DbConnection::Sqlite(conn))
            }
            DatabaseUrl::Postgres(url) => {
                let conn = PgConnection::establish(url.expose_secret())
                    .map_err(r2d2::Error::ConnectionError)?;
                Ok(DbConnection::Pg(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        <DbConnection as Connection>::TransactionManager::is_broken_transaction_manager(conn)
    }
}

/// Opens one connection outside the pool (SQLite's writer has its own), set up like the pool's.
pub fn open(url: &DatabaseUrl) -> Result<DbConnection, DbSetupError> {
    Manager { url: url.clone() }
        .connect()
        .map_err(|e| DbSetupError::Connect(e.to_string()))
}

/// Opens the pool, failing fast with the real cause, and applies pending migrations.
pub fn connect(url: &DatabaseUrl, max_size: u32) -> Result<Pool, DbSetupError> {
    if let DatabaseUrl::Sqlite(path) = url {
        prepare_sqlite_file(path).map_err(|source| DbSetupError::CreateDir {
            path: path.clone(),
            source,
        })?;
    }
    let manager = Manager { url: url.clone() };
    // One direct attempt first: r2d2 would otherwise retry silently until its timeout.
    let mut first = manager
        .connect()
        .map_err(|e| DbSetupError::Connect(e.to_string()))?;
    run_migrations(&mut first)?;
    drop(first);
    if let DatabaseUrl::Sqlite(path) = url {
        // The WAL and shared-memory files now exist: SQLite gives them the database's mode,
        // but files left by older versions may be wider.
        for suffix in ["", "-wal", "-shm"] {
            crate::private_files::restrict(std::path::Path::new(&format!("{path}{suffix}")))
                .map_err(|e| {
                    DbSetupError::Connect(format!("cannot restrict {path}{suffix}: {e}"))
                })?;
        }
    }
    r2d2::Pool::builder()
        .max_size(max_size)
        .connection_timeout(Duration::from_secs(30))
        .build(manager)
        .map_err(|e| DbSetupError::Connect(e.to_string()))
}

/// The database holds personal data: its folder is created 0700 and the file 0600 before
/// SQLite opens it (SQLite would create it with the umask's mode, usually 0644; its `-wal`
/// and `-shm` files then take the database file's mode).
fn prepare_sqlite_file(path: &str) -> std::io::Result<()> {
    use crate::private_files::{create_private_dir, create_private_file, restrict};
    let file = std::path::Path::new(path);
    if path == ":memory:" {
        return Ok(());
    }
    if let Some(parent) = file.parent() {
        create_private_dir(parent)?;
    }
    match create_private_file(file) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => restrict(file),
        Err(e) => Err(e),
    }
}

pub fn run_migrations(conn: &mut DbConnection) -> Result<(), DbSetupError> {
    let result = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|_| ()),
        DbConnection::Pg(c) => c.run_pending_migrations(PG_MIGRATIONS).map(|_| ()),
    };
    result.map_err(|e| DbSetupError::Migration(e.to_string()))
}

/// Runs `f` in a write transaction: `BEGIN IMMEDIATE` on SQLite (the write lock is taken up
/// front, so two writers queue on busy_timeout instead of deadlocking on lock upgrade),
/// an ordinary transaction on PostgreSQL.
pub fn write_transaction<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    match conn {
        DbConnection::Pg(_) => conn.transaction(f),
        DbConnection::Sqlite(inner) => {
            let depth = AnsiTransactionManager::transaction_manager_status_mut(inner)
                .transaction_depth()?;
            if depth.is_some() {
                // Already inside a write transaction: nest as a savepoint.
                return conn.transaction(f);
            }
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
            match f(conn) {
                Ok(value) => {
                    <DbConnection as Connection>::TransactionManager::commit_transaction(conn)?;
                    Ok(value)
                }
                Err(error) => {
                    // The original error matters more than a failed rollback.
                    let _ = <DbConnection as Connection>::TransactionManager::rollback_transaction(
                        conn,
                    );
                    Err(error)
                }
            }
        }
    }
}

/// Runs the same diesel code on the concrete connection, for SQL that diesel's `MultiBackend`
/// cannot express (upserts with `ON CONFLICT`). Both backends speak the same dialect there.
#[macro_export]
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConnection::Pg($c) => $body,
            $crate::db::DbConnection::Sqlite($c) => $body,
        }
    };
}

pub fn is_postgres(conn: &DbConnection) -> bool {
    matches!(conn, DbConnection::Pg(_))
}
