//! Opening a new database while another connection is switching it to WAL.

use std::sync::mpsc;
use std::time::Duration;

use super::super::{FILE_NAME, Store};

/// Two readers starting at once on a new database both switch it to WAL; SQLite refuses the
/// second at once ("database is locked", its busy handler not called) while the first holds
/// the write lock. The other connection here holds that lock, as the first reader does for a
/// moment; the opening reader waits for it rather than saving nothing this run.
#[test]
fn a_reader_opening_a_new_database_waits_while_another_switches_it_to_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(FILE_NAME);
    let other = rusqlite::Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let (done, answer) = mpsc::channel();
    let opening = path.clone();
    std::thread::spawn(move || done.send(Store::open(&opening, b"/news").1));
    // Held for 500 ms, long enough for the reader to meet the lock: one that does not wait
    // for it has answered (with a warning) by then; one that waits answers once it is free.
    let early = answer.recv_timeout(Duration::from_millis(500)).ok();
    other.execute_batch("COMMIT").unwrap();
    let warning = early.unwrap_or_else(|| answer.recv().unwrap());
    assert_eq!(warning, None);
}
