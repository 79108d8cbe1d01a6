//! The cache read a window of runs at a time: what a start from the cache decodes and what
//! the check for files changed since compares the folder with, holding neither the whole file
//! (230 MB at a million articles) nor, for the check, a record per file.

use std::fs::File;
use std::io::ErrorKind;
use std::os::unix::fs::FileExt;

use super::runs::{Chunk, Run, counted, misfit, table_of};
use super::{Borrowed, Cache, FORGED, HEADER, Head, MAX_BYTES, Resolved, checksum_in, undecodable};
use crate::domain::own_files::open_regular;

/// About how many bytes of runs a window holds when a start decodes it (a run of 4096
/// records is about 1 MB at headline-like titles): enough runs to decode on every core.
/// Tests use tiny windows, so that their few runs span several.
const WINDOW: usize = if cfg!(test) { 40 } else { 4 << 20 };

/// The window of the check for changed files, which compares one record at a time: a run,
/// so that the check adds a megabyte, not four, beside the library just put on screen.
const CHECK_WINDOW: usize = if cfg!(test) { 40 } else { 1 << 20 };

/// A cache file open for reading a window of runs at a time, its header and table of runs
/// read: nothing in it is vouched for until [`Windows::each`] has checked the whole file.
pub(in crate::domain::library) struct Windows {
    file: File,
    /// The keyed checksum the header holds.
    written: blake3::Hash,
    /// The payload's bytes before the records: the head and the resolved links.
    front: Vec<u8>,
    runs: Vec<Run>,
    /// The table of runs and its length, as the file holds them.
    table: Vec<u8>,
    hasher: blake3::Hasher,
    /// About how many bytes of runs [`Windows::each`] reads at a time.
    window: usize,
}

impl Cache {
    /// The cache file open for [`Windows::each`]; `None` when there is no cache or it was
    /// made for another folder or other options; an error (to warn with) when it cannot be
    /// used.
    pub(in crate::domain::library) fn open_windows(&self) -> Result<Option<Windows>, String> {
        let file = match open_regular(&self.file) {
            Ok(file) => file,
            Err(err) if matches!(err.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
                return Ok(None);
            }
            Err(err) => return Err(unreadable(err)),
        };
        let len = file.metadata().map_err(unreadable)?.len();
        if len > MAX_BYTES {
            return Err(format!("it is larger than {MAX_BYTES} bytes"));
        }
        let body_len = len.checked_sub(HEADER as u64).ok_or("it is truncated")?;
        let mut header = [0; HEADER];
        file.read_exact_at(&mut header, 0).map_err(unreadable)?;
        let written = checksum_in(&header, body_len)?;

        let table_end = body_len.checked_sub(8).ok_or_else(misfit)?;
        let mut table = payload(&file, table_end, 8)?;
        let table_len = u64::from_le_bytes(table[..].try_into().expect("8 bytes"));
        let table_at = table_end.checked_sub(table_len).ok_or_else(misfit)?;
        table.splice(0..0, payload(&file, table_at, table_len)?);
        let runs = table_of(&table[..table.len() - 8])?;
        let records_len = (runs.iter()).try_fold(0u64, |sum, run| {
            sum.checked_add(u64::try_from(run.bytes().ok()?).ok()?)
        });
        let records_at = (records_len.and_then(|records_len| table_at.checked_sub(records_len)))
            .ok_or_else(misfit)?;
        let front = payload(&file, 0, records_at)?;
        let (head, _): (Head, _) = postcard::take_from_bytes(&front).map_err(undecodable)?;
        if head.root != self.root || head.settings != self.settings {
            return Ok(None);
        }
        counted(&runs, &head)?;
        let mut hasher = self.key.hasher();
        hasher.update_rayon(&front);
        Ok(Some(Windows {
            file,
            written,
            front,
            runs,
            table,
            hasher,
            window: WINDOW,
        }))
    }

