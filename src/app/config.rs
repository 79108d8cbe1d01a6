//! `config.toml`: typed, validated, with defaults for everything.
//!
//! Every mistake in the file is reported as one line naming the file, line and column, so a
//! user can fix it without guessing. Nothing here touches the terminal.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::app::action::Command;
use crate::app::keymap::{self, Key, KeyMap, KeyMapError};
use crate::domain::article::Decoding;
use crate::domain::library::{
    DEFAULT_MAX_ARTICLE_BYTES, FollowSymlinks, LoadOptions, MAX_ARTICLE_BYTES_LIMIT,
};
use crate::domain::sanitize::{line_column, one_line};
pub use colour::Colour;
use raw::RawConfig;

/// The name of the config file, in the current folder or the user's config folder.
pub const FILE_NAME: &str = "config.toml";

/// A config is a few KB; anything over this is the wrong file (or /dev/zero), refused before
/// it is read whole.
pub const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// A config problem; fatal, the reader does not start.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read config: {error}")]
    Read { path: String, error: std::io::Error },
    #[error("{path}: config is larger than 1 MiB: is it the right file?")]
    TooLarge { path: String },
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
}

/// The settings readmore runs with.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file these settings came from; `None` for the built-in defaults.
    pub source: Option<PathBuf>,
    /// The articles folder, already resolved against the config file's folder.
    pub articles: PathBuf,
    /// Whether the config file names the articles folder (`articles = ...`): a folder named
    /// must exist, while the default may give way to the per-user library.
    pub articles_named: bool,
    pub max_article_bytes: u64,
    /// Which symbolic links to article files are read.
    pub follow_symlinks: FollowSymlinks,
    /// How article files that are not valid UTF-8 are read.
    pub encoding: Decoding,
    /// Whether the reader takes the mouse (clicks, wheel); off leaves the terminal's own text
    /// selection working.
    pub mouse: bool,
    /// Whether a plain quit key (`q`) backs out of the reader, the links pane or an overlay
    /// first, quitting only from the list; off, it quits from everywhere.
    pub q_backs_out: bool,
    /// The reading pane wraps at the pane width or at this many columns, whichever is less.
    pub max_width: u16,
    /// Where the text column goes in a pane wider than `max_width`.
    pub align: Align,
    /// Whether peek mode is on at start: selecting a link shows its story in a popup.
    pub peek: bool,
    /// The list's order when readmore starts.
    pub sort: SortOrder,
    /// Width of the article list, in percent of the screen.
    pub list_width: u16,
    /// Height of the related-links pane, in percent of the right column.
    pub links_height: u16,
    pub keymap: KeyMap,
    pub theme: Theme,
    /// How `readmore fetch` talks to feed servers.
    pub fetch: FetchSettings,
}

/// The `[fetch]` section: concurrency, time and size limits of fetching feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FetchSettings {
    /// Feeds fetched at once (`--jobs` overrides it).
    pub jobs: u16,
    /// Seconds to wait for a connection.
    pub connect_timeout: u16,
    /// Seconds for one whole feed: connection, redirects and body.
    pub timeout: u16,
    /// Largest feed accepted, in bytes, after decompression.
    pub max_bytes: u64,
    /// Redirects followed before giving up.
    pub max_redirects: u8,
    /// Minutes between the reader's own fetches while it runs; 0 is off.
    pub auto_fetch: u16,
}

impl Default for FetchSettings {
    fn default() -> Self {
        Self {
            jobs: 8,
            connect_timeout: 10,
            timeout: 30,
            max_bytes: 20 * 1024 * 1024,
            max_redirects: 5,
            auto_fetch: 0,
        }
    }
}

/// Colours of the interface. Article text itself is never coloured by the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Focused pane border and headings.
    pub accent: Colour,
    /// Background of the selected row.
    pub selection: Colour,
    /// `Read More` links that resolve.
    pub link: Colour,
    /// Links to stories not in the library.
    pub dangling: Colour,
    /// Matched characters in search results.
    pub matched: Colour,
    /// Secondary text: borders of unfocused panes, hints.
    pub muted: Colour,
}

impl Default for Theme {
    fn default() -> Self {
        Self {
            accent: Colour::Cyan,
            selection: Colour::Blue,
            link: Colour::LightBlue,
            dangling: Colour::LightRed,
            matched: Colour::Yellow,
            muted: Colour::DarkGray,
        }
    }
}

impl Config {
    /// How the library is loaded under this config; the cache key is the caller's (the
    /// default unless the cache is kept between runs).
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            max_article_bytes: self.max_article_bytes,
            follow_symlinks: self.follow_symlinks,
            decoding: self.encoding,
            ..LoadOptions::default()
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            source: None,
            articles: PathBuf::from("articles"),
            articles_named: false,
            max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES,
            follow_symlinks: FollowSymlinks::default(),
            encoding: Decoding::default(),
            mouse: true,
            q_backs_out: false,
            max_width: 80,
            align: Align::Left,
            peek: false,
            sort: SortOrder::Path,
            list_width: 35,
            links_height: 30,
            keymap: KeyMap::default(),
            theme: Theme::default(),
            fetch: FetchSettings::default(),
        }
    }
}

