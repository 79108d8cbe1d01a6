//! newsboat's own files, read for a move to readmore: its `cache.db` (SQLite: every item it
//! has fetched, read or not, flagged or not) and where newsboat keeps it and its `urls` file.
//!
//! The cache is opened read-only and never written: a newsboat still running beside the import
//! keeps its database as it was. The schema is newsboat's (`src/cache.cpp` there): the tables
//! `rss_feed` (`rssurl`, `url`, `title`, …) and `rss_item` (`guid`, `title`, `author`, `url`,
//! `feedurl`, `pubDate` in unix seconds, `content`, `unread`, `flags`, `deleted`, `base`, and
//! since 2.22 `content_mime_type`). Older caches lack the newer columns; they read as empty.

use std::fmt;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

/// A feed as newsboat's cache knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedFeed {
    /// The feed's address (`rssurl`), the key its items point at.
    pub url: String,
    /// The site it belongs to (`url`), empty when the feed gave none.
    pub site_url: String,
    pub title: String,
}

/// One item of newsboat's cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedItem {
    pub guid: String,
    pub title: String,
    pub author: String,
    /// The item's own page (`url`).
    pub link: String,
    /// The feed it came from (`feedurl`, a [`CachedFeed::url`]).
    pub feed_url: String,
    /// Publication time, unix seconds (`pubDate`; 0 when the feed gave none).
    pub published: i64,
    /// The body as the feed sent it: HTML unless `content_mime_type` says otherwise.
    pub content: String,
    /// `text/html`, `text/plain`, … (empty in caches older than newsboat 2.22: HTML).
    pub content_mime_type: String,
    /// The base URL relative links in `content` resolve against (from `xml:base`).
    pub base: String,
    pub unread: bool,
    /// newsboat's flags, letters the user sets (`A`–`Z`, `a`–`z`); any flag means the user
    /// marked the item, which readmore keeps as a star.
    pub flags: String,
}

impl CachedItem {
    /// Whether the user flagged the item in newsboat (any flag at all).
    pub fn is_flagged(&self) -> bool {
        self.flags.chars().any(|c| c.is_ascii_alphabetic())
    }
}

/// What a cache holds: its feeds and its items, oldest first. Items the user deleted in
/// newsboat (`deleted = 1`) are left out and only counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cache {
    pub feeds: Vec<CachedFeed>,
    pub items: Vec<CachedItem>,
    pub deleted: usize,
}

/// A cache that cannot be read, naming the file.
#[derive(Debug)]
pub struct CacheError {
    pub file: PathBuf,
    pub message: String,
}

impl fmt::Display for CacheError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.message)
    }
}

impl std::error::Error for CacheError {}

