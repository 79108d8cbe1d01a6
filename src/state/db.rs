//! The SQLite side: opening the database as the user keeps it, the schema, and the few
//! statements the store runs.

use std::fs::{DirBuilder, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OptionalExtension, TransactionBehavior, params};

use super::exchange::{self, ArticleMarks, ImportSummary, StateError};
use super::{LEGACY_FILE_NAME, Remembered, RowKey, Snapshot};

/// How long a write waits for another reader's transaction before giving up (and retrying
/// later): transactions here last milliseconds, so this is only reached by a stuck process.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A row is marked seen again only when its mark is older than this: starting readmore does
/// not rewrite every row.
const SEEN_REFRESH_SECONDS: i64 = 24 * 60 * 60;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS article (
    path BLOB NOT NULL,
    title TEXT NOT NULL,
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0,
    scroll INTEGER NOT NULL DEFAULT 0,
    lines INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL,
    seen_at INTEGER NOT NULL,
    PRIMARY KEY (path, title)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_seen ON article (seen_at);
";

/// Now, in unix seconds.
pub(super) fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// A count from the database or a file, as SQLite stores it (never negative, never wrapped).
fn to_column(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn from_column(value: i64) -> usize {
    usize::try_from(value.max(0)).unwrap_or(usize::MAX)
}

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
    remove_legacy_temporaries(folder);
    create_private(path).map_err(io_error)?;
    let mut notice = None;
    let mut connection = match connect(path) {
        Err(err) if err.sqlite_error_code() == Some(ErrorCode::NotADatabase) => {
            // Not a database at all: keep the bytes aside (as for a corrupt state.toml),
            // start a new one.
            let aside = move_aside(path).map_err(io_error)?;
            notice = Some(format!(
                "{}: not a reading-state database, moved to {}; starting fresh",
                exchange::shown(path),
                exchange::shown(&aside),
            ));
            create_private(path).map_err(io_error)?;
            connect(path).map_err(open_error)?
        }
        other => other.map_err(open_error)?,
    };
    let legacy = folder.join(LEGACY_FILE_NAME);
    if std::fs::symlink_metadata(&legacy).is_ok() {
        notice = import_legacy(&mut connection, &legacy).or(notice);
    }
    Ok((connection, notice))
}

/// Creates a new database file with mode 600 (reading marks are private); SQLite gives its
/// `-wal` and `-shm` files the database's mode. An existing file, or a symlink (even a
/// dangling one), is left alone: `create_new` never follows or replaces it.
fn create_private(path: &Path) -> std::io::Result<()> {
    match OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        other => other.map(drop),
    }
}

fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let connection = Connection::open(path)?;
    connection.busy_timeout(BUSY_TIMEOUT)?;
    // WAL: readers never block the writer, and a writer never blocks readers. NORMAL sync is
    // safe in WAL mode against a crash of readmore; only a power cut can lose the last commit.
    let mode: String = connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(rusqlite::Error::InvalidQuery);
    }
    connection.pragma_update(None, "synchronous", "NORMAL")?;
    connection.execute_batch(SCHEMA)?;
    Ok(connection)
}

/// `file.bad-<seconds>` beside `file`, with `file` renamed to it.
pub(super) fn move_aside(file: &Path) -> std::io::Result<PathBuf> {
    let mut aside = file.as_os_str().to_owned();
    aside.push(format!(".bad-{}", now()));
    let aside = PathBuf::from(aside);
    std::fs::rename(file, &aside)?;
    Ok(aside)
}

