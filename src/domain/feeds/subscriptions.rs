//! The subscriptions of a library: `<library>/.readmore/feeds.toml`.
//!
//! A TOML file so that a person can read and fix it; written atomically; a corrupt file is one
//! error naming the file, line and column (and the key, in TOML's message), never a panic and
//! never silently replaced by an empty list.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::files::{DATA_DIR, data_dir, write_atomic};
use crate::domain::sanitize::{Located, line_column};

/// The file name inside the library's data folder.
pub const FILE_NAME: &str = "feeds.toml";

/// The subscriptions file is small; anything over this is not one.
const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// How the last fetch of a feed went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Never fetched yet.
    #[default]
    New,
    /// Fetched and written.
    Ok,
    /// The server answered 304: nothing changed since the last fetch.
    NotModified,
    /// The fetch failed; `error` says why.
    Failed,
    /// The server answered 410 Gone: the feed is not fetched again until added anew.
    Gone,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Ok => "ok",
            Self::NotModified => "not-modified",
            Self::Failed => "failed",
            Self::Gone => "gone",
        }
    }
}

/// One subscription and what the last fetch learnt about it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Subscription {
    /// The feed's URL (after a 301, the new one).
    pub url: String,
    /// The feed's title, from the feed (or the user); empty until known.
    pub title: String,
    /// The folder below the library its articles go to, relative, one level or more.
    pub folder: String,
    /// Fetch each item's page and extract the article instead of using the feed's summary.
    pub full_text: bool,
    /// Tags from an import (newsboat's `"tag"`s, OPML categories); kept, not used by fetch.
    pub tags: Vec<String>,
    /// When the feed was last fetched (RFC 3339), whatever the outcome.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_fetch: Option<String>,
    pub status: Status,
    /// Why the last fetch failed, one line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The validators of the last answer, sent back for a conditional GET.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// A 429/503 `Retry-After`: the feed is skipped until this time (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<String>,
}

impl Subscription {
    /// A new subscription to `url`, its articles going to `folder`.
    pub fn new(url: &str, folder: &str) -> Self {
        Self {
            url: url.to_owned(),
            folder: folder.to_owned(),
            ..Self::default()
        }
    }
}

/// The subscriptions file, as TOML: `[[feed]]` tables in the user's order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subscriptions {
    #[serde(default, rename = "feed")]
    pub feeds: Vec<Subscription>,
}

/// The subscriptions file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {error}")]
    Io { path: String, error: io::Error },
    #[error(transparent)]
    Invalid(Located),
}

impl Subscriptions {
    /// The path of the subscriptions file of the library at `library`.
    pub fn path(library: &Path) -> PathBuf {
        library.join(DATA_DIR).join(FILE_NAME)
    }

    /// Reads the library's subscriptions; none when the file does not exist yet.
    pub fn load(library: &Path) -> Result<Self, StoreError> {
        let path = Self::path(library);
        let Some(bytes) = read_data(&path, read_bounded)? else {
            return Ok(Self::default());
        };
        let invalid = |offset: usize, message: &str| {
            StoreError::Invalid(Located::new(&path, line_column(&bytes, offset), message))
        };
        let text = std::str::from_utf8(&bytes)
            .map_err(|err| invalid(err.valid_up_to(), "not UTF-8 text"))?;
        let parsed: Self = toml::from_str(text)
            .map_err(|err| invalid(err.span().map_or(0, |span| span.start), err.message()))?;
        Ok(parsed)
    }

    /// Writes the subscriptions atomically.
    pub fn save(&self, library: &Path) -> Result<(), StoreError> {
        let text = toml::to_string(self).map_err(io::Error::other);
        save_data(library, &Self::path(library), text.map(String::into_bytes))
    }

    /// The subscription to `url` (compared as written, then normalised).
    pub fn find(&self, url: &str) -> Option<usize> {
        let wanted = super::links::normalise(url);
        (self.feeds.iter())
            .position(|feed| feed.url == url || super::links::normalise(&feed.url) == wanted)
    }

    /// A folder name for a new feed that no other subscription uses, from `wanted`.
    pub fn free_folder(&self, wanted: &str) -> String {
        let base = super::writer::slug(wanted, 60);
        let base = if base.is_empty() {
            "feed".to_owned()
        } else {
            base
        };
        let taken = |name: &str| self.feeds.iter().any(|feed| feed.folder == name);
        (1..)
            .map(|n| {
                if n == 1 {
                    base.clone()
                } else {
                    format!("{base}-{n}")
                }
            })
            .find(|name| !taken(name))
            .unwrap_or(base)
    }
}

/// Reads a file of at most [`MAX_BYTES`].
fn read_bounded(path: &Path) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(io::Error::other(
            "larger than 16 MiB: not a subscriptions file",
        ));
    }
    Ok(bytes)
}

/// What `read` reads from `path` in the library's data folder; none when the file does not
/// exist yet.
pub(super) fn read_data(
    path: &Path,
    read: impl FnOnce(&Path) -> io::Result<Vec<u8>>,
) -> Result<Option<Vec<u8>>, StoreError> {
    match read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(StoreError::Io {
            path: path.display().to_string(),
            error,
        }),
    }
}

/// Writes `bytes` (or the error making them) atomically to `path` in the library's data folder.
pub(super) fn save_data(
    library: &Path,
    path: &Path,
    bytes: io::Result<Vec<u8>>,
) -> Result<(), StoreError> {
    let io_error = |error| StoreError::Io {
        path: path.display().to_string(),
        error,
    };
    data_dir(library).map_err(io_error)?;
    write_atomic(path, &bytes.map_err(io_error)?).map_err(io_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subscriptions_round_trip_through_the_hidden_folder() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            Subscriptions::load(dir.path()).unwrap(),
            Subscriptions::default()
        );
        let mut subs = Subscriptions::default();
        let mut feed = Subscription::new("https://ex.com/feed.xml", "ex");
        feed.tags = vec!["news".into()];
        feed.etag = Some("\"abc\"".into());
        feed.status = Status::NotModified;
        subs.feeds.push(feed);
        subs.save(dir.path()).unwrap();
        assert!(dir.path().join(".readmore/feeds.toml").is_file());
        assert_eq!(Subscriptions::load(dir.path()).unwrap(), subs);
    }

    #[test]
    fn a_corrupt_file_is_one_line_naming_file_line_and_key() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".readmore")).unwrap();
        let path = dir.path().join(".readmore/feeds.toml");
        std::fs::write(&path, "[[feed]]\nurl = \"u\"\nfull_text = \"yes\"\n").unwrap();
        let err = Subscriptions::load(dir.path()).unwrap_err().to_string();
        assert!(err.starts_with(&format!("{}:3:", path.display())), "{err}");
        assert!(err.contains("bool"), "{err}");
        assert!(!err.contains('\n'), "{err}");
        std::fs::write(&path, "[[feed]]\nurl = \"u\"\ncolour = 1\n").unwrap();
        let err = Subscriptions::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains(":3:") && err.contains("colour"), "{err}");
    }

    #[test]
    fn free_folders_do_not_collide() {
        let mut subs = Subscriptions::default();
        subs.feeds.push(Subscription::new("a", "daily-news"));
        assert_eq!(subs.free_folder("Daily News"), "daily-news-2");
        assert_eq!(subs.free_folder("../../etc"), "etc");
        assert_eq!(subs.free_folder("///"), "feed");
    }
}
