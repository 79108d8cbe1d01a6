//! Loading a folder: the ways in (every file read, the metadata cache kept up to date, or the
//! cache alone), with the search for what changed since. Their options and fatal errors are in
//! `options.rs`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::Instant;

use rayon::prelude::*;

use super::cache::{Cache, Chunk, Key, Windows};
use super::entry::{Entries, Slot, TextChunk, Texts};
use super::index::Resolved;
use super::names::walked_display;
use super::options::within_limit;
use super::walk::{Read, Records, article_files, records, relative, sort_out, sorted};
use super::{Library, LoadError, LoadOptions, Report};

impl Library {
    /// Loads every `*.txt` file below `root`, reading every file (no cache).
    pub fn load(root: &Path, options: LoadOptions) -> Result<Self, LoadError> {
        Self::load_with_progress(root, options, &AtomicUsize::new(0))
    }

    /// Fails unless `root` is a readable folder: the fatal cases, checked before any UI starts.
    pub fn check_root(root: &Path) -> Result<(), LoadError> {
        let display = root.display().to_string();
        let metadata = std::fs::metadata(root).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => LoadError::NotFound {
                path: display.clone(),
            },
            _ => LoadError::Unreadable {
                path: display.clone(),
                error: source,
            },
        })?;
        if !metadata.is_dir() {
            return Err(LoadError::NotAFolder { path: display });
        }
        std::fs::read_dir(root).map_err(|error| LoadError::Unreadable {
            path: display,
            error,
        })?;
        Ok(())
    }

    /// Like [`Library::load`], counting files read in `progress` as it goes, so that a UI can
    /// show how far a large library has got.
    pub fn load_with_progress(
        root: &Path,
        options: LoadOptions,
        progress: &AtomicUsize,
    ) -> Result<Self, LoadError> {
        Self::load_refreshing_cache(root, options, None, progress)
    }

    /// Like [`Library::load_with_progress`], keeping what it learns about each file in the
    /// metadata cache under the cache folder `cache` (see [`super::cache`]), so that the next
    /// start reads only files that changed. A cache that cannot be read or written is a
    /// warning in [`Library::warnings`], never an error; `None` reads every file.
    pub fn load_refreshing_cache(
        root: &Path,
        options: LoadOptions,
        cache: Option<&Path>,
        progress: &AtomicUsize,
    ) -> Result<Self, LoadError> {
        let Records {
            files,
            done,
            resolved,
            mut skipped,
            mut warnings,
            discovered,
            inside,
            started,
        } = records(root, options, cache, progress)?;
        let mut read = sort_out(files, done);
        warnings.append(&mut read.warnings);
        skipped.append(&mut read.skipped);
        (read.warnings, read.skipped) = (warnings, skipped);
        let place = (root.to_path_buf(), inside);
        Ok(Self::of_read(
            read,
            resolved,
            place,
            options,
            (discovered, started),
        ))
    }
}

impl Library {
    /// The library of the files `read` below `place` (the root and its canonical path), their
    /// links `resolved` by the cache or the walk, `discovered` files found by a walk that
    /// started at `started`.
    fn of_read(
        read: Read,
        resolved: Resolved,
        place: (PathBuf, PathBuf),
        options: LoadOptions,
        (discovered, started): (usize, Instant),
    ) -> Self {
        let counts = read.counts();
        let report = Report::new((read.skipped, read.warnings), discovered, started, counts);
        Self::assemble(read.entries, Some(resolved), place, options, report)
    }

    /// The library as the metadata cache under `cache` last saw `root`, without walking the
    /// folder or reading a file: what a reader can show at once while
    /// [`Library::stale_paths`] finds what changed since. Its links come resolved from the
    /// cache. `None` when there is no usable cache (absent, damaged, made with other options,
    /// or naming a path no walk would give), in which case
    /// [`Library::load_refreshing_cache`] is the way.
    pub fn from_cache(root: &Path, options: LoadOptions, cache: &Path) -> Option<Self> {
        Self::check_root(root).ok()?;
        let started = Instant::now();
        let inside = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let cache = Cache::new(cache, &inside, options);
        if cache.is_below(&inside) {
            return None;
        }
        let windows = cache.open_windows().ok()??;
        let resolved = windows.resolved().ok()?;
        let read = decode_windows(windows)?;
        if read.reused == 0 {
            return None;
        }
        within_limit(root, read.reused).ok()?;
        let place = (root.to_path_buf(), inside);
        Some(Self::of_read(read, resolved, place, options, (0, started)))
    }
}

