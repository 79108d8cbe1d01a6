//! Opening the database as the user keeps it: a new one and its folder private, a symlink
//! written through, a FIFO refused, a file that is not a database moved aside; the schema, and
//! the migration of the single-library schema. The old files beside it are imported here too
//! (see [`super::legacy`]).

#[cfg(test)]
mod tests;

use std::fs::{DirBuilder, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode, OptionalExtension, TransactionBehavior};

use super::LEGACY_FILE_NAME;
use super::db::UNCLAIMED;
use super::error::{StateError, shown};
use super::legacy::{self, move_aside};

/// How long a write waits for another reader's transaction before giving up (and retrying
/// later): transactions here last milliseconds, so this is only reached by a stuck process.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The pause between two tries at switching a new database to WAL ([`enable_wal`]): about
/// what SQLite's own busy handler waits at first.
const WAL_RETRY_PAUSE: Duration = Duration::from_millis(5);

/// The current schema. Rows are kept per library (its canonical folder's path bytes); the
/// rows of schema 1, which had no library, are kept as unclaimed ([`UNCLAIMED`]) until a
/// library adopts them (see [`adopt`]).
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS mark (
    library BLOB NOT NULL,
    path BLOB NOT NULL,
    title TEXT NOT NULL,
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    scroll INTEGER NOT NULL DEFAULT 0,
    lines INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL,
    seen_at INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (library, path, title)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS mark_seen ON mark (library, seen_at);
CREATE INDEX IF NOT EXISTS mark_version ON mark (library, version);
CREATE TABLE IF NOT EXISTS counter (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS visit (
    library BLOB NOT NULL,
    position INTEGER NOT NULL,
    path BLOB NOT NULL,
    scroll INTEGER NOT NULL,
    current INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (library, position)
) WITHOUT ROWID;
";

/// Opens (creating if needed) the database at `path`, ready for several processes to write
/// at once, and imports an old `state.toml` from the same folder. The string is a notice for
/// the status bar (an old file that could not be imported, a corrupt database moved aside).
pub(super) fn open(path: &Path) -> Result<(Connection, Option<String>), StateError> {
    let open_error = |source: rusqlite::Error| StateError::Open {
        path: path.to_path_buf(),
        message: source.to_string(),
    };
    let io_error = |err: std::io::Error| StateError::Open {
        path: path.to_path_buf(),
        message: err.to_string(),
    };
    let folder = path.parent().unwrap_or(Path::new("."));
    DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(folder)
        .map_err(io_error)?;
    legacy::remove_temporaries(folder);
    create_private(path).map_err(io_error)?;
    let mut notice = None;
    let mut connection = match connect(path) {
        Err(err) if err.sqlite_error_code() == Some(ErrorCode::NotADatabase) => {
            // Not a database at all: keep the bytes aside (as for a corrupt state.toml),
            // start a new one.
            let aside = move_aside(path).map_err(io_error)?;
            notice = Some(format!(
                "{}: not a reading-state database, moved to {}; starting fresh",
                shown(path),
                shown(&aside),
            ));
            create_private(path).map_err(io_error)?;
            connect(path).map_err(open_error)?
        }
        other => other.map_err(open_error)?,
    };
    let legacy = folder.join(LEGACY_FILE_NAME);
    if std::fs::symlink_metadata(&legacy).is_ok() {
        notice = legacy::import_state_toml(&mut connection, &legacy).or(notice);
    }
    Ok((connection, notice))
}

/// Creates the database file with mode 600 if it does not exist (reading marks are
/// private); SQLite gives its `-wal` and `-shm` files the database's mode. An existing file
/// keeps its mode. A symlink is written through, as SQLite does, so a dangling one gets its
/// target created here, private, in a folder created 700 if missing, rather than by SQLite
/// with the umask's mode. Opened without blocking: a FIFO planted there is refused, never
/// waited on.
fn create_private(path: &Path) -> std::io::Result<()> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => return Ok(()),
        Ok(_) => return Err(std::io::Error::other("not a regular file")),
        Err(_) => {}
    }
    let open = || {
        OpenOptions::new()
            .write(true)
            .create(true)
            .mode(0o600)
            .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
            .open(path)
    };
    let file = match open() {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            // A dangling symlink whose target's folder is missing.
            let target = std::fs::read_link(path).map_err(|_| err)?;
            let target = path.parent().unwrap_or(Path::new(".")).join(target);
            if let Some(folder) = target.parent() {
                DirBuilder::new()
                    .recursive(true)
                    .mode(0o700)
                    .create(folder)?;
            }
            open()?
        }
        other => other?,
    };
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok(())
}

fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let mut connection = Connection::open(path)?;
    connection.busy_timeout(BUSY_TIMEOUT)?;
    enable_wal(&connection)?;
    // NORMAL sync is safe in WAL mode against a crash of readmore; only a power cut can lose
    // the last commit.
    connection.pragma_update(None, "synchronous", "NORMAL")?;
    connection.execute_batch(SCHEMA)?;
    migrate_unkeyed(&mut connection)?;
    Ok(connection)
}

/// Puts the database in WAL mode: readers never block the writer, and a writer never blocks
/// readers. A new database is switched by the first reader to open it: the switch reads the
/// header, then takes the write lock, and when another reader is switching at the same moment
/// SQLite answers "database is locked" at once, without the busy handler (waiting there could
/// deadlock). The failed statement keeps no lock, so it is tried again, within
/// [`BUSY_TIMEOUT`], until the other has switched it.
fn enable_wal(connection: &Connection) -> rusqlite::Result<()> {
    let give_up = Instant::now() + BUSY_TIMEOUT;
    let mode: String = loop {
        match connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0)) {
            Err(err)
                if err.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
                    && Instant::now() < give_up =>
            {
                std::thread::sleep(WAL_RETRY_PAUSE);
            }
            other => break other?,
        }
    };
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(rusqlite::Error::InvalidQuery);
    }
    Ok(())
}

/// Moves the rows of schema 1 (table `article`, keyed by path and title only) into `mark` as
/// unclaimed, once: the first library opened adopts them ([`super::db::adopt`]).
fn migrate_unkeyed(connection: &mut Connection) -> rusqlite::Result<()> {
    let exists = |connection: &Connection| -> rusqlite::Result<bool> {
        connection
            .query_row(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'article'",
                [],
                |_| Ok(()),
            )
            .optional()
            .map(|found| found.is_some())
    };
    if !exists(connection)? {
        return Ok(());
    }
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Another process may have migrated between the look and the lock.
    if exists(&transaction)? {
        transaction.execute(
            "INSERT OR IGNORE INTO mark
                (library, path, title, read, starred, scroll, lines, updated_at, seen_at)
             SELECT ?1, path, title, read, starred, scroll, lines, updated_at, seen_at
             FROM article",
            [UNCLAIMED],
        )?;
        transaction.execute_batch("DROP TABLE article")?;
    }
    transaction.commit()
}
