//! The SQLite side: opening the database as the user keeps it, the schema, and the few
//! statements the store runs.

use std::fs::{DirBuilder, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OptionalExtension, TransactionBehavior, params};

use super::exchange::{self, ArticleMarks, ImportSummary, StateError};
use super::{Edit, LEGACY_FILE_NAME, Remembered, RowKey, Session, Snapshot, Visit};

/// How long a write waits for another reader's transaction before giving up (and retrying
/// later): transactions here last milliseconds, so this is only reached by a stuck process.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A row is marked seen again only when its mark is older than this: starting readmore does
/// not rewrite every row.
const SEEN_REFRESH_SECONDS: i64 = 24 * 60 * 60;

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

/// The library of rows written before marks were kept per library.
pub(super) const UNCLAIMED: &[u8] = b"";

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
    // WAL: readers never block the writer, and a writer never blocks readers. NORMAL sync is
    // safe in WAL mode against a crash of readmore; only a power cut can lose the last commit.
    let mode: String = connection.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(rusqlite::Error::InvalidQuery);
    }
    connection.pragma_update(None, "synchronous", "NORMAL")?;
    connection.execute_batch(SCHEMA)?;
    migrate_unkeyed(&mut connection)?;
    Ok(connection)
}

/// Moves the rows of schema 1 (table `article`, keyed by path and title only) into `mark` as
/// unclaimed, once: the first library opened adopts them ([`adopt`]).
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

/// Gives `library` the unclaimed rows (those of the single-library schema, and the old
/// `state.toml`'s): the first library opened after the upgrade is taken to be the one they
/// were made in. A row the library already has keeps its own marks.
pub(super) fn adopt(connection: &mut Connection, library: &[u8]) -> rusqlite::Result<usize> {
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let adopted = transaction.execute(
        "UPDATE OR IGNORE mark SET library = ?1 WHERE library = ?2",
        params![library, UNCLAIMED],
    )?;
    transaction.execute("DELETE FROM mark WHERE library = ?1", [UNCLAIMED])?;
    transaction.commit()?;
    Ok(adopted)
}

/// The next change number: every transaction that changes marks stamps its rows with it, so
/// a reader finds what others changed since it last looked ([`changed_since`]).
fn next_version(transaction: &rusqlite::Transaction<'_>) -> rusqlite::Result<i64> {
    transaction.query_row(
        "INSERT INTO counter (name, value) VALUES ('version', 1)
         ON CONFLICT (name) DO UPDATE SET value = value + 1
         RETURNING value",
        [],
        |row| row.get(0),
    )
}

/// The last change number given out.
pub(super) fn last_version(connection: &Connection) -> rusqlite::Result<i64> {
    connection
        .query_row(
            "SELECT value FROM counter WHERE name = 'version'",
            [],
            |row| row.get(0),
        )
        .optional()
        .map(Option::unwrap_or_default)
}