    /// Hands the cache's records to `each` a window of runs at a time, in walk order,
    /// borrowed and checked as [`Cache::read`] checks them; `Ok(true)` once the whole file was
    /// read and its keyed checksum matches, which is only known at the end: until then the
    /// records handed out are unvouched for, to compare with and nothing else. `Ok(false)`
    /// when there is no cache or it was made for another folder or other options; an error
    /// when it cannot be used or `each` refuses a window.
    pub(in crate::domain::library) fn windows(
        &self,
        mut each: impl FnMut(&[Borrowed<'_>]) -> Result<(), String>,
    ) -> Result<bool, String> {
        let Some(mut windows) = self.open_windows()? else {
            return Ok(false);
        };
        windows.window = CHECK_WINDOW;
        windows.each(|chunks| {
            let mut records = Vec::new();
            for chunk in chunks {
                chunk.each_clean(|record| {
                    records.push(record);
                    Ok(())
                })?;
            }
            each(&records)
        })?;
        Ok(true)
    }
}

impl Windows {
    /// The library's links as the cache resolved them; an error when they cannot be decoded
    /// or bytes lie between them and the records.
    pub(in crate::domain::library) fn resolved(&self) -> Result<Resolved, String> {
        let (_, rest): (Head, _) = postcard::take_from_bytes(&self.front).map_err(undecodable)?;
        let (resolved, after) = postcard::take_from_bytes(rest).map_err(undecodable)?;
        after.is_empty().then_some(resolved).ok_or_else(misfit)
    }

    /// How many articles the runs hold, as the table says (each run's count is checked
    /// against its records when it is read).
    pub(in crate::domain::library) fn articles(&self) -> usize {
        (self.runs.iter()).fold(0, |sum, run| sum.saturating_add(run.articles()))
    }

    /// Hands the runs to `each` a window at a time, in order, each run's length and counts
    /// checked; `Ok` once every byte was read and the keyed checksum matches.
    pub(in crate::domain::library) fn each(
        mut self,
        mut each: impl FnMut(&[Chunk<'_>]) -> Result<(), String>,
    ) -> Result<(), String> {
        // Hashed already, and nothing reads it once the records are handed out.
        let mut at = std::mem::take(&mut self.front).len() as u64;
        let mut window: &[Run] = &self.runs;
        // One buffer for every window: a fresh one each time is faulted in page by page again.
        let mut part = Vec::new();
        while !window.is_empty() {
            let (taken, bytes) = first_window(window, self.window)?;
            read_payload(&self.file, at, bytes, &mut part)?;
            self.hasher.update_rayon(&part);
            at += bytes;
            let mut chunks = Vec::with_capacity(taken);
            let mut rest = &part[..];
            for run in &window[..taken] {
                let (bytes, after) = rest.split_at(run.bytes()?);
                chunks.push(run.chunk(bytes)?);
                rest = after;
            }
            each(&chunks)?;
            window = &window[taken..];
        }
        self.hasher.update(&self.table);
        // Compared in constant time (blake3::Hash's equality).
        if self.hasher.finalize() != self.written {
            return Err(FORGED.to_owned());
        }
        Ok(())
    }
}

/// How many of `runs` the next window of about `size` bytes takes (at least one), and their
/// bytes.
fn first_window(runs: &[Run], size: usize) -> Result<(usize, u64), String> {
    let mut bytes = 0;
    for (taken, run) in runs.iter().enumerate() {
        let more = run.bytes()?;
        if taken > 0 && bytes + more > size {
            return Ok((taken, bytes as u64));
        }
        bytes += more;
    }
    Ok((runs.len(), bytes as u64))
}

/// `len` bytes of the cache `file`'s payload from `at`.
fn payload(file: &File, at: u64, len: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    read_payload(file, at, len, &mut bytes)?;
    Ok(bytes)
}

/// Reads `len` bytes of the cache `file`'s payload from `at` into `bytes`, replacing what it
/// held.
fn read_payload(file: &File, at: u64, len: u64, bytes: &mut Vec<u8>) -> Result<(), String> {
    let len = usize::try_from(len).map_err(|_| misfit())?;
    bytes.resize(len, 0);
    file.read_exact_at(bytes, HEADER as u64 + at)
        .map_err(unreadable)
}

fn unreadable(err: std::io::Error) -> String {
    match err.kind() {
        ErrorKind::UnexpectedEof => "it is truncated".to_owned(),
        _ => format!("cannot read it ({err})"),
    }
}

#[cfg(test)]
mod tests;
