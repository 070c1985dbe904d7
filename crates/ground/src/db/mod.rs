//! The database: one code base over SQLite (embedded default) and PostgreSQL
//! (production), through diesel's `MultiConnection`.

/// SQLite's WAL checkpoints, on a thread of their own.
pub mod checkpoint;
/// A time limit SQLite statements check for themselves.
pub mod deadline;
/// Database work with its closure's and answer's types erased.
pub mod erased;
/// PostgreSQL URLs: no TLS on loopback unless asked for.
pub mod pg_url;
/// The optional read replica's pool.
pub mod replica;
/// The tables, one module per aggregate, generated from the migrations.
pub mod schema;
/// SQLite's writers take turns inside the process.
pub mod writer;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::connection::{Instrumentation, InstrumentationEvent};
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection, R2D2Connection};
use diesel::sqlite::SqliteConnection;
use diesel::Connection;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use std::time::Duration;

use crate::error::{AppError, AppResult};

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConn = r2d2::PooledConnection<Manager>;

/// Which backend a database URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(url: &str) -> Backend {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            Backend::Sqlite
        }
    }
}

/// Turns `sqlite://path` or a bare path into what SQLite opens.
fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url)
}

/// Builds the right `DbConn` variant from the URL scheme (diesel's generic
/// `establish` tries each backend in turn and hides the real error), and gives
/// every SQLite connection WAL, foreign keys, a busy timeout and the
/// statement time limit's function ([`deadline`]).
#[derive(Debug, Clone)]
pub struct Manager {
    url: String,
    /// More SQLite pragmas for this pool's connections (the writer's).
    sqlite_setup: &'static str,
}

impl Manager {
    pub fn new(url: &str) -> Manager {
        Manager {
            url: url.to_string(),
            sqlite_setup: "",
        }
    }
}

pub fn establish(url: &str) -> Result<DbConn, diesel::ConnectionError> {
    establish_with(url, "")
}

