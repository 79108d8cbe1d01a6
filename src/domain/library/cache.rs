//! The metadata cache: what loading learnt about each file, kept between starts so that a
//! start reads only the files that changed.
//!
//! One file per canonical articles folder, `$XDG_CACHE_HOME/readmore/<key>/library-v1`
//! ([`crate::domain::paths::library_cache_dir`]): a header (magic, format version, payload length,
//! checksum of the payload keyed with the user's secret, [`super::CacheKey`]) and the payload
//! in postcard. It is derived data and untrusted
//! input: anything wrong with it (truncated, foreign, corrupt, strings that are not clean)
//! makes loading read every file again with a warning; it is never preferred over the files,
//! since an entry is only used when the file's size, times, inode and device still match.

use std::io::{ErrorKind, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{CacheKey, LoadOptions};
use crate::domain::article::Decoding;
use crate::domain::sanitize::{is_invisible, sanitize, visible_name};

/// The file's name inside the library's cache folder.
const FILE: &str = "library-v1";
/// What every cache file starts with.
const MAGIC: [u8; 8] = *b"readmore";
/// Bumped whenever the payload's layout or meaning changes: an older cache is rebuilt.
const VERSION: u32 = 2;
/// Magic, version, payload length, keyed checksum.
const HEADER: usize = 8 + 4 + 8 + 32;
/// The largest cache file read: some 10 times what a million articles need.
const MAX_BYTES: u64 = 2 << 30;
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

/// What loading one file gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) enum Outcome {
    /// An article: what the library keeps of it, and the warning it gave, if any.
    Article {
        title: String,
        links: Vec<String>,
        /// [`super::text_hash`] of the article.
        hash: u64,
        /// The file's size in bytes.
        size: u64,
        warning: Option<String>,
    },
    /// Not an article, and why.
    Skipped { reason: String },
}

impl Outcome {
    /// Whether every string in it could have come from parsing: clean, and for titles and
    /// links trimmed, not empty and (titles) without invisible characters. A cache written by
    /// someone else must not put anything on the terminal that a file could not.
    fn is_clean(&self) -> bool {
        let clean = |text: &str| sanitize(text) == text;
        let name = |text: &str| !text.is_empty() && text.trim() == text && clean(text);
        match self {
            Self::Article {
                title,
                links,
                warning,
                ..
            } => {
                name(title)
                    && !title.contains(is_invisible)
                    && links.iter().all(|link| name(link))
                    && warning.as_deref().is_none_or(clean)
            }
            Self::Skipped { reason } => clean(reason),
        }
    }
}

/// One file of the folder: its path relative to the root as raw bytes, its [`Key`] when it
/// was read, and what it gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Record {
    pub(super) path: Vec<u8>,
    pub(super) key: Key,
    pub(super) outcome: Outcome,
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

/// What the payload starts with; `count` records follow, each on its own, so that a reader
/// can reserve room for them at once rather than growing (and copying) a vector of them.
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
            file: crate::domain::paths::library_cache_dir(cache_dir, inside).join(FILE),
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

    /// The records of the cache; none when there is no cache or it was made for another
    /// folder or other options; an error (to warn with) when it cannot be used.
    /// About `expected` records are wanted: as many as files were found.
    pub(super) fn read(&self, expected: usize) -> Result<Vec<Record>, String> {
        let bytes = match crate::domain::own_files::read_capped(&self.file, MAX_BYTES) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => return Err(format!("it is larger than {MAX_BYTES} bytes")),
            Err(err) if matches!(err.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory) => {
                return Ok(Vec::new());
            }
            Err(err) => return Err(format!("cannot read it ({err})")),
        };
        let payload = decode(&bytes, expected, &self.key)?;
        if payload.root != self.root || payload.settings != self.settings {
            return Ok(Vec::new());
        }
        if !payload
            .files
            .par_iter()
            .all(|record| record.outcome.is_clean())
        {
            return Err("it holds text that no article file gives".to_owned());
        }
        Ok(payload.files)
    }

    /// Replaces the cache with `files`, atomically: a reader sees the old file or the new
    /// one, and of two loads writing at once one wins whole.
    pub(super) fn write(&self, files: Vec<&Record>) -> std::io::Result<()> {
        let head = Head {
            root: self.root.clone(),
            settings: self.settings.clone(),
            count: files.len() as u64,
        };
        let bytes = encode(&head, &files, &self.key);
        let folder = self.file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(folder)?;
        let mut temp = tempfile::NamedTempFile::new_in(folder)?;
        temp.write_all(&bytes)?;
        temp.persist(&self.file).map_err(|err| err.error)?;
        Ok(())
    }
}

/// The cache file's bytes for `head` and `files`: header, then the payload.
fn encode(head: &Head, files: &[&Record], key: &CacheKey) -> Vec<u8> {
    let mut body = postcard::to_allocvec(head).expect("a head always serialises");
    for record in files {
        body = postcard::to_extend(record, body).expect("records always serialise");
    }
    let mut bytes = Vec::with_capacity(HEADER + body.len());
    bytes.extend_from_slice(&MAGIC);
    bytes.extend_from_slice(&VERSION.to_le_bytes());
    bytes.extend_from_slice(&(body.len() as u64).to_le_bytes());
    bytes.extend_from_slice(key.checksum(&body).as_bytes());
    bytes.extend_from_slice(&body);
    bytes
}

/// The payload of a cache file, or what is wrong with it; room for `expected` records is
/// reserved at once (never for what the file claims: that could be anything).
fn decode(bytes: &[u8], expected: usize, key: &CacheKey) -> Result<Payload, String> {
    let (header, body) = bytes
        .split_at_checked(HEADER)
        .ok_or("it is truncated".to_owned())?;
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
    if number(4..12) != body.len() as u64 {
        return Err("it is truncated".to_owned());
    }
    // Compared in constant time (blake3::Hash's equality).
    let written = <[u8; 32]>::try_from(&rest[12..]).map(blake3::Hash::from_bytes);
    if written.ok() != Some(key.checksum(body)) {
        return Err(
            "it was not written by this user's readmore (its keyed checksum does not match)"
                .to_owned(),
        );
    }
    let undecodable = |err: postcard::Error| format!("it cannot be decoded ({err})");
    let (head, mut rest) = postcard::take_from_bytes::<Head>(body).map_err(undecodable)?;
    let mut files = Vec::with_capacity(expected.min(usize::try_from(head.count).unwrap_or(0)));
    for _ in 0..head.count {
        let (record, after) = postcard::take_from_bytes(rest).map_err(undecodable)?;
        files.push(record);
        rest = after;
    }
    if !rest.is_empty() {
        return Err("it cannot be decoded (bytes after the last record)".to_owned());
    }
    Ok(Payload {
        root: head.root,
        settings: head.settings,
        files,
    })
}

#[cfg(test)]
mod tests;
