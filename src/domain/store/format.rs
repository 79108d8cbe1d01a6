//! The export format of the reading state: the entries it holds, the parser (which also reads
//! the `state.toml` of earlier versions) and the writer.
//!
//! The format, in TOML (JSON is the same shape: `{"article": [{...}, ...]}`):
//!
//! ```toml
//! [[article]]
//! path = "world/harbour.txt"   # relative to the articles folder; or, for a name that is not
//!                              # UTF-8, path_bytes = [104, 255, ...]
//! title = "Harbour reopens"
//! read = true                  # the rest may be left out: false / 0
//! starred = false
//! scroll = 12                  # first line shown, out of `lines` wrapped lines
//! lines = 40
//! updated_at = 1767225600      # unix seconds of the last change; newest wins on import
//! ```

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::Remembered;
use super::error::StateError;
use super::text::{InertJson, Record, write_toml};
use crate::domain::sanitize::line_column;

/// An export's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
}

impl Format {
    /// The format a file's extension names (`.toml`, `.json`), if any.
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()? {
            ext if ext.eq_ignore_ascii_case("toml") => Some(Format::Toml),
            ext if ext.eq_ignore_ascii_case("json") => Some(Format::Json),
            _ => None,
        }
    }
}

/// One article's marks, as exported or imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleMarks {
    /// The exact bytes of the path.
    pub path: Vec<u8>,
    pub title: String,
    pub remembered: Remembered,
    /// Unix seconds of the last change; 0 when unknown (the old `state.toml`).
    pub updated_at: i64,
}

/// What an import did, per article.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Articles that had no row.
    pub added: usize,
    /// Rows replaced by an entry changed later.
    pub updated: usize,
    /// Rows kept because they changed at the same time or later than the entry.
    pub kept: usize,
    /// A problem met on the way (an old `state.toml` that could not be imported).
    pub notice: Option<String>,
}

/// What an export did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exported {
    pub articles: usize,
    /// As in [`ImportSummary::notice`].
    pub notice: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File<R> {
    #[serde(default = "Vec::new", rename = "article")]
    pub(super) articles: Vec<R>,
}

#[derive(Deserialize)]
#[serde(try_from = "Record")]
struct Checked(ArticleMarks);

impl TryFrom<Record> for Checked {
    type Error = &'static str;

    fn try_from(record: Record) -> Result<Self, Self::Error> {
        ArticleMarks::try_from(record).map(Checked)
    }
}

impl TryFrom<Record> for ArticleMarks {
    type Error = &'static str;

    fn try_from(record: Record) -> Result<Self, Self::Error> {
        let path = match (record.path, record.path_bytes) {
            (Some(path), None) => path.into_bytes(),
            (None, Some(bytes)) => bytes,
            _ => return Err("an article needs exactly one of `path` and `path_bytes`"),
        };
        let count = |value: u64| usize::try_from(value).unwrap_or(usize::MAX);
        Ok(ArticleMarks {
            path,
            title: record.title,
            remembered: Remembered {
                read: record.read,
                starred: record.starred,
                scroll: count(record.scroll),
                lines: count(record.lines),
            },
            updated_at: record.updated_at,
        })
    }
}

impl From<ArticleMarks> for Record {
    fn from(entry: ArticleMarks) -> Self {
        let (path, path_bytes) = match String::from_utf8(entry.path) {
            Ok(path) => (Some(path), None),
            Err(bytes) => (None, Some(bytes.into_bytes())),
        };
        let count = |value: usize| {
            u64::try_from(value)
                .unwrap_or(u64::MAX)
                .min(i64::MAX as u64)
        };
        Record {
            path,
            path_bytes,
            title: entry.title,
            read: entry.remembered.read,
            starred: entry.remembered.starred,
            scroll: count(entry.remembered.scroll),
            lines: count(entry.remembered.lines),
            updated_at: entry.updated_at,
        }
    }
}

/// Parses an export (or an old `state.toml`) read from `file`. Bad input is an error naming
/// the file, line and column; never a panic.
pub fn parse(bytes: &[u8], file: &Path, format: Format) -> Result<Vec<ArticleMarks>, StateError> {
    let bad = |text: &str, offset: usize, message: String| {
        let (line, column) = line_column(text.as_bytes(), offset);
        StateError::Parse {
            path: file.to_path_buf(),
            line,
            column,
            message: message.split_whitespace().collect::<Vec<_>>().join(" "),
        }
    };
    let text = std::str::from_utf8(bytes).map_err(|err| {
        let valid = std::str::from_utf8(&bytes[..err.valid_up_to()]).unwrap_or_default();
        bad(valid, valid.len(), "not UTF-8".to_owned())
    })?;
    match format {
        Format::Toml => {
            // Checked after parsing, with each entry's span: a check inside the TOML
            // deserializer would be reported at the start of the file.
            let file: File<toml::Spanned<Record>> = toml::from_str(text).map_err(|err| {
                let offset = err.span().map_or(0, |span| span.start);
                bad(text, offset, err.message().to_owned())
            })?;
            file.articles
                .into_iter()
                .map(|record| {
                    let start = record.span().start;
                    ArticleMarks::try_from(record.into_inner())
                        .map_err(|message| bad(text, start, message.to_owned()))
                })
                .collect()
        }
        Format::Json => {
            let file: File<Checked> = serde_json::from_str(text).map_err(|err| {
                let full = err.to_string();
                let message = full
                    .rsplit_once(" at line ")
                    .map_or(full.as_str(), |(message, _)| message);
                StateError::Parse {
                    path: file.to_path_buf(),
                    line: err.line(),
                    column: err.column(),
                    message: message.to_owned(),
                }
            })?;
            Ok(file.articles.into_iter().map(|Checked(e)| e).collect())
        }
    }
}

/// Writes `entries` in the export format, which [`parse`] reads back. Text that could drive
/// a terminal (C0 and C1 controls, bidirectional and invisible characters) is written as
/// `\uXXXX` escapes in both formats, so an export shown with `cat` is inert; parsing turns
/// the escapes back into the same characters.
pub fn write(
    entries: Vec<ArticleMarks>,
    format: Format,
    out: &mut impl Write,
) -> std::io::Result<()> {
    let file = File {
        articles: entries.into_iter().map(Record::from).collect::<Vec<_>>(),
    };
    match format {
        Format::Toml => write_toml(&file.articles, out),
        Format::Json => {
            let mut serializer =
                serde_json::Serializer::with_formatter(&mut *out, InertJson::new());
            file.serialize(&mut serializer)
                .map_err(std::io::Error::other)
                .and_then(|()| out.write_all(b"\n"))
        }
    }
}
