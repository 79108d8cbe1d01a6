//! The writer thread: owns the connection, so the reader's thread never waits for the disk.
//! It writes the reader's edits, and looks every [`POLL`] for what other readers wrote.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rusqlite::Connection;

use super::error::shown;
use super::{Edit, Remembered, RowKey, Session, Snapshot, db};

/// Changes are gathered this long before one transaction writes them all: scrolling through
/// an article sends many, and a `kill -9` loses at most this much.
const BATCH: Duration = Duration::from_millis(200);

/// After a failed write (a full disk, a database locked by a stuck process) the changes are
/// kept and written again this much later.
const RETRY: Duration = Duration::from_secs(1);

/// How often the writer looks for marks other readers changed. The look is one pragma when
/// nobody wrote.
pub(super) const POLL: Duration = Duration::from_secs(1);

/// The most visits of a run kept for the next one.
const MAX_VISITS: usize = 200;

/// What the writer is asked to do, in order.
#[derive(Debug)]
pub(super) enum WriteJob {
    /// New edits are in the [`Inbox`].
    Changed,
    Seen(Vec<RowKey>),
    Prune(Duration),
    Snapshot(Sender<Snapshot>),
    Session(Sender<Option<Session>>),
    SaveSession(Session),
    Flush(Sender<Option<String>>),
}

/// What the handles and the writer share.
#[derive(Debug, Default)]
pub(super) struct Inbox {
    /// Edits not written yet, each with the time it was last changed; a later edit to the same
    /// article is merged into it.
    edits: HashMap<RowKey, (Edit, i64)>,
    /// Rows other readers changed, as this reader should now show them (its own edits not yet
    /// written applied over them).
    fresh: HashMap<RowKey, Remembered>,
    /// A failure not yet shown.
    warning: Option<String>,
    /// Told when there is news for the reader: rows other readers changed, or a failure.
    pub(super) wake: Wake,
}

/// What wakes the reader when the inbox has news for it.
#[derive(Default)]
pub(super) struct Wake(pub(super) Option<Box<dyn Fn() + Send>>);

impl std::fmt::Debug for Wake {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(if self.0.is_some() {
            "Wake(set)"
        } else {
            "Wake"
        })
    }
}

impl Inbox {
    /// Adds the reader's `edit` of `key`, made at `at`.
    pub(super) fn edit(&mut self, key: RowKey, edit: Edit, at: i64) {
        if let Some(fresh) = self.fresh.get_mut(&key) {
            *fresh = edit.applied_to(*fresh);
        }
        let merged = self
            .edits
            .get(&key)
            .map_or(edit, |(earlier, _)| earlier.then(edit));
        self.edits.insert(key, (merged, at));
    }

    /// The rows other readers changed since the last call.
    pub(super) fn take_fresh(&mut self) -> Vec<(RowKey, Remembered)> {
        self.fresh.drain().collect()
    }

    /// Keeps a failure for the reader to show, and wakes it.
    fn warn(&mut self, warning: String) {
        self.warning = Some(warning);
        self.news();
    }

    /// The failure not yet shown, if any.
    pub(super) fn take_warning(&mut self) -> Option<String> {
        self.warning.take()
    }

    /// Whether anything waits to be taken.
    pub(super) fn has_news(&self) -> bool {
        self.warning.is_some() || !self.fresh.is_empty()
    }

    /// Wakes the reader.
    pub(super) fn news(&self) {
        if let Some(wake) = &self.wake.0 {
            wake();
        }
    }
}

/// Locks the inbox; a panic elsewhere while it was held leaves nothing half-done in it.
pub(super) fn lock(inbox: &Mutex<Inbox>) -> MutexGuard<'_, Inbox> {
    inbox.lock().unwrap_or_else(|poison| poison.into_inner())
}

pub(super) struct Writer {
    connection: Connection,
    path: PathBuf,
    /// The library whose rows this store reads and writes.
    library: Box<[u8]>,
    inbox: Arc<Mutex<Inbox>>,
    /// The last change number read: rows stamped later are news.
    version: i64,
    /// `PRAGMA data_version` at the last look: unchanged means nobody else wrote.
    data_version: Option<i64>,
    /// The last write failed (so the next failure is not reported again).
    failing: bool,
}

impl Writer {
    pub(super) fn new(
        connection: Connection,
        path: &Path,
        library: &[u8],
        inbox: Arc<Mutex<Inbox>>,
    ) -> Self {
        let data_version = db::data_version(&connection).ok();
        let version = db::last_version(&connection).unwrap_or_default();
        Self {
            connection,
            path: path.to_path_buf(),
            library: library.into(),
            inbox,
            version,
            data_version,
            failing: false,
        }
    }