/// The order of the article list within each folder's section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    /// By file path, as `readmore list` prints them.
    #[default]
    Path,
    /// By title, ignoring case.
    Title,
    /// The most recently modified file first.
    Newest,
    /// Unread articles first, each group in path order.
    Unread,
}

impl SortOrder {
    /// The next order in the cycle of the sort key.
    pub fn next(self) -> Self {
        match self {
            Self::Path => Self::Title,
            Self::Title => Self::Newest,
            Self::Newest => Self::Unread,
            Self::Unread => Self::Path,
        }
    }

    /// How messages name it: "sorted by title".
    pub fn name(self) -> &'static str {
        match self {
            Self::Path => "path",
            Self::Title => "title",
            Self::Newest => "newest first",
            Self::Unread => "unread first",
        }
    }
}

/// Where the reading pane puts its text column when the pane is wider than `max_width`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    /// Against the left border, as a terminal prints.
    #[default]
    Left,
    /// In the middle, as a page on a wide screen.
    Center,
}

impl Config {
    /// Loads the config: `explicit` if given (it must exist), else `./config.toml`, else
    /// `$XDG_CONFIG_HOME/readmore/config.toml`, else the built-in defaults.
    pub fn load(explicit: Option<&Path>) -> Result<Self, ConfigError> {
        let path = match explicit {
            Some(path) => Some(path.to_path_buf()),
            None => default_locations().into_iter().find(|path| path.is_file()),
        };
        match path {
            Some(path) => {
                let text = read(&path)?;
                Self::parse(&text, &path)
            }
            None => Ok(Self::default()),
        }
    }

    /// Parses config text that was read from `path` (used for messages and to resolve
    /// `articles`).
    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let invalid = |span: Option<std::ops::Range<usize>>, message: &str| {
            let (line, column) = line_column(text.as_bytes(), span.map_or(0, |span| span.start));
            ConfigError::Invalid {
                path: path.display().to_string(),
                line,
                column,
                message: one_line(message),
            }
        };
        let raw: RawConfig =
            toml::from_str(text).map_err(|err| invalid(err.span(), err.message()))?;

        let mut config = Self {
            source: Some(path.to_path_buf()),
            ..Self::default()
        };
        let folder = path.parent().unwrap_or(Path::new(""));
        config.articles_named = raw.articles.is_some();
        config.articles = folder.join(expand_home(
            raw.articles.as_ref().map_or("articles", |a| a.get_ref()),
        ));
        if let Some(bytes) = raw.max_article_bytes {
            if *bytes.get_ref() == 0 {
                return Err(invalid(
                    Some(bytes.span()),
                    "max_article_bytes must be at least 1",
                ));
            }
            if *bytes.get_ref() > MAX_ARTICLE_BYTES_LIMIT {
                return Err(invalid(
                    Some(bytes.span()),
                    &format!(
                        "max_article_bytes must be at most {MAX_ARTICLE_BYTES_LIMIT} (4 GiB - 1)"
                    ),
                ));
            }
            config.max_article_bytes = bytes.into_inner();
        }
        if let Some(follow) = raw.follow_symlinks {
            config.follow_symlinks = follow;
        }
        if let Some(label) = raw.encoding {
            config.encoding = Decoding::from_label(label.get_ref()).ok_or_else(|| {
                invalid(
                    Some(label.span()),
                    &format!(
                        "unknown encoding {:?} (use \"auto\", \"utf-8\" or a WHATWG label such as \"windows-1252\" or \"shift_jis\")",
                        label.get_ref()
                    ),
                )
            })?;
        }
        if let Some(mouse) = raw.mouse {
            config.mouse = mouse;
        }
        if let Some(q_backs_out) = raw.q_backs_out {
            config.q_backs_out = q_backs_out;
        }
        if let Some(sort) = raw.sort {
            config.sort = sort;
        }
        let ranged = |value: Option<Spanned<u16>>,
                      name: &str,
                      range: std::ops::RangeInclusive<u16>,
                      default: u16| {
            match value {
                None => Ok(default),
                Some(value) if range.contains(value.get_ref()) => Ok(value.into_inner()),
                Some(value) => Err(invalid(
                    Some(value.span()),
                    &format!(
                        "{name} must be between {} and {}",
                        range.start(),
                        range.end()
                    ),
                )),
            }
        };
        if let Some(align) = raw.reader.align {
            config.align = align;
        }
        if let Some(peek) = raw.reader.peek {
            config.peek = peek;
        }
        let mut redirects = u16::from(config.fetch.max_redirects);
        let fetch = &mut config.fetch;
        // Each number with its range, checked in this order: the first one out of range is named.
        #[rustfmt::skip]
        let numbers = [
            (raw.reader.max_width, "max_width", 10..=1000, &mut config.max_width),
            (raw.layout.list_width, "list_width", 10..=90, &mut config.list_width),
            (raw.layout.links_height, "links_height", 10..=90, &mut config.links_height),
            (raw.fetch.jobs, "jobs", 1..=64, &mut fetch.jobs),
            (raw.fetch.connect_timeout, "connect_timeout", 1..=600, &mut fetch.connect_timeout),
            (raw.fetch.timeout, "timeout", 1..=3600, &mut fetch.timeout),
            (raw.fetch.max_redirects, "max_redirects", 0..=20, &mut redirects),
            // Up to a week between fetches.
            (raw.fetch.auto_fetch, "auto_fetch", 0..=10_080, &mut fetch.auto_fetch),
        ];
        for (value, name, range, field) in numbers {
            *field = ranged(value, name, range, *field)?;
        }
        let fetch = &mut config.fetch;
        fetch.max_redirects = redirects.try_into().unwrap_or(fetch.max_redirects);
        if let Some(bytes) = raw.fetch.max_bytes {
            if *bytes.get_ref() < 1024 {
                return Err(invalid(
                    Some(bytes.span()),
                    "max_bytes must be at least 1024",
                ));
            }
            fetch.max_bytes = bytes.into_inner();
        }

