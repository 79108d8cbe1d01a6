//! `config.toml`: typed, validated, with defaults for everything.
//!
//! Every mistake in the file is reported as one line naming the file, line and column, so a
//! user can fix it without guessing. Nothing here touches the terminal.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use ratatui::style::Color;
use serde::Deserialize;
use toml::Spanned;

use crate::keymap::{self, Key, KeyMap, KeyMapError};
use crate::library::DEFAULT_MAX_ARTICLE_BYTES;

/// The name of the config file, in the current folder or the user's config folder.
pub const FILE_NAME: &str = "config.toml";

/// A config problem; fatal, the reader does not start.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read config: {error}")]
    Read { path: String, error: std::io::Error },
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
    pub max_article_bytes: u64,
    /// The reading pane wraps at the pane width or at this many columns, whichever is less.
    pub max_width: u16,
    /// Width of the article list, in percent of the screen.
    pub list_width: u16,
    /// Height of the related-links pane, in percent of the right column.
    pub links_height: u16,
    pub keymap: KeyMap,
    pub theme: Theme,
}

/// Colours of the interface. Article text itself is never coloured by the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Focused pane border and headings.
    pub accent: Color,
    /// Background of the selected row.
    pub selection: Color,
    /// `Read More` links that resolve.
    pub link: Color,
    /// Links to stories not in the library.
    pub dangling: Color,
    /// Matched characters in search results.
    pub matched: Color,
    /// Secondary text: borders of unfocused panes, hints.
    pub muted: Color,
}

