//! The metadata cache: what loading learnt about each file, kept between starts so that a
//! start reads only the files that changed.
//!
//! One file per canonical articles folder, `$XDG_CACHE_HOME/readmore/<key>/library-v1`
//! ([`crate::domain::paths::library_cache_dir`]): a header (magic, format version, payload length,
//! checksum of the payload keyed with the user's secret, [`super::CacheKey`]) and the payload
//! in postcard: the library's resolved links and backlinks ([`Resolved`]), so that a start from
//! the cache resolves nothing, then a record per file in runs of [`CHUNK`], then a table of the runs
//! (their bytes, records and articles) and its length, so that a start decodes the runs on
//! every core, each into its own place in the library. It is derived data and untrusted
//! input: anything wrong with it (truncated, foreign, corrupt, strings that are not clean)
//! makes loading read every file again with a warning; it is never preferred over the files,
//! since an entry is only used when the file's size, times, inode and device still match.

use std::io::{ErrorKind, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::index::Resolved;
use super::{CacheKey, LoadOptions};
use crate::domain::article::Decoding;
use crate::domain::sanitize::{is_invisible, is_sanitized, visible_name};
pub(super) use runs::Chunk;
use runs::layout;
pub(super) use stream::Windows;

/// The file's name inside the library's cache folder.
const FILE: &str = "library-v1";
/// What every cache file starts with.
const MAGIC: [u8; 8] = *b"readmore";
/// Bumped whenever the payload's layout or meaning changes: an older cache is rebuilt.
const VERSION: u32 = 5;
/// Magic, version, payload length, keyed checksum.
const HEADER: usize = 8 + 4 + 8 + 32;
/// The largest cache file read: some 10 times what a million articles need.
const MAX_BYTES: u64 = 2 << 30;
/// Why a cache holding text that parsing never gives is not used.
const DIRTY: &str = "it holds text that no article file gives";
/// Files changed this recently (in nanoseconds) before the walk are not cached: a change in
/// the same tick of the file system's clock would leave size and times as they were.
const RACY_NS: i64 = 2_000_000_000;

/// What identifies one version of a file: any write, rename over it or `chmod` changes one
/// of these (the change time cannot be set back, unlike the modification time).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Key {
    dev: u64,
    ino: u64,
    pub(super) size: u64,
    mtime_ns: i64,
    ctime_ns: i64,
}

impl Key {
    pub(super) fn of(metadata: &std::fs::Metadata) -> Self {
        // Nanoseconds fit an i64 until the year 2262.
        let ns = |secs: i64, nanos: i64| secs.saturating_mul(1_000_000_000).saturating_add(nanos);
        Self {
            dev: metadata.dev(),
            ino: metadata.ino(),
            size: metadata.size(),
            mtime_ns: ns(metadata.mtime(), metadata.mtime_nsec()),
            ctime_ns: ns(metadata.ctime(), metadata.ctime_nsec()),
        }
    }

    /// Whether the file was written so shortly before `walk_ns` that another write in the
    /// same tick of the file system's clock would keep this key: such a file is read again
    /// next time rather than trusted. (A write sets both times; one that sets the
    /// modification time back, as `cp -p` does, still moves the change time.)
    pub(super) fn is_racy(&self, walk_ns: i64) -> bool {
        self.mtime_ns > walk_ns - RACY_NS
    }
}

/// What loading one file gave; `S` is `String`, or `&str` when borrowed from the cache file's
/// bytes ([`Borrowed`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) enum Outcome<S = String> {
    /// An article: what the library keeps of it, and the warning it gave, if any.
    Article {
        title: S,
        links: Vec<S>,
        /// [`super::text_hash`] of the article.
        hash: u64,
        /// The file's size in bytes.
        size: u64,
        warning: Option<S>,
    },
    /// Not an article, and why.
    Skipped { reason: S },
}

impl<S: AsRef<str>> Outcome<S> {
    /// Whether every string in it could have come from parsing: clean, and for titles and
    /// links trimmed, not empty and (titles) without invisible characters. A cache written by
    /// someone else must not put anything on the terminal that a file could not.
    fn is_clean(&self) -> bool {
        // Printable ASCII is what sanitising keeps as it is, and holds nothing invisible: most
        // text is checked without making a cleaned copy of it. Checked without stopping
        // early, so that the check runs on whole vectors of bytes.
        let printable = |text: &str| {
            (text.bytes()).fold(true, |all, byte| all & (byte.wrapping_sub(b' ') < 0x5f))
        };
        let clean = |text: &str| printable(text) || is_sanitized(text);
        let name = |text: &str| !text.is_empty() && text.trim() == text && clean(text);
        match self {
            Self::Article {
                title,
                links,
                warning,
                ..
            } => {
                let title = title.as_ref();
                name(title)
                    && (printable(title) || !title.contains(is_invisible))
                    && links.iter().all(|link| name(link.as_ref()))
                    && warning
                        .as_ref()
                        .is_none_or(|warning| clean(warning.as_ref()))
            }
            Self::Skipped { reason } => clean(reason.as_ref()),
        }
    }
}