    /// Runs until every handle is gone, then writes what is pending.
    pub(super) fn run(mut self, jobs: &Receiver<WriteJob>) {
        let mut due: Option<Instant> = None;
        let mut look = Instant::now() + POLL;
        loop {
            let wake = due.map_or(look, |due| due.min(look));
            match jobs.recv_timeout(wake.saturating_duration_since(Instant::now())) {
                Ok(job) => {
                    if self.handle(job) && due.is_none() {
                        due = Some(Instant::now() + BATCH);
                    }
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => break,
            }
            // Checked after every job too, so a stream of edits cannot put either off.
            let now = Instant::now();
            if due.is_some_and(|due| due <= now) {
                self.write();
                due = self.has_edits().then(|| now + RETRY);
            }
            if look <= now {
                self.look_for_news();
                look = now + POLL;
            }
            if !self.has_edits() {
                due = None;
            }
        }
        self.write();
    }

    fn has_edits(&self) -> bool {
        !lock(&self.inbox).edits.is_empty()
    }

    /// Does one job; true if it left changes to write later.
    fn handle(&mut self, job: WriteJob) -> bool {
        match job {
            WriteJob::Changed => {}
            WriteJob::Seen(keys) => {
                let result = db::mark_seen(&mut self.connection, &self.library, &keys);
                self.report(result.err());
            }
            WriteJob::Prune(older_than) => {
                let result = db::prune(&self.connection, &self.library, older_than);
                self.report(result.err());
            }
            WriteJob::Snapshot(reply) => {
                self.write();
                let _ = reply.send(self.snapshot());
            }
            WriteJob::Session(reply) => {
                let session = db::session(&self.connection, &self.library);
                let _ = reply.send(session.unwrap_or_else(|err| {
                    self.report(Some(err));
                    None
                }));
            }
            WriteJob::SaveSession(mut session) => {
                let drop = session.visits.len().saturating_sub(MAX_VISITS);
                session.visits.drain(..drop);
                session.current = session.current.saturating_sub(drop);
                let result = db::save_session(&mut self.connection, &self.library, &session);
                self.report(result.err());
            }
            WriteJob::Flush(reply) => {
                let _ = reply.send(self.write());
            }
        }
        self.has_edits()
    }

    /// Every row of the library, with the edits not yet written applied.
    fn snapshot(&mut self) -> Snapshot {
        let (mut snapshot, version, skipped) = db::load(&mut self.connection, &self.library)
            .unwrap_or_else(|err| {
                self.report(Some(err));
                Default::default()
            });
        self.version = self.version.max(version);
        if let Some(warning) = skipped.warning(&self.path) {
            lock(&self.inbox).warn(warning);
        }
        let mut inbox = lock(&self.inbox);
        // Changes that could not be written are still what the reader did.
        for ((path, title), (edit, _)) in &inbox.edits {
            snapshot.set(path, title, edit.applied_to(snapshot.get(path, title)));
        }
        inbox.fresh.clear();
        snapshot
    }

    /// Reads the rows other readers changed since the last look into the inbox, for the
    /// reader to take ([`super::Store::take_changes_elsewhere`]).
    fn look_for_news(&mut self) {
        let Ok(data_version) = db::data_version(&self.connection) else {
            return;
        };
        if self.data_version == Some(data_version) {
            return;
        }
        match db::changed_since(&mut self.connection, &self.library, self.version) {
            Ok((rows, version)) => {
                self.data_version = Some(data_version);
                self.version = version;
                let mut inbox = lock(&self.inbox);
                for (key, remembered) in rows {
                    let shown = inbox
                        .edits
                        .get(&key)
                        .map_or(remembered, |(edit, _)| edit.applied_to(remembered));
                    inbox.fresh.insert(key, shown);
                }
                if !inbox.fresh.is_empty() {
                    inbox.news();
                }
            }
            Err(err) => self.report(Some(err)),
        }
    }

    /// Writes the pending edits in one transaction; on failure keeps them for a retry and
    /// returns the warning.
    fn write(&mut self) -> Option<String> {
        let edits = std::mem::take(&mut lock(&self.inbox).edits);
        if edits.is_empty() {
            return None;
        }
        let changes = edits
            .iter()
            .map(|(key, (edit, at))| (key.clone(), *edit, *at));
        match db::write_edits(&mut self.connection, &self.library, changes) {
            Ok(()) => {
                self.failing = false;
                None
            }
            Err(err) => {
                let message = self.warning_for(&err);
                let mut inbox = lock(&self.inbox);
                for (key, (edit, at)) in edits {
                    // Edits made while this write ran are later: they win.
                    let (merged, at) = match inbox.edits.get(&key) {
                        Some(&(later, later_at)) => (edit.then(later), later_at),
                        None => (edit, at),
                    };
                    inbox.edits.insert(key, (merged, at));
                }
                drop(inbox);
                self.report(Some(err));
                Some(message)
            }
        }
    }

    fn warning_for(&self, err: &rusqlite::Error) -> String {
        format!(
            "reading state not saved ({}: {})",
            shown(&self.path),
            crate::domain::sanitize::sanitize(&err.to_string())
        )
    }

    /// Shares a failure with the handles, once until a write succeeds again.
    fn report(&mut self, err: Option<rusqlite::Error>) {
        let Some(err) = err else {
            return;
        };
        if !self.failing {
            let message = self.warning_for(&err);
            lock(&self.inbox).warn(message);
        }
        self.failing = true;
    }
}
