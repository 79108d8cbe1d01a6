//! How a folder is loaded: the options every way in reads files with, the fatal errors, and
//! the most articles a load accepts. A leaf of its own, so that reading, walking and the cache
//! take their options from here and not from the loading that uses them.

use std::path::Path;

use super::{CacheKey, MAX_ARTICLES};
use crate::domain::article::Decoding;

/// Default for [`LoadOptions::max_article_bytes`]: larger files are skipped unread.
pub const DEFAULT_MAX_ARTICLE_BYTES: u64 = 16 * 1024 * 1024;

/// The largest [`LoadOptions::max_article_bytes`] a config may set: the library keeps each
/// article's path, title and links with 32-bit lengths, so that an entry stays 48 bytes.
pub const MAX_ARTICLE_BYTES_LIMIT: u64 = u32::MAX as u64;

/// How to load a folder.
#[derive(Debug, Clone, Copy)]
pub struct LoadOptions {
    pub max_article_bytes: u64,
    pub follow_symlinks: FollowSymlinks,
    /// How files that are not UTF-8 are read.
    pub decoding: Decoding,
    /// The key of the metadata cache's checksum: the user's ([`CacheKey::kept_in`]) for a
    /// cache kept between runs.
    pub cache_key: CacheKey,
}

impl Default for LoadOptions {
    fn default() -> Self {
        Self {
            max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES,
            follow_symlinks: FollowSymlinks::default(),
            decoding: Decoding::default(),
            cache_key: CacheKey::default(),
        }
    }
}

/// Which symbolic links to article files are read (links to folders are never followed; the
/// articles folder itself may be one).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FollowSymlinks {
    /// Only links whose target lies inside the articles folder: a planted
    /// `x.txt -> /proc/self/environ` or `-> ~/.ssh/id_rsa` must not put secrets on screen.
    #[default]
    Inside,
    /// Every link to a regular file, wherever it lies.
    Always,
    /// No link at all.
    Never,
}

/// A fatal loading problem: there is no library to show.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: articles folder not found")]
    NotFound { path: String },
    #[error("{path}: not a folder")]
    NotAFolder { path: String },
    #[error("{path}: cannot read articles folder: {error}")]
    Unreadable { path: String, error: std::io::Error },
    #[error("{path}: {count} article files, more than the {MAX_ARTICLES} readmore can hold")]
    TooManyArticles { path: String, count: usize },
}

/// Fails when `count` article files are more than a library can give ids to
/// ([`MAX_ARTICLES`]): checked before reading any of them.
pub(super) fn within_limit(root: &Path, count: usize) -> Result<(), LoadError> {
    if count > MAX_ARTICLES {
        return Err(LoadError::TooManyArticles {
            path: root.display().to_string(),
            count,
        });
    }
    Ok(())
}