/// [`establish`], then `sqlite_setup` on a SQLite connection.
fn establish_with(url: &str, sqlite_setup: &str) -> Result<DbConn, diesel::ConnectionError> {
    match Backend::of(url) {
        Backend::Postgres => {
            let pgsslmode = std::env::var_os("PGSSLMODE").is_some();
            let url = pg_url::loopback_without_tls(url, pgsslmode);
            let mut conn = PgConnection::establish(&url)?;
            conn.set_instrumentation(NoteFailures::default());
            Ok(DbConn::Pg(conn))
        }
        Backend::Sqlite => {
            let mut conn = SqliteConnection::establish(sqlite_path(url))?;
            conn.set_instrumentation(NoteFailures::default());
            conn.batch_execute(
                "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
                 PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
            )
            .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
            deadline::register(&mut conn)
                .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
            if !sqlite_setup.is_empty() {
                conn.batch_execute(sqlite_setup)
                    .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
            }
            Ok(DbConn::Sqlite(conn))
        }
    }
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConn, r2d2::Error> {
        establish_with(&self.url, self.sqlite_setup).map_err(r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), r2d2::Error> {
        conn.ping().map_err(r2d2::Error::QueryError)
    }

    /// Called when a connection goes back to the pool. A connection is not
    /// pinged on every checkout (that was one more round trip per request);
    /// it is pinged here only after one of its statements failed, and
    /// dropped if the ping fails too (a server restart, a cut connection).
    fn has_broken(&self, conn: &mut DbConn) -> bool {
        if std::thread::panicking() || conn.is_broken() {
            return true;
        }
        FAILED.with(|f| f.replace(false)) && conn.ping().is_err()
    }
}

thread_local! {
    /// Whether a statement failed on this thread since a connection last
    /// went back to the pool (connections are used by one blocking task at
    /// a time, on one thread).
    static FAILED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Notes a failed statement, so the connection is checked on its return;
/// logs a statement slower than [`set_slow_statement_ms`] (with its SQL,
/// never its parameters).
#[derive(Default)]
struct NoteFailures {
    started: Option<std::time::Instant>,
}

/// Statements slower than this many milliseconds are logged (warn, target
/// `minutebook::slow_sql`); 0 logs none. Process-wide: the setting
/// `MINUTEBOOK_SLOW_STATEMENT_MS` sets it at start.
static SLOW_STATEMENT_MS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Sets the slow-statement threshold (see [`SLOW_STATEMENT_MS`]).
pub fn set_slow_statement_ms(ms: u64) {
    SLOW_STATEMENT_MS.store(ms, std::sync::atomic::Ordering::Relaxed);
}

impl Instrumentation for NoteFailures {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        match event {
            InstrumentationEvent::StartQuery { .. }
                if SLOW_STATEMENT_MS.load(std::sync::atomic::Ordering::Relaxed) > 0 =>
            {
                self.started = Some(std::time::Instant::now());
            }
            InstrumentationEvent::FinishQuery { query, error, .. } => {
                if error.is_some() {
                    FAILED.with(|f| f.set(true));
                }
                let slow = SLOW_STATEMENT_MS.load(std::sync::atomic::Ordering::Relaxed);
                if let Some(started) = self.started.take() {
                    let ms = started.elapsed().as_millis();
                    if slow > 0 && ms >= u128::from(slow) {
                        // diesel prints the parameters after the SQL: never logged.
                        let text = query.to_string();
                        let sql = text.split(" -- binds: ").next().unwrap_or_default();
                        tracing::warn!(target: "minutebook::slow_sql", ms = ms as u64, sql, "slow statement");
                    }
                }
            }
            _ => {}
        }
    }
}

/// A pool without migrations (see [`connect`]).
pub fn pool(url: &str, max_size: u32) -> anyhow::Result<Pool> {
    pool_with(url, max_size, "")
}

/// [`pool`], running `sqlite_setup` on each new SQLite connection.
pub(crate) fn pool_with(
    url: &str,
    max_size: u32,
    sqlite_setup: &'static str,
) -> anyhow::Result<Pool> {
    let manager = Manager {
        sqlite_setup,
        ..Manager::new(url)
    };
    Ok(r2d2::Pool::builder()
        .max_size(max_size)
        .min_idle(Some(1))
        .test_on_check_out(false)
        .connection_timeout(Duration::from_secs(10))
        .build(manager)?)
}

/// The server's readers: each SQLite connection's page cache at 512 KiB,
/// not SQLite's 2 MB. A server holds ten of them, and a page SQLite no
/// longer keeps is read from the kernel's cache, which every connection
/// (and a restart) shares and which is not the process's memory. The
/// writer and the command line keep SQLite's default: a reindex or an
/// import of a large database with the small cache ran ten times longer.
pub const READER_SETUP: &str = "PRAGMA cache_size = -512;";

/// Opens a pool and applies the embedded migrations of its backend.
pub fn connect(url: &str, max_size: u32) -> anyhow::Result<Pool> {
    connect_with(url, max_size, "")
}

/// [`connect`], running `sqlite_setup` on each new SQLite connection
/// (the server's readers pass [`READER_SETUP`]).
pub fn connect_with(url: &str, max_size: u32, sqlite_setup: &'static str) -> anyhow::Result<Pool> {
    let pool = pool_with(url, max_size, sqlite_setup)?;
    let mut conn = pool.get()?;
    run_migrations(&mut conn)?;
    Ok(pool)
}

/// Whether the database answers (`SELECT 1`), for `/healthz`.
pub fn ping(conn: &mut DbConn) -> bool {
    use diesel::RunQueryDsl;
    diesel::select(diesel::dsl::sql::<diesel::sql_types::Integer>("1"))
        .get_result::<i32>(conn)
        .is_ok()
}

/// Migrations renamed after they were released (their names carried dates
/// in the future and repeated a number): the version a database made by an
/// earlier release recorded, and the migration's version now. The SQL of
/// each is unchanged, so a database that ran it under the old name has run
/// it under the new one.
pub const RENAMED_MIGRATIONS: &[(&str, &str)] = &[
    ("20261207000100", "20261206000140"),
    ("20261207000200", "20261206000150"),
    ("20261208000100", "20261206000160"),
];

/// Carries the versions of [`RENAMED_MIGRATIONS`] recorded by an earlier
/// release over to their new names, so an upgraded database does not run
/// them again. Creates diesel's own bookkeeping table first (the same
/// statement diesel runs) so a new database needs no special case.
fn carry_renamed_migrations(conn: &mut DbConn) -> diesel::QueryResult<()> {
    let mut sql = String::from(
        "CREATE TABLE IF NOT EXISTS __diesel_schema_migrations (\n\
         version VARCHAR(50) PRIMARY KEY NOT NULL,\n\
         run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP\n);\n",
    );
    for (old, new) in RENAMED_MIGRATIONS {
        // Constants of this file, never input: safe to write into the SQL.
        sql.push_str(&format!(
            "UPDATE __diesel_schema_migrations SET version = '{new}' WHERE version = '{old}';\n"
        ));
    }
    conn.batch_execute(&sql)
}

pub fn run_migrations(conn: &mut DbConn) -> anyhow::Result<()> {
    carry_renamed_migrations(conn).map_err(|e| anyhow::anyhow!("migration failed: {e}"))?;
    let result = match conn {
        DbConn::Pg(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|_| ()),
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|_| ()),
    };
    result.map_err(|e| anyhow::anyhow!("migration failed: {e}"))
}