/// Earlier versions wrote `state.toml.tmp-<pid>` and renamed it; a killed one left it behind.
fn remove_legacy_temporaries(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let prefix = format!("{LEGACY_FILE_NAME}.tmp-");
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_leftover = name
            .to_str()
            .and_then(|name| name.strip_prefix(&prefix))
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
        if is_leftover {
            // Removing a planted symlink removes the link, never its target.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Imports the old `state.toml` once, then renames it `state.toml.imported` (kept for the
/// user). One that cannot be parsed is moved aside as before; either way a notice says so.
fn import_legacy(connection: &mut Connection, legacy: &Path) -> Option<String> {
    let parsed = std::fs::read(legacy)
        .map_err(|err| StateError::Read {
            path: legacy.to_path_buf(),
            message: err.to_string(),
        })
        .and_then(|bytes| exchange::parse(&bytes, legacy, super::Format::Toml));
    let entries = match parsed {
        Ok(entries) => entries,
        Err(err) => {
            let problem = err.reason();
            return Some(match move_aside(legacy) {
                Ok(aside) => format!(
                    "{}: unreadable reading state moved to {} ({problem}); starting fresh",
                    exchange::shown(legacy),
                    exchange::shown(&aside),
                ),
                Err(rename) => format!(
                    "{}: unreadable reading state ({problem}) could not be moved aside ({rename})",
                    exchange::shown(legacy),
                ),
            });
        }
    };
    if let Err(err) = merge(connection, &entries) {
        return Some(format!(
            "{}: not imported ({err}); kept as it is",
            exchange::shown(legacy)
        ));
    }
    let mut imported = legacy.as_os_str().to_owned();
    imported.push(".imported");
    if std::fs::symlink_metadata(&imported).is_ok() {
        imported.push(format!("-{}", now()));
    }
    std::fs::rename(legacy, &imported).err().map(|err| {
        format!(
            "{}: imported, but could not be renamed ({err})",
            exchange::shown(legacy)
        )
    })
}

/// Writes `changes` (each with the time it was made) in one transaction, one row each.
pub(super) fn upsert(
    connection: &mut Connection,
    changes: impl IntoIterator<Item = (RowKey, Remembered, i64)>,
) -> rusqlite::Result<()> {
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    {
        let mut statement = transaction.prepare_cached(
            "INSERT INTO article (path, title, read, starred, scroll, lines, updated_at, seen_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
             ON CONFLICT (path, title) DO UPDATE SET
                read = excluded.read, starred = excluded.starred, scroll = excluded.scroll,
                lines = excluded.lines, updated_at = excluded.updated_at,
                seen_at = excluded.seen_at",
        )?;
        for ((path, title), r, at) in changes {
            statement.execute(params![
                &*path,
                title,
                r.read,
                r.starred,
                to_column(r.scroll),
                to_column(r.lines),
                at
            ])?;
        }
    }
    transaction.commit()
}

/// Every row, in memory. The path and title are borrowed from SQLite, not copied per row.
pub(super) fn load(connection: &Connection) -> rusqlite::Result<Snapshot> {
    let mut statement =
        connection.prepare("SELECT path, title, read, starred, scroll, lines FROM article")?;
    let mut rows = statement.query([])?;
    let mut snapshot = Snapshot::default();
    while let Some(row) = rows.next()? {
        let remembered = Remembered {
            read: row.get(2)?,
            starred: row.get(3)?,
            scroll: from_column(row.get(4)?),
            lines: from_column(row.get(5)?),
        };
        let path = row.get_ref(0)?.as_blob()?;
        snapshot.push_new(path, row.get_ref(1)?.as_str()?, remembered);
    }
    snapshot.sort_index();
    Ok(snapshot)
}

/// Marks these articles seen now (rows seen within the last day are left alone).
pub(super) fn mark_seen(connection: &mut Connection, keys: &[RowKey]) -> rusqlite::Result<()> {
    let now = now();
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    {
        let mut statement = transaction.prepare_cached(
            "UPDATE article SET seen_at = ?3 WHERE path = ?1 AND title = ?2 AND seen_at < ?4",
        )?;
        for (path, title) in keys {
            statement.execute(params![&**path, title, now, now - SEEN_REFRESH_SECONDS])?;
        }
    }
    transaction.commit()
}

/// Deletes the rows neither changed nor seen for `older_than`; returns how many.
pub(super) fn prune(connection: &Connection, older_than: Duration) -> rusqlite::Result<usize> {
    let age = i64::try_from(older_than.as_secs()).unwrap_or(i64::MAX);
    connection.execute(
        "DELETE FROM article WHERE seen_at < ?1",
        [now().saturating_sub(age)],
    )
}

/// Merges imported entries, per article: an entry replaces a row only if it changed later.
pub(super) fn merge(
    connection: &mut Connection,
    entries: &[ArticleMarks],
) -> rusqlite::Result<ImportSummary> {
    let now = now();
    let mut summary = ImportSummary::default();
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    {
        let mut existing =
            transaction.prepare("SELECT updated_at FROM article WHERE path = ?1 AND title = ?2")?;
        let mut write = transaction.prepare(
            "INSERT OR REPLACE INTO article
                (path, title, read, starred, scroll, lines, updated_at, seen_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for entry in entries {
            let found: Option<i64> = existing
                .query_row(params![entry.path, entry.title], |row| row.get(0))
                .optional()?;
            match found {
                Some(at) if at >= entry.updated_at => {
                    summary.kept += 1;
                    continue;
                }
                Some(_) => summary.updated += 1,
                None => summary.added += 1,
            }
            let r = entry.remembered;
            write.execute(params![
                entry.path,
                entry.title,
                r.read,
                r.starred,
                to_column(r.scroll),
                to_column(r.lines),
                entry.updated_at,
                now
            ])?;
        }
    }
    transaction.commit()?;
    Ok(summary)
}

/// Every row, ordered by path and title, for an export.
pub(super) fn entries(connection: &Connection) -> rusqlite::Result<Vec<ArticleMarks>> {
    let mut statement = connection.prepare(
        "SELECT path, title, read, starred, scroll, lines, updated_at FROM article
         ORDER BY path, title",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(ArticleMarks {
            path: row.get(0)?,
            title: row.get(1)?,
            remembered: Remembered {
                read: row.get(2)?,
                starred: row.get(3)?,
                scroll: from_column(row.get(4)?),
                lines: from_column(row.get(5)?),
            },
            updated_at: row.get(6)?,
        })
    })?;
    rows.collect()
}
