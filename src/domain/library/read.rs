//! Reading one article file, under the rules that keep a hostile folder harmless: only
//! regular files (or links to them, as `follow_symlinks` allows), opened without blocking,
//! never past `max_article_bytes`. Loading and [`super::Library::body`] both read this way.

use std::path::Path;

use super::LoadOptions;
use super::beneath::{Opened, Walk, open_below};
use super::cache::Key;
use crate::domain::article::{self, Article};

/// A file read and parsed.
pub(super) struct ReadArticle {
    pub(super) article: Article,
    /// How the file was decoded, when it was not UTF-8.
    pub(super) warning: Option<String>,
    /// The key of the file read (the target of a link).
    pub(super) key: Key,
    /// Whether the path was a symbolic link, whose target can change under an unchanged key.
    pub(super) through_link: bool,
}

/// Why a file was not read as an article.
pub(super) struct Failure {
    pub(super) reason: String,
    /// The key of the file when the reason lies in its content (no title, too large), so
    /// that it can be cached: unlike a failure to open, it holds until the file changes.
    pub(super) key: Option<Key>,
}

impl From<String> for Failure {
    fn from(reason: String) -> Self {
        Self { reason, key: None }
    }
}

/// Reads and parses the file at `relative` below the canonical folder `inside`: the article
/// and what goes with it, or why the file was skipped.
pub(super) fn read_article(
    inside: &Path,
    relative: &[u8],
    options: LoadOptions,
) -> Result<ReadArticle, Failure> {
    use std::io::Read;
    // Opened with no link on the way, without blocking, and checked through the open handle,
    // so a file swapped for a FIFO after listing cannot hang the reader, and one that grew
    // cannot exceed the limit.
    let Opened { file, through_link } =
        open_below(inside, relative, options.follow_symlinks, Walk::available())?;
    let metadata = file.metadata().map_err(|err| err.to_string())?;
    if !metadata.is_file() {
        return Err("not a regular file".to_owned().into());
    }
    let key = Key::of(&metadata);
    let too_large = |size: u64| Failure {
        reason: format!(
            "larger than max_article_bytes ({size} > {})",
            options.max_article_bytes
        ),
        key: Some(key),
    };
    if metadata.len() > options.max_article_bytes {
        return Err(too_large(metadata.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(options.max_article_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|err| err.to_string())?;
    if bytes.len() as u64 > options.max_article_bytes {
        return Err(too_large(bytes.len() as u64));
    }
    let parsed = article::parse_with(&bytes, options.decoding).map_err(|err| Failure {
        reason: err.to_string(),
        key: Some(key),
    })?;
    Ok(ReadArticle {
        article: parsed.article,
        warning: parsed.decoded.map(|note| note.to_string()),
        key,
        through_link,
    })
}