/// Reverts every migration (used by the round-trip test and by operators).
pub fn revert_all_migrations(conn: &mut DbConn) -> anyhow::Result<()> {
    let result = match conn {
        DbConn::Pg(c) => c.revert_all_migrations(POSTGRES_MIGRATIONS).map(|_| ()),
        DbConn::Sqlite(c) => c.revert_all_migrations(SQLITE_MIGRATIONS).map(|_| ()),
    };
    result.map_err(|e| anyhow::anyhow!("migration revert failed: {e}"))
}

/// Runs `f` in a write transaction, as [`write_tx`]; when `dry_run`, rolls
/// it back after `f` succeeds and answers what `f` made (an import's dry
/// run: everything checked and written, nothing kept).
pub fn write_tx_or_dry_run<T, F>(conn: &mut DbConn, dry_run: bool, f: F) -> AppResult<T>
where
    F: FnOnce(&mut DbConn) -> AppResult<T>,
{
    enum Outcome<T> {
        Failed(AppError),
        DryRun(T),
    }
    impl<T> From<diesel::result::Error> for Outcome<T> {
        fn from(e: diesel::result::Error) -> Self {
            Outcome::Failed(e.into())
        }
    }
    let r = write_tx(conn, |conn| -> Result<T, Outcome<T>> {
        let out = f(conn).map_err(Outcome::Failed)?;
        if dry_run {
            Err(Outcome::DryRun(out))
        } else {
            Ok(out)
        }
    });
    match r {
        Ok(v) | Err(Outcome::DryRun(v)) => Ok(v),
        Err(Outcome::Failed(e)) => Err(e),
    }
}

/// Runs `f` in a write transaction. On SQLite it starts with `BEGIN IMMEDIATE`
/// so that concurrent writers queue on the busy timeout instead of failing with
/// "database is locked" when a read lock is upgraded.
pub fn write_tx<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?,
        DbConn::Pg(c) => AnsiTransactionManager::begin_transaction(c)?,
    }
    match f(conn) {
        Ok(value) => {
            <DbConn as Connection>::TransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(e) => {
            <DbConn as Connection>::TransactionManager::rollback_transaction(conn)?;
            Err(e)
        }
    }
}

/// Serialises writers that allocate from one body's numbering. SQLite is
/// already serialised by `BEGIN IMMEDIATE`; PostgreSQL locks the body row.
pub fn lock_body_row(conn: &mut DbConn, body_id: &str) -> diesel::QueryResult<()> {
    use diesel::prelude::*;
    use schema::bodies;
    if let DbConn::Pg(c) = conn {
        bodies::table
            .filter(bodies::id.eq(body_id))
            .select(bodies::id)
            .for_update()
            .first::<String>(c)?;
    }
    Ok(())
}

/// Runs `f` on a connection of `pool`, off the async runtime.
pub async fn on_pool<T, F>(pool: Pool, f: F) -> crate::error::AppResult<T>
where
    F: FnOnce(&mut DbConn) -> crate::error::AppResult<T> + Send + 'static,
    T: Send + 'static,
{
    erased::answer(on_pool_erased(pool, erased::job(f)).await)
}

/// [`on_pool`] for every caller: the blocking task's machinery is compiled
/// once, not once for each closure (see [`erased`]).
pub(crate) async fn on_pool_erased(pool: Pool, f: erased::Job) -> erased::Answer {
    actix_web::web::block(move || {
        let mut conn = pool.get()?;
        f(&mut conn)
    })
    .await
    .map_err(crate::error::AppError::from)?
}