impl Default for Theme {
    fn default() -> Self {
        Self {
            accent: Color::Cyan,
            selection: Color::Blue,
            link: Color::LightBlue,
            dangling: Color::LightRed,
            matched: Color::Yellow,
            muted: Color::DarkGray,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            source: None,
            articles: PathBuf::from("articles"),
            max_article_bytes: DEFAULT_MAX_ARTICLE_BYTES,
            max_width: 80,
            list_width: 35,
            links_height: 30,
            keymap: KeyMap::default(),
            theme: Theme::default(),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    articles: Option<Spanned<String>>,
    max_article_bytes: Option<Spanned<u64>>,
    #[serde(default)]
    reader: RawReader,
    #[serde(default)]
    layout: RawLayout,
    #[serde(default)]
    keys: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    #[serde(default)]
    theme: RawTheme,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawReader {
    max_width: Option<Spanned<u16>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawLayout {
    list_width: Option<Spanned<u16>>,
    links_height: Option<Spanned<u16>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    accent: Option<Spanned<String>>,
    selection: Option<Spanned<String>>,
    link: Option<Spanned<String>>,
    dangling: Option<Spanned<String>>,
    matched: Option<Spanned<String>>,
    muted: Option<Spanned<String>>,
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
                let text = std::fs::read_to_string(&path).map_err(|error| ConfigError::Read {
                    path: path.display().to_string(),
                    error,
                })?;
                Self::parse(&text, &path)
            }
            None => Ok(Self::default()),
        }
    }

    /// Parses config text that was read from `path` (used for messages and to resolve
    /// `articles`).
    pub fn parse(text: &str, path: &Path) -> Result<Self, ConfigError> {
        let invalid = |span: Option<std::ops::Range<usize>>, message: &str| {
            let (line, column) = line_column(text, span.map_or(0, |span| span.start));
            ConfigError::Invalid {
                path: path.display().to_string(),
                line,
                column,
                message: message.split_whitespace().collect::<Vec<_>>().join(" "),
            }
        };
        let raw: RawConfig =
            toml::from_str(text).map_err(|err| invalid(err.span(), err.message()))?;

        let mut config = Self {
            source: Some(path.to_path_buf()),
            ..Self::default()
        };
        let folder = path.parent().unwrap_or(Path::new(""));
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
            config.max_article_bytes = bytes.into_inner();
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
        config.max_width = ranged(
            raw.reader.max_width,
            "max_width",
            10..=1000,
            config.max_width,
        )?;
        config.list_width = ranged(
            raw.layout.list_width,
            "list_width",
            10..=90,
            config.list_width,
        )?;
        config.links_height = ranged(
            raw.layout.links_height,
            "links_height",
            10..=90,
            config.links_height,
        )?;

        let mut overrides = Vec::new();
        let mut spans: Vec<(Key, std::ops::Range<usize>)> = Vec::new();
        for (name, keys) in &raw.keys {
            let binding = keymap::binding_named(name.get_ref()).ok_or_else(|| {
                invalid(
                    Some(name.span()),
                    &format!("unknown action {:?} in [keys]", name.get_ref()),
                )
            })?;
            if binding.name == "quit" && keys.is_empty() {
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
            overrides.push((binding, parsed));
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

        let colour = |value: &Option<Spanned<String>>, default: Color| {
            match value {
            None => Ok(default),
            Some(value) => value.get_ref().parse::<Color>().map_err(|_| {
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

/// Where a config is looked for when none is named.
fn default_locations() -> Vec<PathBuf> {
    let mut locations = vec![PathBuf::from(FILE_NAME)];
    if let Some(dir) = crate::paths::config_dir() {
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

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Action;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(text, Path::new("dir/config.toml")).map_err(|err| err.to_string())
    }

    #[test]
    fn empty_config_is_the_defaults_with_articles_next_to_the_file() {
        let config = parse("").unwrap();
        assert_eq!(config.articles, PathBuf::from("dir/articles"));
        assert_eq!(config.max_width, 80);
        assert_eq!(config.theme, Theme::default());
    }

    #[test]
    fn the_shipped_config_documents_exactly_the_defaults() {
        let shipped =
            Config::parse(include_str!("../config.toml"), Path::new("config.toml")).unwrap();
        let defaults = Config::default();
        assert_eq!(shipped.articles, defaults.articles);
        assert_eq!(shipped.max_article_bytes, defaults.max_article_bytes);
        assert_eq!(
            (shipped.max_width, shipped.list_width, shipped.links_height),
            (
                defaults.max_width,
                defaults.list_width,
                defaults.links_height
            )
        );
        assert_eq!(shipped.theme, defaults.theme);
        let keys = |config: &Config| -> Vec<(&str, Vec<Key>)> {
            config
                .keymap
                .bindings()
                .map(|(b, keys)| (b.name, keys.to_vec()))
                .collect()
        };
        assert_eq!(keys(&shipped), keys(&defaults));
        for binding in keymap::BINDINGS {
            assert!(
                include_str!("../config.toml").contains(&format!("\n{} = [", binding.name)),
                "config.toml documents {}",
                binding.name
            );
        }
    }

    #[test]
    fn every_option_is_read() {
        let config = parse(
            r##"
articles = "news"
max_article_bytes = 1000
[reader]
max_width = 60
[layout]
list_width = 40
links_height = 25
[keys]
quit = ["x", "ctrl-q"]
[theme]
accent = "#ff8800"
dangling = "red"
"##,
        )
        .unwrap();
        assert_eq!(config.articles, PathBuf::from("dir/news"));
        assert_eq!(config.max_article_bytes, 1000);
        assert_eq!(
            (config.max_width, config.list_width, config.links_height),
            (60, 40, 25)
        );
        assert_eq!(
            config.keymap.action("x".parse().unwrap()),
            Some(Action::Quit)
        );
        assert_eq!(config.keymap.action("q".parse().unwrap()), None);
        assert_eq!(config.theme.accent, Color::Rgb(255, 136, 0));
        assert_eq!(config.theme.dangling, Color::Red);
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let cases = [
            ("articles = ", "dir/config.toml:1:12: "),
            ("colour = 1", "dir/config.toml:1:1: unknown field `colour`"),
            (
                "[reader]\nmax_width = \"wide\"",
                "dir/config.toml:2:13: invalid type",
            ),
            (
                "[reader]\nmax_width = 5",
                "dir/config.toml:2:13: max_width must be between 10 and 1000",
            ),
            (
                "[keys]\nfly = [\"x\"]",
                "dir/config.toml:2:1: unknown action \"fly\" in [keys]",
            ),
            (
                "[keys]\nquit = [\"ctrl-\"]",
                "dir/config.toml:2:9: unknown key name \"ctrl-\"",
            ),
            (
                "[keys]\nquit = [\"x\"]\nback = [\"x\"]",
                "dir/config.toml:3:9: key \"x\" is bound to both back and quit",
            ),
            ("[keys]\nquit = \"x\"", "dir/config.toml:2:8: invalid type"),
            (
                "[keys]\nquit = []",
                "dir/config.toml:2:1: quit needs at least one key",
            ),
            (
                "[theme]\naccent = \"blurple\"",
                "dir/config.toml:2:10: invalid colour \"blurple\"",
            ),
            (
                "[layout]\nlist_width = 95",
                "dir/config.toml:2:14: list_width must be between 10 and 90",
            ),
        ];
        for (text, expected) in cases {
            let message = parse(text).unwrap_err();
            assert!(message.starts_with(expected), "{text:?}: got {message:?}");
            assert!(!message.contains('\n'), "one line: {message:?}");
        }
    }
}