/// One file of the folder: its path relative to the root as raw bytes, its [`Key`] when it
/// was read, and what it gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Record<P = Vec<u8>, S = String> {
    pub(super) path: P,
    pub(super) key: Key,
    pub(super) outcome: Outcome<S>,
}

/// A record as it lies in the cache file's bytes: a start from the cache reads a million of
/// them without copying a string it does not keep.
pub(super) type Borrowed<'a> = Record<&'a [u8], &'a str>;

/// The links of the articles among `records` (in walk order), resolved: what the cache keeps
/// beside them.
pub(super) fn resolve(records: &[Record]) -> Resolved {
    let articles: Vec<(&str, &[String])> = (records.iter())
        .filter_map(|record| match &record.outcome {
            Outcome::Article { title, links, .. } => Some((title.as_str(), &links[..])),
            Outcome::Skipped { .. } => None,
        })
        .collect();
    Resolved::of(&articles)
}

/// The load options that change what a file gives: a cache made with others is not used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Settings {
    decoding: String,
    max_article_bytes: u64,
    follow_symlinks: String,
}

impl Settings {
    fn of(options: LoadOptions) -> Self {
        let decoding = match options.decoding {
            Decoding::Auto => "auto".to_owned(),
            Decoding::Utf8 => "utf-8".to_owned(),
            Decoding::Forced(encoding) => encoding.name().to_owned(),
        };
        Self {
            decoding,
            max_article_bytes: options.max_article_bytes,
            follow_symlinks: format!("{:?}", options.follow_symlinks),
        }
    }
}

/// What the payload starts with; the resolved links, `count` records in runs and the table of
/// the runs follow.
#[derive(Serialize, Deserialize)]
struct Head {
    root: Vec<u8>,
    settings: Settings,
    count: u64,
}

/// The payload as read.
struct Payload {
    root: Vec<u8>,
    settings: Settings,
    files: Vec<Record>,
    resolved: Resolved,
}

/// What a usable cache holds: a record per file in walk order, and the links of the library
/// these records make, resolved.
pub(super) struct Cached {
    pub(super) records: Vec<Record>,
    pub(super) resolved: Resolved,
}

/// The metadata cache file of the articles folder `root` under the cache folder `cache_dir`.
pub fn metadata_cache_file(cache_dir: &Path, root: &Path) -> PathBuf {
    crate::domain::paths::library_cache_dir(cache_dir, root).join(FILE)
}

/// The cache of one articles folder, loaded with one set of options.
pub(super) struct Cache {
    file: PathBuf,
    root: Vec<u8>,
    settings: Settings,
    key: CacheKey,
}

impl Cache {
    /// The cache under the cache folder `cache_dir` of the canonical articles folder `inside`.
    pub(super) fn new(cache_dir: &Path, inside: &Path, options: LoadOptions) -> Self {
        Self {
            file: metadata_cache_file(cache_dir, inside),
            root: inside.as_os_str().as_encoded_bytes().to_vec(),
            settings: Settings::of(options),
            key: options.cache_key,
        }
    }

