//! The statements the store runs on the database ([`super::open`] opens it).

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use super::error::shown;
use super::format::{ArticleMarks, ImportSummary};
use super::{Edit, Remembered, RowKey, Session, Snapshot, Visit};

/// A row is marked seen again only when its mark is older than this: starting readmore does
/// not rewrite every row.
const SEEN_REFRESH_SECONDS: i64 = 24 * 60 * 60;

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
                shown(path),
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
    insert_visits(&transaction, library, session)?;
    transaction.commit()
}

/// Gives `library` `session` as its last run unless it has one already (an older one never
/// replaces what a reader saved since). True when it did.
pub(super) fn offer_session(
    connection: &mut Connection,
    library: &[u8],
    session: &Session,
) -> rusqlite::Result<bool> {
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let has_one: bool = transaction.query_row(
        "SELECT EXISTS (SELECT 1 FROM visit WHERE library = ?1)",
        [library],
        |row| row.get(0),
    )?;
    if !has_one {
        insert_visits(&transaction, library, session)?;
    }
    transaction.commit()?;
    Ok(!has_one)
}

fn insert_visits(
    transaction: &rusqlite::Transaction<'_>,
    library: &[u8],
    session: &Session,
) -> rusqlite::Result<()> {
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
    Ok(())
}
