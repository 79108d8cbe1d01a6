//! The writer thread: owns the connection, so the reader's thread never waits for the disk.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rusqlite::Connection;

use super::{Remembered, RowKey, Snapshot, db, exchange};

/// Changes are gathered this long before one transaction writes them all: scrolling through
/// an article sends many, and a `kill -9` loses at most this much.
const BATCH: Duration = Duration::from_millis(200);

/// After a failed write (a full disk, a database locked by a stuck process) the changes are
/// kept and written again this much later.
const RETRY: Duration = Duration::from_secs(1);

/// What the writer is asked to do, in order.
#[derive(Debug)]
pub(super) enum WriteJob {
    Record(RowKey, Remembered),
    Seen(Vec<RowKey>),
    Prune(Duration),
    Snapshot(Sender<Snapshot>),
    Flush(Sender<Option<String>>),
}

pub(super) struct Writer {
    connection: Connection,
    path: PathBuf,
    /// Changes not yet written, each with the time it was made; a newer change to the same
    /// article replaces an older one.
    pending: HashMap<RowKey, (Remembered, i64)>,
    /// Shared with the [`super::Store`] handles.
    warning: Arc<Mutex<Option<String>>>,
    /// The last write failed (so the next failure is not reported again).
    failing: bool,
}

impl Writer {
    pub(super) fn new(
        connection: Connection,
        path: &Path,
        warning: Arc<Mutex<Option<String>>>,
    ) -> Self {
        Self {
            connection,
            path: path.to_path_buf(),
            pending: HashMap::new(),
            warning,
            failing: false,
        }
    }

    /// Runs until every handle is gone, then writes what is pending.
    pub(super) fn run(mut self, jobs: &Receiver<WriteJob>) {
        let mut due: Option<Instant> = None;
        loop {
            let job = match due {
                None => jobs.recv().map_err(|_| RecvTimeoutError::Disconnected),
                Some(at) => jobs.recv_timeout(at.saturating_duration_since(Instant::now())),
            };
            match job {
                Ok(job) => {
                    if self.handle(job) && due.is_none() {
                        due = Some(Instant::now() + BATCH);
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    self.write();
                    due = (!self.pending.is_empty()).then(|| Instant::now() + RETRY);
                }
                Err(RecvTimeoutError::Disconnected) => break,
            }
            if self.pending.is_empty() {
                due = None;
            }
        }
        self.write();
    }

    /// Does one job; true if it left changes to write later.
    fn handle(&mut self, job: WriteJob) -> bool {
        match job {
            WriteJob::Record(key, remembered) => {
                self.pending.insert(key, (remembered, db::now()));
                return true;
            }
            WriteJob::Seen(keys) => {
                let result = db::mark_seen(&mut self.connection, &keys);
                self.report(result.err());
            }
            WriteJob::Prune(older_than) => {
                let result = db::prune(&self.connection, older_than);
                self.report(result.err());
            }
            WriteJob::Snapshot(reply) => {
                self.write();
                let mut snapshot = db::load(&self.connection).unwrap_or_else(|err| {
                    self.report(Some(err));
                    Snapshot::default()
                });
                // Changes that could not be written are still what the reader did.
                for ((path, title), (remembered, _)) in &self.pending {
                    snapshot.set(path, title, *remembered);
                }
                let _ = reply.send(snapshot);
            }
            WriteJob::Flush(reply) => {
                let _ = reply.send(self.write());
            }
        }
        !self.pending.is_empty()
    }

    /// Writes the pending changes in one transaction; on failure keeps them for a retry and
    /// returns the warning.
    fn write(&mut self) -> Option<String> {
        if self.pending.is_empty() {
            return None;
        }
        let changes = self
            .pending
            .iter()
            .map(|(key, (remembered, at))| (key.clone(), *remembered, *at));
        match db::upsert(&mut self.connection, changes) {
            Ok(()) => {
                self.pending.clear();
                self.failing = false;
                None
            }
            Err(err) => {
                let message = self.warning_for(&err);
                self.report(Some(err));
                Some(message)
            }
        }
    }

    fn warning_for(&self, err: &rusqlite::Error) -> String {
        format!(
            "reading state not saved ({}: {})",
            exchange::shown(&self.path),
            crate::sanitize::sanitize(&err.to_string())
        )
    }

    /// Shares a failure with the handles, once until a write succeeds again.
    fn report(&mut self, err: Option<rusqlite::Error>) {
        let Some(err) = err else {
            return;
        };
        if !self.failing {
            let message = self.warning_for(&err);
            *self
                .warning
                .lock()
                .unwrap_or_else(|poison| poison.into_inner()) = Some(message);
        }
        self.failing = true;
    }
}