        let mut overrides = Vec::new();
        let mut spans: Vec<(Key, std::ops::Range<usize>)> = Vec::new();
        for (name, keys) in &raw.keys {
            let action = keymap::command_named(name.get_ref()).ok_or_else(|| {
                invalid(
                    Some(name.span()),
                    &format!("unknown action {:?} in [keys]", name.get_ref()),
                )
            })?;
            if action == Command::Quit.into() && keys.is_empty() {
                // Raw mode turns ctrl-c into a key: without a quit key there is no way out.
                return Err(invalid(Some(name.span()), "quit needs at least one key"));
            }
            let mut parsed = Vec::with_capacity(keys.len());
            for key in keys {
                let parsed_key: Key =
                    key.get_ref()
                        .parse()
                        .map_err(|err: keymap::ParseKeyError| {
                            invalid(Some(key.span()), &err.to_string())
                        })?;
                spans.push((parsed_key, key.span()));
                parsed.push(parsed_key);
            }
            overrides.push((action, parsed));
        }
        config.keymap = KeyMap::with_overrides(overrides).map_err(|err| {
            let key = match &err {
                KeyMapError::Conflict { key, .. } | KeyMapError::Repeated { key, .. } => *key,
            };
            // Point at the key's last occurrence in the file: the one that clashes.
            let span = spans
                .iter()
                .filter(|(k, _)| *k == key)
                .map(|(_, s)| s.clone())
                .max_by_key(|s| s.start);
            invalid(span, &err.to_string())
        })?;

        let colour = |value: &Option<Spanned<String>>, default: Colour| {
            match value {
            None => Ok(default),
            Some(value) => value.get_ref().parse::<Colour>().map_err(|_| {
                invalid(
                    Some(value.span()),
                    &format!(
                        "invalid colour {:?} (use a name such as \"cyan\" or \"lightred\", a hex \"#rrggbb\" or an index 0-255)",
                        value.get_ref()
                    ),
                )
            }),
        }
        };
        let theme = &raw.theme;
        let defaults = Theme::default();
        config.theme = Theme {
            accent: colour(&theme.accent, defaults.accent)?,
            selection: colour(&theme.selection, defaults.selection)?,
            link: colour(&theme.link, defaults.link)?,
            dangling: colour(&theme.dangling, defaults.dangling)?,
            matched: colour(&theme.matched, defaults.matched)?,
            muted: colour(&theme.muted, defaults.muted)?,
        };
        Ok(config)
    }
}

/// The text of the config file at `path`: at most [`MAX_CONFIG_BYTES`], valid UTF-8.
fn read(path: &Path) -> Result<String, ConfigError> {
    use std::io::Read;
    let name = || path.display().to_string();
    let read_error = |error| ConfigError::Read {
        path: name(),
        error,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut bytes = Vec::new();
    // One byte past the limit tells a file at the limit from a longer one, whatever its
    // reported size (a pipe or a device has none).
    file.take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(ConfigError::TooLarge { path: name() });
    }
    String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        let (line, column) = line_column(err.as_bytes(), valid);
        ConfigError::Invalid {
            path: name(),
            line,
            column,
            message: "invalid UTF-8".to_owned(),
        }
    })
}

/// Where a config is looked for when none is named.
fn default_locations() -> Vec<PathBuf> {
    let mut locations = vec![PathBuf::from(FILE_NAME)];
    if let Some(dir) = crate::domain::paths::config_dir() {
        locations.push(dir.join(FILE_NAME));
    }
    locations
}

/// `~/x` means `$HOME/x`, as in a shell.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}

mod colour;
mod raw;
#[cfg(test)]
mod tests;
