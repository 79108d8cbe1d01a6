//! One fetch per library at a time: an advisory lock on `.readmore/fetch.lock`.
//!
//! The lock (`flock(2)` on Unix) belongs to the open file, so the kernel releases it when the process ends, even
//! by kill -9: a crashed fetch never leaves the library locked. Dropping the lock unlocks the
//! file before closing it: a process this one is starting (the pager, the browser) holds a copy
//! of every descriptor until it execs, and closing ours alone would leave the library locked
//! until then.

use std::fs::File;
use std::io;
use std::path::Path;
use std::time::{Duration, Instant};

use super::files::data_dir;

/// Held while a fetch runs; dropping it releases the library.
#[derive(Debug)]
pub struct FetchLock {
    file: File,
}

impl Drop for FetchLock {
    fn drop(&mut self) {
        // Releases the lock for every copy of the descriptor, not only ours. Should it fail,
        // closing the file still releases it once the copies are closed.
        let _ = self.file.unlock();
    }
}

/// Why the lock was not taken.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("another fetch is running on this library ({0})")]
    Busy(String),
    #[error("{path}: {error}")]
    Io { path: String, error: io::Error },
}

impl FetchLock {
    /// Takes the library's lock, waiting up to `wait` for another fetch to finish.
    pub fn acquire(library: &Path, wait: Duration) -> Result<Self, LockError> {
        let dir = data_dir(library).map_err(|error| LockError::Io {
            path: library.display().to_string(),
            error,
        })?;
        let path = dir.join("fetch.lock");
        let shown = path.display().to_string();
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|error| LockError::Io {
                path: shown.clone(),
                error,
            })?;
        let give_up = Instant::now() + wait;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Self { file }),
                Err(std::fs::TryLockError::WouldBlock) => {}
                Err(std::fs::TryLockError::Error(error)) => {
                    return Err(LockError::Io { path: shown, error });
                }
            }
            if Instant::now() >= give_up {
                return Err(LockError::Busy(shown));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_then_reports_the_running_fetch() {
        let dir = tempfile::tempdir().unwrap();
        let first = FetchLock::acquire(dir.path(), Duration::ZERO).unwrap();
        let err = FetchLock::acquire(dir.path(), Duration::from_millis(100)).unwrap_err();
        assert!(
            err.to_string().contains("another fetch is running"),
            "{err}"
        );
        drop(first);
        FetchLock::acquire(dir.path(), Duration::ZERO).unwrap();
    }

    /// A process started by another thread holds a copy of every descriptor until it execs
    /// (the copy here stands for it): the library is free as soon as the lock is dropped.
    #[test]
    fn a_dropped_lock_is_released_while_a_copy_of_its_file_is_still_open() {
        let dir = tempfile::tempdir().unwrap();
        let first = FetchLock::acquire(dir.path(), Duration::ZERO).unwrap();
        let copy = first.file.try_clone().unwrap();
        drop(first);
        FetchLock::acquire(dir.path(), Duration::ZERO).unwrap();
        drop(copy);
    }
}