/// Reads every feed and every item not deleted from the newsboat cache at `path`, without
/// writing to it (the connection is read-only; a missing file is an error, not a new
/// database).
pub fn read_cache(path: &Path) -> Result<Cache, CacheError> {
    let error = |message: String| CacheError {
        file: path.to_owned(),
        message,
    };
    if !path.is_file() {
        return Err(error("no such file".to_owned()));
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection =
        Connection::open_with_flags(path, flags).map_err(|err| error(err.to_string()))?;
    connection
        .busy_timeout(std::time::Duration::from_secs(5))
        .map_err(|err| error(err.to_string()))?;
    read_tables(&connection).map_err(|err| match err {
        rusqlite::Error::SqliteFailure(ref failure, _)
            if failure.code == rusqlite::ErrorCode::NotADatabase =>
        {
            error("not an SQLite database".to_owned())
        }
        other => error(format!("not a newsboat cache ({other})")),
    })
}

fn read_tables(connection: &Connection) -> rusqlite::Result<Cache> {
    let columns = item_columns(connection)?;
    let optional = |name: &str| match columns.iter().any(|column| column == name) {
        true => format!("COALESCE({name}, '')"),
        false => "''".to_owned(),
    };
    let deleted = match columns.iter().any(|column| column == "deleted") {
        true => "deleted",
        false => "0",
    };
    let mut feeds =
        connection.prepare("SELECT rssurl, url, title FROM rss_feed ORDER BY rssurl")?;
    let feeds = feeds
        .query_map([], |row| {
            Ok(CachedFeed {
                url: text(row, 0)?,
                site_url: text(row, 1)?,
                title: text(row, 2)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let query = format!(
        "SELECT guid, title, author, url, feedurl, pubDate, content, unread, {flags}, {base}, \
         {mime}, {deleted} FROM rss_item ORDER BY pubDate, id",
        flags = optional("flags"),
        base = optional("base"),
        mime = optional("content_mime_type"),
    );
    let mut statement = connection.prepare(&query)?;
    let mut cache = Cache {
        feeds,
        ..Cache::default()
    };
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        if row.get::<_, Option<i64>>(11)?.unwrap_or(0) != 0 {
            cache.deleted += 1;
            continue;
        }
        cache.items.push(CachedItem {
            guid: text(row, 0)?,
            title: text(row, 1)?,
            author: text(row, 2)?,
            link: text(row, 3)?,
            feed_url: text(row, 4)?,
            published: row.get::<_, Option<i64>>(5)?.unwrap_or(0),
            content: text(row, 6)?,
            unread: row.get::<_, Option<i64>>(7)?.unwrap_or(1) != 0,
            flags: text(row, 8)?,
            base: text(row, 9)?,
            content_mime_type: text(row, 10)?,
        });
    }
    Ok(cache)
}

/// The columns `rss_item` has in this cache (newer newsboats added some).
fn item_columns(connection: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut statement = connection.prepare("SELECT name FROM pragma_table_info('rss_item')")?;
    let columns = statement
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if columns.is_empty() {
        return Err(rusqlite::Error::QueryReturnedNoRows);
    }
    Ok(columns)
}

/// A text column, whatever SQLite stored there: newsboat binds text, but an old or hand-made
/// cache may hold a blob (read as UTF-8, lossily), a number, or NULL (empty).
fn text(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<String> {
    use rusqlite::types::ValueRef;
    Ok(match row.get_ref(index)? {
        ValueRef::Null => String::new(),
        ValueRef::Integer(number) => number.to_string(),
        ValueRef::Real(number) => number.to_string(),
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
            String::from_utf8_lossy(bytes).into_owned()
        }
    })
}

/// Where newsboat keeps its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locations {
    pub cache: PathBuf,
    pub urls: PathBuf,
}

/// The environment newsboat looks at to find its files.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    pub home: Option<PathBuf>,
    pub xdg_config_home: Option<PathBuf>,
    pub xdg_data_home: Option<PathBuf>,
}

impl Environment {
    /// This process's `HOME`, `XDG_CONFIG_HOME` and `XDG_DATA_HOME` (empty or relative values
    /// are ignored, as the XDG specification asks).
    pub fn current() -> Environment {
        let absolute = |name: &str| {
            std::env::var_os(name)
                .map(PathBuf::from)
                .filter(|path| path.is_absolute())
        };
        Environment {
            home: absolute("HOME"),
            xdg_config_home: absolute("XDG_CONFIG_HOME"),
            xdg_data_home: absolute("XDG_DATA_HOME"),
        }
    }
}

/// newsboat's own choice of files: `~/.newsboat/` when that folder exists; else the XDG
/// folders (`$XDG_CONFIG_HOME/newsboat/urls`, `$XDG_DATA_HOME/newsboat/cache.db`, defaulting
/// to `~/.config` and `~/.local/share`) when the XDG config folder exists; else `~/.newsboat/`
/// again. `None` without a home folder.
pub fn locate(environment: &Environment) -> Option<Locations> {
    let home = environment.home.as_deref()?;
    let dotdir = home.join(".newsboat");
    let dot = Locations {
        cache: dotdir.join("cache.db"),
        urls: dotdir.join("urls"),
    };
    if dotdir.is_dir() {
        return Some(dot);
    }
    // newsboat's folder in an XDG base folder: the one set, else its default below home.
    let xdg = |set: &Option<PathBuf>, default: &str| {
        (set.as_deref()
            .map_or_else(|| home.join(default), Path::to_path_buf))
        .join("newsboat")
    };
    let config = xdg(&environment.xdg_config_home, ".config");
    if !config.is_dir() {
        return Some(dot);
    }
    let data = xdg(&environment.xdg_data_home, ".local/share");
    Some(Locations {
        cache: data.join("cache.db"),
        urls: config.join("urls"),
    })
}

#[cfg(test)]
mod tests;