/// Changes SQLite counts for commits made by other connections (`PRAGMA data_version`): the
/// same value means nobody else wrote since the last look.
pub(super) fn data_version(connection: &Connection) -> rusqlite::Result<i64> {
    connection.query_row("PRAGMA data_version", [], |row| row.get(0))
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
    if let Err(err) = merge(connection, UNCLAIMED, &entries) {
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

/// Writes `edits` (each with the time it was made) to `library`'s rows in one transaction:
/// only the fields each edit sets, so what another reader changed in the same row stays.
pub(super) fn write_edits(
    connection: &mut Connection,
    library: &[u8],
    edits: impl IntoIterator<Item = (RowKey, Edit, i64)>,
) -> rusqlite::Result<()> {
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version = next_version(&transaction)?;
    {
        let mut statement = transaction.prepare_cached(
            "INSERT INTO mark
                (library, path, title, read, starred, scroll, lines, updated_at, seen_at, version)
             VALUES (?1, ?2, ?3, coalesce(?4, 0), coalesce(?5, 0), coalesce(?6, 0),
                     coalesce(?7, 0), ?8, ?8, ?9)
             ON CONFLICT (library, path, title) DO UPDATE SET
                read = coalesce(?4, read), starred = coalesce(?5, starred),
                scroll = coalesce(?6, scroll), lines = coalesce(?7, lines),
                updated_at = excluded.updated_at, seen_at = excluded.seen_at,
                version = excluded.version",
        )?;
        for ((path, title), edit, at) in edits {
            let (scroll, lines) = edit
                .position
                .map(|(scroll, lines)| (to_column(scroll), to_column(lines)))
                .unzip();
            statement.execute(params![
                library,
                &*path,
                title,
                edit.read,
                edit.starred,
                scroll,
                lines,
                at,
                version
            ])?;
        }
    }
    transaction.commit()
}

/// Rows whose title is not UTF-8 (written by another program: readmore never writes one) are
/// skipped, never a reason to lose the others; this says how many were.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Skipped(pub(super) usize);

impl Skipped {
    /// The warning for the status bar or standard error, if any row was skipped.
    pub(super) fn warning(self, path: &Path) -> Option<String> {
        (self.0 > 0).then(|| {
            format!(
                "{}: {} with a title that is not UTF-8 skipped (kept in the file)",
                exchange::shown(path),
                match self.0 {
                    1 => "1 row".to_owned(),
                    n => format!("{n} rows"),
                }
            )
        })
    }
}

/// One row read back, borrowed from SQLite (not copied per row): its path, title and marks,
/// or `None` for a title that is not UTF-8.
fn marks_of<'row>(
    row: &'row rusqlite::Row<'_>,
) -> rusqlite::Result<Option<(&'row [u8], &'row str, Remembered)>> {
    let Ok(title) = row.get_ref(1)?.as_str() else {
        return Ok(None);
    };
    let path = match row.get_ref(0)? {
        rusqlite::types::ValueRef::Blob(bytes) | rusqlite::types::ValueRef::Text(bytes) => bytes,
        _ => return Ok(None),
    };
    let remembered = Remembered {
        read: row.get(2)?,
        starred: row.get(3)?,
        scroll: from_column(row.get(4)?),
        lines: from_column(row.get(5)?),
    };
    Ok(Some((path, title, remembered)))
}

/// Every row of `library`, in memory, and the last change number they include.
pub(super) fn load(
    connection: &mut Connection,
    library: &[u8],
) -> rusqlite::Result<(Snapshot, i64, Skipped)> {
    // One read transaction: the rows and the change number are of the same moment.
    let transaction = connection.transaction()?;
    let version = last_version(&transaction)?;
    let mut snapshot = Snapshot::default();
    let mut skipped = Skipped::default();
    {
        let mut statement = transaction.prepare(
            "SELECT path, title, read, starred, scroll, lines FROM mark WHERE library = ?1",
        )?;
        let mut rows = statement.query([library])?;
        while let Some(row) = rows.next()? {
            match marks_of(row)? {
                Some((path, title, remembered)) => snapshot.push_new(path, title, remembered),
                None => skipped.0 += 1,
            }
        }
    }
    transaction.commit()?;
    snapshot.sort_index();
    Ok((snapshot, version, skipped))
}

/// The rows of `library` changed after change number `since`, and the last change number.
pub(super) fn changed_since(
    connection: &mut Connection,
    library: &[u8],
    since: i64,
) -> rusqlite::Result<(Vec<(RowKey, Remembered)>, i64)> {
    let transaction = connection.transaction()?;
    let version = last_version(&transaction)?;
    let mut changed = Vec::new();
    {
        let mut statement = transaction.prepare_cached(
            "SELECT path, title, read, starred, scroll, lines FROM mark
             WHERE library = ?1 AND version > ?2",
        )?;
        let mut rows = statement.query(params![library, since])?;
        while let Some(row) = rows.next()? {
            if let Some((path, title, remembered)) = marks_of(row)? {
                changed.push(((path.into(), title.to_owned()), remembered));
            }
        }
    }
    transaction.commit()?;
    Ok((changed, version))
}

/// Marks these articles of `library` seen now (rows seen within the last day are left alone).
pub(super) fn mark_seen(
    connection: &mut Connection,
    library: &[u8],
    keys: &[RowKey],
) -> rusqlite::Result<()> {
    let now = now();
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    {
        let mut statement = transaction.prepare_cached(
            "UPDATE mark SET seen_at = ?4
             WHERE library = ?1 AND path = ?2 AND title = ?3 AND seen_at < ?5",
        )?;
        for (path, title) in keys {
            statement.execute(params![
                library,
                &**path,
                title,
                now,
                now - SEEN_REFRESH_SECONDS
            ])?;
        }
    }
    transaction.commit()
}

/// Deletes `library`'s rows neither changed nor seen for `older_than`; returns how many.
/// Other libraries are left alone: one not opened for months keeps its marks.
pub(super) fn prune(
    connection: &Connection,
    library: &[u8],
    older_than: Duration,
) -> rusqlite::Result<usize> {
    let age = i64::try_from(older_than.as_secs()).unwrap_or(i64::MAX);
    connection.execute(
        "DELETE FROM mark WHERE library = ?1 AND seen_at < ?2",
        params![library, now().saturating_sub(age)],
    )
}

/// Merges imported entries into `library`, per article: an entry replaces a row only if it
/// changed later.
pub(super) fn merge(
    connection: &mut Connection,
    library: &[u8],
    entries: &[ArticleMarks],
) -> rusqlite::Result<ImportSummary> {
    let now = now();
    let mut summary = ImportSummary::default();
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version = next_version(&transaction)?;
    {
        let mut existing = transaction.prepare(
            "SELECT updated_at FROM mark WHERE library = ?1 AND path = ?2 AND title = ?3",
        )?;
        let mut write = transaction.prepare(
            "INSERT OR REPLACE INTO mark
                (library, path, title, read, starred, scroll, lines, updated_at, seen_at, version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for entry in entries {
            let found: Option<i64> = existing
                .query_row(params![library, entry.path, entry.title], |row| row.get(0))
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
                library,
                entry.path,
                entry.title,
                r.read,
                r.starred,
                to_column(r.scroll),
                to_column(r.lines),
                entry.updated_at,
                now,
                version
            ])?;
        }
    }
    transaction.commit()?;
    Ok(summary)
}

/// Every row of `library`, ordered by path and title, for an export; rows whose title is not
/// UTF-8 are skipped and counted.
pub(super) fn entries(
    connection: &Connection,
    library: &[u8],
) -> rusqlite::Result<(Vec<ArticleMarks>, Skipped)> {
    let mut statement = connection.prepare(
        "SELECT path, title, read, starred, scroll, lines, updated_at FROM mark
         WHERE library = ?1 ORDER BY path, title",
    )?;
    let mut rows = statement.query([library])?;
    let mut entries = Vec::new();
    let mut skipped = Skipped::default();
    while let Some(row) = rows.next()? {
        match marks_of(row)? {
            Some((path, title, remembered)) => entries.push(ArticleMarks {
                path: path.to_vec(),
                title: title.to_owned(),
                remembered,
                updated_at: row.get(6)?,
            }),
            None => skipped.0 += 1,
        }
    }
    Ok((entries, skipped))
}

/// The visits of `library`'s last run, oldest first, and which one was open.
pub(super) fn session(
    connection: &Connection,
    library: &[u8],
) -> rusqlite::Result<Option<Session>> {
    let mut statement = connection
        .prepare("SELECT path, scroll, current FROM visit WHERE library = ?1 ORDER BY position")?;
    let mut rows = statement.query([library])?;
    let mut session = Session::default();
    while let Some(row) = rows.next()? {
        // A path that is not UTF-8 cannot be an article the reader shows: not a visit.
        let Ok(path) = std::str::from_utf8(row.get_ref(0)?.as_bytes()?) else {
            continue;
        };
        if row.get::<_, bool>(2)? {
            session.current = session.visits.len();
        }
        session.visits.push(Visit {
            path: path.to_owned(),
            scroll: from_column(row.get(1)?),
        });
    }
    Ok((!session.visits.is_empty()).then_some(session))
}

/// Replaces `library`'s last run with `session`.
pub(super) fn save_session(
    connection: &mut Connection,
    library: &[u8],
    session: &Session,
) -> rusqlite::Result<()> {
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    transaction.execute("DELETE FROM visit WHERE library = ?1", [library])?;
    {
        let mut insert = transaction.prepare(
            "INSERT INTO visit (library, position, path, scroll, current)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (position, visit) in session.visits.iter().enumerate() {
            insert.execute(params![
                library,
                to_column(position),
                visit.path.as_bytes(),
                to_column(visit.scroll),
                position == session.current
            ])?;
        }
    }
    transaction.commit()
}
