//! The cache read a window of runs at a time: what the check for files changed since a start
//! from the cache compares the folder with, holding neither the whole file (230 MB at a
//! million articles) nor a record per file.

use std::fs::File;
use std::io::ErrorKind;
use std::os::unix::fs::FileExt;

use super::runs::{Run, counted, table_of};
use super::{Borrowed, Cache, FORGED, HEADER, Head, MAX_BYTES, checksum_in, undecodable};
use crate::domain::own_files::open_regular;

/// About how many bytes of runs a window holds (a run of 4096 records is about 1 MB at
/// headline-like titles). Tests use tiny windows, so that their few runs span several.
const WINDOW: usize = if cfg!(test) { 40 } else { 4 << 20 };
/// How much of the payload's start is read to find its head: far more than a root path and
/// the settings take.
const HEAD_BYTES: u64 = 1 << 16;

impl Cache {
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
        let file = match open_regular(&self.file) {
            Ok(file) => file,
            Err(err) if matches!(err.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
                return Ok(false);
            }
            Err(err) => return Err(format!("cannot read it ({err})")),
        };
        let cut = |err: std::io::Error| match err.kind() {
            ErrorKind::UnexpectedEof => "it is truncated".to_owned(),
            _ => format!("cannot read it ({err})"),
        };
        let len = file.metadata().map_err(cut)?.len();
        if len > MAX_BYTES {
            return Err(format!("it is larger than {MAX_BYTES} bytes"));
        }
        let body_len = len.checked_sub(HEADER as u64).ok_or("it is truncated")?;
        let mut header = [0; HEADER];
        file.read_exact_at(&mut header, 0).map_err(cut)?;
        let written = checksum_in(&header, body_len)?;

        let misfit = || "it cannot be decoded (its table of records does not fit them)".to_owned();
        let table_end = body_len.checked_sub(8).ok_or_else(misfit)?;
        let tail = payload(&file, table_end, 8).map_err(cut)?;
        let table_len = u64::from_le_bytes(tail[..].try_into().expect("8 bytes"));
        let table_at = table_end.checked_sub(table_len).ok_or_else(misfit)?;
        let table = payload(&file, table_at, table_len).map_err(cut)?;
        let runs = table_of(&table)?;
        let records_len =
            (runs.iter()).try_fold(0u64, |sum, run| sum.checked_add(run.bytes().ok()? as u64));
        let records_at = (records_len.and_then(|records_len| table_at.checked_sub(records_len)))
            .ok_or_else(misfit)?;

        let mut hasher = self.key.hasher();
        let mut at = 0;
        while at < records_at {
            let part = payload(
                &file,
                at,
                (records_at - at).min(WINDOW.max(HEAD_BYTES as usize) as u64),
            )
            .map_err(cut)?;
            if at == 0 {
                let (head, _): (Head, _) = postcard::take_from_bytes(&part).map_err(undecodable)?;
                if head.root != self.root || head.settings != self.settings {
                    return Ok(false);
                }
                counted(&runs, &head)?;
            }
            hasher.update_rayon(&part);
            at += part.len() as u64;
        }
        let mut window: &[Run] = &runs;
        while !window.is_empty() {
            let (taken, bytes) = first_window(window)?;
            let part = payload(&file, at, bytes).map_err(cut)?;
            hasher.update_rayon(&part);
            at += bytes;
            let mut records = Vec::new();
            let mut rest = &part[..];
            for run in &window[..taken] {
                let (bytes, after) = rest.split_at(run.bytes()?);
                run.chunk(bytes)?.each_clean(|record| {
                    records.push(record);
                    Ok(())
                })?;
                rest = after;
            }
            each(&records)?;
            window = &window[taken..];
        }
        hasher.update(&table);
        hasher.update(&tail);
        // Compared in constant time (blake3::Hash's equality).
        if hasher.finalize() != written {
            return Err(FORGED.to_owned());
        }
        Ok(true)
    }
}

/// How many of `runs` the next window takes (at least one), and their bytes.
fn first_window(runs: &[Run]) -> Result<(usize, u64), String> {
    let mut bytes = 0;
    for (taken, run) in runs.iter().enumerate() {
        let more = run.bytes()?;
        if taken > 0 && bytes + more > WINDOW {
            return Ok((taken, bytes as u64));
        }
        bytes += more;
    }
    Ok((runs.len(), bytes as u64))
}

/// `len` bytes of the cache `file`'s payload from `at`.
fn payload(file: &File, at: u64, len: u64) -> std::io::Result<Vec<u8>> {
    let len = usize::try_from(len).map_err(std::io::Error::other)?;
    let mut bytes = vec![0; len];
    file.read_exact_at(&mut bytes, HEADER as u64 + at)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests;
