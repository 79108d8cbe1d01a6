//! The runs of records in a cache file's payload, and the table of them at its end: what lets
//! a start decode the records on every core, each run on its own.

use serde::{Deserialize, Serialize};

use super::{Borrowed, DIRTY, Head, Outcome, Record, Resolved, undecodable};

/// How many records a run of the payload holds: enough that a run is worth a thread, few
/// enough that a million records make hundreds of runs to share out. Tests use tiny runs, so
/// that their few files span several.
const CHUNK: usize = if cfg!(test) { 2 } else { 4096 };
/// About the fewest bytes a record takes (a path such as `x.txt`, five numbers, an outcome):
/// what bounds the room reserved for the records a cache claims to hold.
const MIN_RECORD: usize = 12;

/// One entry of the table of runs at the end of the payload.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Run {
    bytes: u64,
    records: u64,
    articles: u64,
}

/// A run of records as it lies in the cache file's bytes, its length checked against the
/// table: decoded on its own, on any thread.
pub(in crate::domain::library) struct Chunk<'a> {
    bytes: &'a [u8],
    pub(super) records: usize,
    /// How many of its records are articles, as the table says: a reader checks it.
    pub(in crate::domain::library) articles: usize,
}

impl<'a> Chunk<'a> {
    /// How many bytes the run takes in the file.
    pub(in crate::domain::library) fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Decodes the run's records in order, handing each to `each`; an error when the bytes do
    /// not hold exactly the records the table says, or when `each` refuses one.
    pub(super) fn each<R: Deserialize<'a>>(
        &self,
        mut each: impl FnMut(R) -> Result<(), String>,
    ) -> Result<(), String> {
        let mut rest = self.bytes;
        for _ in 0..self.records {
            let (record, after) = postcard::take_from_bytes(rest).map_err(undecodable)?;
            each(record)?;
            rest = after;
        }
        if !rest.is_empty() {
            return Err("it cannot be decoded (bytes after the last record)".to_owned());
        }
        Ok(())
    }

    /// [`Chunk::each`] over records borrowed from the file's bytes, each checked as
    /// [`Cache::read`] checks them.
    pub(in crate::domain::library) fn each_clean(
        &self,
        mut each: impl FnMut(Borrowed<'a>) -> Result<(), String>,
    ) -> Result<(), String> {
        self.each(|record: Borrowed<'a>| {
            if !record.outcome.is_clean() {
                return Err(DIRTY.to_owned());
            }
            each(record)
        })
    }
}

/// `files` after `body` in runs of [`CHUNK`], then the table of the runs and its length.
pub(super) fn write(files: &[&Record], mut body: Vec<u8>) -> Vec<u8> {
    let mut runs = Vec::with_capacity(files.len().div_ceil(CHUNK));
    for run in files.chunks(CHUNK) {
        let start = body.len();
        for record in run {
            body = postcard::to_extend(record, body).expect("records always serialise");
        }
        let articles = (run.iter())
            .filter(|record| matches!(record.outcome, Outcome::Article { .. }))
            .count();
        runs.push(Run {
            bytes: (body.len() - start) as u64,
            records: run.len() as u64,
            articles: articles as u64,
        });
    }
    let start = body.len();
    body = postcard::to_extend(&runs, body).expect("a table always serialises");
    let table = (body.len() - start) as u64;
    body.extend_from_slice(&table.to_le_bytes());
    body
}

/// The resolved links after the head (`rest`), and the runs of records after them as the
/// table at the end cuts them; an error when the table does not fit the bytes or the head's
/// count. A run's length is checked against its count of records (each takes at least
/// [`MIN_RECORD`] bytes), so that no count claimed reserves more room than the bytes could
/// fill.
pub(super) fn layout<'a>(
    head: &Head,
    rest: &'a [u8],
) -> Result<(Resolved, Vec<Chunk<'a>>), String> {
    let (resolved, rest) = postcard::take_from_bytes(rest).map_err(undecodable)?;
    let (rest, length) = rest.split_last_chunk::<8>().ok_or_else(misfit)?;
    let at = usize::try_from(u64::from_le_bytes(*length))
        .ok()
        .and_then(|length| rest.len().checked_sub(length))
        .ok_or_else(misfit)?;
    let (mut records, table) = rest.split_at(at);
    let runs = table_of(table)?;
    let mut chunks = Vec::with_capacity(runs.len());
    for run in &runs {
        let bytes = run.bytes()?;
        if bytes > records.len() {
            return Err(misfit());
        }
        let (bytes, after) = records.split_at(bytes);
        chunks.push(run.chunk(bytes)?);
        records = after;
    }
    if !records.is_empty() {
        return Err(misfit());
    }
    counted(&runs, head).map(|()| (resolved, chunks))
}

/// The table of runs that `table` holds, and nothing after it.
pub(super) fn table_of(table: &[u8]) -> Result<Vec<Run>, String> {
    let (runs, after): (Vec<Run>, _) = postcard::take_from_bytes(table).map_err(undecodable)?;
    if !after.is_empty() {
        return Err(misfit());
    }
    Ok(runs)
}

/// Whether `runs` hold the records `head` counts, each run no more articles than records
/// and no more records than bytes (a record takes at least one): what a start sizes its
/// entries by before any record is read is then bounded by the file.
pub(super) fn counted(runs: &[Run], head: &Head) -> Result<(), String> {
    if (runs.iter()).any(|run| run.articles > run.records || run.records > run.bytes) {
        return Err(misfit());
    }
    let count = (runs.iter()).fold(0u64, |sum, run| sum.saturating_add(run.records));
    match count.cmp(&head.count) {
        std::cmp::Ordering::Equal => Ok(()),
        std::cmp::Ordering::Less => {
            Err("it cannot be decoded (fewer records than it counts)".to_owned())
        }
        std::cmp::Ordering::Greater => {
            Err("it cannot be decoded (bytes after the last record)".to_owned())
        }
    }
}

pub(super) fn misfit() -> String {
    "it cannot be decoded (its table of records does not fit them)".to_owned()
}

impl Run {
    /// How many articles the run holds, as the table says.
    pub(super) fn articles(&self) -> usize {
        usize::try_from(self.articles).unwrap_or(usize::MAX)
    }

    /// How many bytes the run takes.
    pub(super) fn bytes(&self) -> Result<usize, String> {
        usize::try_from(self.bytes).map_err(|_| misfit())
    }

    /// The run as it lies in `bytes` (exactly its bytes), once its counts are checked
    /// against its length.
    pub(super) fn chunk<'a>(&self, bytes: &'a [u8]) -> Result<Chunk<'a>, String> {
        let (Ok(records), Ok(articles)) = (
            usize::try_from(self.records),
            usize::try_from(self.articles),
        ) else {
            return Err(misfit());
        };
        if records.saturating_mul(MIN_RECORD) > bytes.len() || articles > records {
            return Err(misfit());
        }
        Ok(Chunk {
            bytes,
            records,
            articles,
        })
    }
}