impl Library {
    /// What changed in the folder since this library was taken from the metadata cache
    /// ([`Library::from_cache`]): the files written, added or removed since, as absolute
    /// paths for a reload to read again. Walks the folder and reads the changed files as a
    /// load does, and brings the cache up to date, so the next start finds them there.
    pub fn stale_paths(&self, cache: &Path) -> Result<Vec<PathBuf>, LoadError> {
        Self::check_root(&self.root)?;
        if self.unchanged_since(cache) {
            return Ok(Vec::new());
        }
        let progress = AtomicUsize::new(0);
        let walked = records(&self.root, self.options, Some(cache), &progress)?;
        let mut stale: Vec<PathBuf> = (walked.files.iter().zip(&walked.done.how))
            .filter(|(_, how)| !how.reused)
            .map(|((path, _), _)| path.clone())
            .collect();
        let mut found: Vec<&str> = walked
            .files
            .iter()
            .map(|(_, display)| display.as_str())
            .collect();
        found.sort_unstable();
        stale.extend(
            self.ids()
                .filter(|&id| found.binary_search(&self.get(id).path()).is_err())
                .map(|id| self.file(id)),
        );
        Ok(stale)
    }
}

impl Library {
    /// Whether the folder holds the files the metadata cache under `cache` knows, in the same
    /// order and each with the key it has there: what most starts find. The cache is read a
    /// window of runs at a time beside the walk, so that neither the cache file nor a record
    /// per file is held beside the library on screen.
    fn unchanged_since(&self, cache: &Path) -> bool {
        let mut files = article_files(&self.root);
        let cache = Cache::new(cache, &self.inside, self.options);
        let read = cache.windows(|records| {
            let window: Vec<(PathBuf, Key)> = (records.iter())
                .map(|record| {
                    let path = files.next().ok_or_else(String::new)?;
                    let at = relative(&self.root, &path) == record.path;
                    at.then_some((path, record.key)).ok_or_else(String::new)
                })
                .collect::<Result<_, _>>()?;
            let same = window.par_iter().all(|(path, key)| {
                std::fs::symlink_metadata(path)
                    .is_ok_and(|now| now.file_type().is_file() && Key::of(&now) == *key)
            });
            same.then_some(()).ok_or_else(String::new)
        });
        matches!(read, Ok(true)) && files.next().is_none()
    }
}

/// The library's entries from the cache's runs of records, read a window of runs at a time
/// (never the whole file at once) and each window decoded on every core: each run's strings
/// into a chunk of their own and its slots straight into their place in one vector, sized
/// from the runs' counts of articles (which are checked), so that no entry is moved or copied
/// after it is made. `None` when a record is not what a walk and a load could give, or the
/// file fails its checksum once read whole.
fn decode_windows(windows: Windows) -> Option<Read> {
    let mut slots = vec![Slot::default(); windows.articles()];
    let mut chunks = Vec::new();
    let mut rest = slots.as_mut_slice();
    let mut decoded = Read::default();
    windows
        .each(|runs| {
            let mut places = Vec::with_capacity(runs.len());
            for run in runs {
                let (place, after) = std::mem::take(&mut rest)
                    .split_at_mut_checked(run.articles)
                    .ok_or_else(String::new)?;
                places.push(place);
                rest = after;
            }
            let parts: Vec<(Read, Vec<Arc<TextChunk>>)> = (runs.par_iter())
                .zip(places.par_iter_mut())
                .map(|(run, place)| decode_run(run, place))
                .collect::<Option<_>>()
                .ok_or_else(String::new)?;
            for (place, (mut part, mut made)) in places.into_iter().zip(parts) {
                let before = u32::try_from(chunks.len()).map_err(|_| String::new())?;
                for slot in place {
                    *slot = slot.after(before);
                }
                chunks.append(&mut made);
                decoded.skipped.append(&mut part.skipped);
                decoded.warnings.append(&mut part.warnings);
                decoded.reused += part.reused;
            }
            Ok(())
        })
        .ok()?;
    rest.is_empty().then_some(())?;
    decoded.entries = Entries::new(slots, chunks);
    Some(decoded)
}

/// Decodes one run into `place`, which holds exactly its articles, and the chunks of text
/// its slots point into (counted from the first).
fn decode_run(run: &Chunk<'_>, place: &mut [Slot]) -> Option<(Read, Vec<Arc<TextChunk>>)> {
    let mut part = Read::default();
    let mut texts = Texts::new(run.len());
    let mut places = place.iter_mut();
    run.each_clean(|record| {
        // The cache is untrusted: a path must be one the walk could have found.
        let path = walked_display(record.path).ok_or_else(String::new)?;
        part.reused += 1;
        let texts = &mut texts;
        match sorted(
            record.outcome,
            &path,
            record.path,
            &mut part.warnings,
            texts,
        ) {
            Ok(slot) => *places.next().ok_or_else(String::new)? = slot,
            Err(skipped) => part.skipped.push(skipped),
        }
        Ok(())
    })
    .ok()?;
    places.next().is_none().then(|| (part, texts.finish()))
}

#[cfg(test)]
mod tests;
