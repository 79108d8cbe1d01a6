//! Reading one article file, under the rules that keep a hostile folder harmless: only
//! regular files (or links to them, as `follow_symlinks` allows), opened without blocking,
//! never past `max_article_bytes`. Loading and [`super::Library::body`] both read this way.

use std::path::{Path, PathBuf};

use super::cache::Key;
use super::{FollowSymlinks, LoadOptions};
use crate::article::{self, Article};

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

/// Reads and parses one file below the canonical folder `inside`: the article and what goes
/// with it, or why the file was skipped.
pub(super) fn read_article(
    path: &Path,
    inside: &Path,
    options: LoadOptions,
) -> Result<ReadArticle, Failure> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let kind = std::fs::symlink_metadata(path)
        .map_err(|err| err.to_string())?
        .file_type();
    let (target, through_link) = if kind.is_symlink() {
        (link_target(path, inside, options.follow_symlinks)?, true)
    } else if kind.is_file() {
        (path.to_path_buf(), false)
    } else {
        // A device or FIFO is never opened: opening alone can block or have effects.
        return Err("not a regular file".to_owned().into());
    };
    // Opened without following a link swapped in since, without blocking, and checked through
    // the open handle, so a file swapped for a FIFO after listing cannot hang the reader, and
    // one that grew cannot exceed the limit.
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW)
        .open(&target)
        .map_err(|err| err.to_string())?;
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

/// Where the symbolic link `path` leads, canonical, if `follow` allows reading it there: a
/// regular file, inside the canonical folder `inside` unless links are followed anywhere.
fn link_target(path: &Path, inside: &Path, follow: FollowSymlinks) -> Result<PathBuf, String> {
    if follow == FollowSymlinks::Never {
        return Err("symbolic link (not followed: follow_symlinks = \"never\")".to_owned());
    }
    let target =
        std::fs::canonicalize(path).map_err(|err| format!("symbolic link to nowhere ({err})"))?;
    if follow == FollowSymlinks::Inside && !target.starts_with(inside) {
        return Err(
            "symbolic link to a file outside the articles folder (not followed: \
             follow_symlinks = \"inside\")"
                .to_owned(),
        );
    }
    let metadata = std::fs::metadata(&target).map_err(|err| err.to_string())?;
    if !metadata.is_file() {
        return Err("symbolic link to something that is not a regular file".to_owned());
    }
    Ok(target)
}