    /// Whether the cache file would lie in `folder` (canonical) or below it, symbolic links
    /// on its way followed as far as they exist.
    pub(super) fn is_below(&self, folder: &Path) -> bool {
        let mut existing = self.file.as_path();
        let mut rest = Vec::new();
        loop {
            if let Ok(canonical) = std::fs::canonicalize(existing) {
                return rest
                    .iter()
                    .rev()
                    .fold(canonical, |path, part| path.join(part))
                    .starts_with(folder);
            }
            match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name);
                    existing = parent;
                }
                _ => {
                    return std::path::absolute(&self.file)
                        .is_ok_and(|file| file.starts_with(folder));
                }
            }
        }
    }

    /// The file's path, safe to print.
    pub(super) fn display(&self) -> String {
        visible_name(self.file.as_os_str().as_encoded_bytes())
    }

    /// What the cache holds; `None` when there is no cache or it was made for another folder
    /// or other options; an error (to warn with) when it cannot be used.
    pub(super) fn read(&self) -> Result<Option<Cached>, String> {
        let Some(bytes) = self.bytes()? else {
            return Ok(None);
        };
        let payload = decode(&bytes, &self.key)?;
        if payload.root != self.root || payload.settings != self.settings {
            return Ok(None);
        }
        if !payload
            .files
            .par_iter()
            .all(|record| record.outcome.is_clean())
        {
            return Err(DIRTY.to_owned());
        }
        Ok(Some(Cached {
            records: payload.files,
            resolved: payload.resolved,
        }))
    }

    /// The cache file's bytes, read whole at once; `None` when there is none.
    pub(super) fn bytes(&self) -> Result<Option<Vec<u8>>, String> {
        match crate::domain::own_files::read_capped(&self.file, MAX_BYTES) {
            Ok(Some(bytes)) => Ok(Some(bytes)),
            Ok(None) => Err(format!("it is larger than {MAX_BYTES} bytes")),
            Err(err) if matches!(err.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
                Ok(None)
            }
            Err(err) => Err(format!("cannot read it ({err})")),
        }
    }

    /// Replaces the cache with `files` and the links of the library they make, atomically: a
    /// reader sees the old file or the new one, and of two loads writing at once one wins whole.
    pub(super) fn write(&self, files: Vec<&Record>, resolved: &Resolved) -> std::io::Result<()> {
        let head = Head {
            root: self.root.clone(),
            settings: self.settings.clone(),
            count: files.len() as u64,
        };
        let bytes = encode(&head, &files, resolved, &self.key);
        let folder = self.file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(folder)?;
        let mut temp = tempfile::NamedTempFile::new_in(folder)?;
        temp.write_all(&bytes)?;
        temp.persist(&self.file).map_err(|err| err.error)?;
        Ok(())
    }
}

/// The cache file's bytes for `head`, `files` and `resolved`: header, then the payload.
fn encode(head: &Head, files: &[&Record], resolved: &Resolved, key: &CacheKey) -> Vec<u8> {
    let mut body = postcard::to_allocvec(head).expect("a head always serialises");
    body = postcard::to_extend(resolved, body).expect("links always serialise");
    body = runs::write(files, body);
    let mut bytes = Vec::with_capacity(HEADER + body.len());
    bytes.extend_from_slice(&MAGIC);
    bytes.extend_from_slice(&VERSION.to_le_bytes());
    bytes.extend_from_slice(&(body.len() as u64).to_le_bytes());
    bytes.extend_from_slice(key.checksum(&body).as_bytes());
    bytes.extend_from_slice(&body);
    bytes
}

/// The payload of a cache file, or what is wrong with it.
fn decode(bytes: &[u8], key: &CacheKey) -> Result<Payload, String> {
    let (head, rest) = open(bytes, key)?;
    let (resolved, chunks) = layout(&head, rest)?;
    let mut files = Vec::with_capacity(chunks.iter().map(|chunk| chunk.records).sum());
    for chunk in &chunks {
        chunk.each(|record| {
            files.push(record);
            Ok(())
        })?;
    }
    Ok(Payload {
        root: head.root,
        settings: head.settings,
        files,
        resolved,
    })
}

fn undecodable(err: postcard::Error) -> String {
    format!("it cannot be decoded ({err})")
}

/// The head of a cache file and the bytes after it, once its header and keyed checksum are
/// checked; what is wrong with it otherwise.
fn open<'a>(bytes: &'a [u8], key: &CacheKey) -> Result<(Head, &'a [u8]), String> {
    let (header, body) = bytes
        .split_at_checked(HEADER)
        .ok_or("it is truncated".to_owned())?;
    let header = header.try_into().expect("split at the header's length");
    let written = checksum_in(header, body.len() as u64)?;
    // Compared in constant time (blake3::Hash's equality).
    if written != key.checksum(body) {
        return Err(FORGED.to_owned());
    }
    postcard::take_from_bytes::<Head>(body).map_err(undecodable)
}

/// Why a cache whose checksum does not match is not used.
const FORGED: &str =
    "it was not written by this user's readmore (its keyed checksum does not match)";

/// The keyed checksum `header` holds for a payload of `body_len` bytes, once its magic,
/// version and length are checked; what is wrong with it otherwise.
fn checksum_in(header: &[u8; HEADER], body_len: u64) -> Result<blake3::Hash, String> {
    let (magic, rest) = header.split_at(8);
    if magic != MAGIC {
        return Err("it is not a readmore cache".to_owned());
    }
    let number = |range: std::ops::Range<usize>| {
        let mut word = [0; 8];
        word[..range.len()].copy_from_slice(&rest[range]);
        u64::from_le_bytes(word)
    };
    let version = number(0..4);
    if version != u64::from(VERSION) {
        return Err(format!("it has format version {version}, not {VERSION}"));
    }
    if number(4..12) != body_len {
        return Err("it is truncated".to_owned());
    }
    let written: [u8; 32] = rest[12..]
        .try_into()
        .expect("the header ends with 32 bytes");
    Ok(blake3::Hash::from_bytes(written))
}

mod runs;
mod stream;

#[cfg(test)]
mod tests;
