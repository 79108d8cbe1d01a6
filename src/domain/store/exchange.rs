//! Export and import of the reading state, so marks can be backed up or moved between
//! machines, and the parser that also reads the `state.toml` of earlier versions.
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

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Remembered, db, open};
use crate::domain::sanitize::{line_column, sanitize};

/// A file larger than this is refused rather than read: a million articles take ~100 MB.
const MAX_IMPORT_BYTES: u64 = 256 * 1024 * 1024;

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

/// A failure of the state store, export or import: one line naming the file (and the line
/// and column for bad input), with no control character from the file or its name.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("{}: cannot open the reading state ({})", shown(.path), sanitize(.message))]
    Open { path: PathBuf, message: String },
    #[error("{}: cannot read ({})", shown(.path), sanitize(.message))]
    Read { path: PathBuf, message: String },
    #[error("{}:{line}:{column}: {}", shown(.path), sanitize(.message))]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: cannot write ({})", shown(.path), sanitize(.message))]
    Write { path: PathBuf, message: String },
}

impl StateError {
    /// The problem without the file's name.
    pub(super) fn reason(&self) -> String {
        match self {
            StateError::Parse {
                line,
                column,
                message,
                ..
            } => sanitize(&format!("line {line}, column {column}: {message}")),
            StateError::Open { message, .. }
            | StateError::Read { message, .. }
            | StateError::Write { message, .. } => sanitize(message),
        }
    }
}

/// A path as it may be shown on a terminal.
pub(super) fn shown(path: &Path) -> String {
    sanitize(&path.display().to_string())
}

/// The status-bar line for a store that will not save this run.
pub(super) fn not_saving(path: &Path, problem: &str) -> String {
    format!(
        "{}: reading state not saved ({}); not saving",
        shown(path),
        sanitize(problem)
    )
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File<R> {
    #[serde(default = "Vec::new", rename = "article")]
    pub(super) articles: Vec<R>,
}

/// An entry as written in a file; checked into an [`ArticleMarks`] while parsing, so a bad entry is
/// reported at its own line.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Record {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) path_bytes: Option<Vec<u8>>,
    pub(super) title: String,
    #[serde(default)]
    pub(super) read: bool,
    #[serde(default)]
    pub(super) starred: bool,
    #[serde(default)]
    pub(super) scroll: u64,
    #[serde(default)]
    pub(super) lines: u64,
    #[serde(default)]
    pub(super) updated_at: i64,
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

/// Every remembered article of `library` in the store at `store_path`, ordered by path, and
/// a notice (rows skipped, an old `state.toml` that could not be imported).
pub fn exported(
    store_path: &Path,
    library: &[u8],
) -> Result<(Vec<ArticleMarks>, Option<String>), StateError> {
    let read_error = |err: rusqlite::Error| StateError::Read {
        path: store_path.to_path_buf(),
        message: err.to_string(),
    };
    let (mut connection, notice) = open::open(store_path)?;
    db::adopt(&mut connection, library).map_err(read_error)?;
    let (entries, skipped) = db::entries(&connection, library).map_err(read_error)?;
    let notice = match (skipped.warning(store_path), notice) {
        (Some(skipped), Some(notice)) => Some(format!("{notice}; {skipped}")),
        (skipped, notice) => skipped.or(notice),
    };
    Ok((entries, notice))
}

/// Writes every remembered article of `library` in the store at `store_path` to `out`,
/// ordered by path; a failure to write names `out_name`.
pub fn export(
    store_path: &Path,
    library: &[u8],
    format: Format,
    out: &mut impl Write,
    out_name: &Path,
) -> Result<Exported, StateError> {
    let (entries, notice) = exported(store_path, library)?;
    let articles = entries.len();
    write(entries, format, out)
        .and_then(|()| out.flush())
        .map_err(|err| StateError::Write {
            path: out_name.to_path_buf(),
            message: err.to_string(),
        })?;
    Ok(Exported { articles, notice })
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
        Format::Toml => super::text::write_toml(&file.articles, out),
        Format::Json => {
            let mut serializer =
                serde_json::Serializer::with_formatter(&mut *out, super::text::InertJson::new());
            file.serialize(&mut serializer)
                .map_err(std::io::Error::other)
                .and_then(|()| out.write_all(b"\n"))
        }
    }
}

/// Whether writing to `file` must go straight through rather than replace it: standard
/// output (`-`), `/dev/stdout` and other descriptors (`/dev/fd/N`: a process substitution),
/// and anything that exists and is not a regular file (a device, a FIFO, a socket).
fn is_stream(file: &Path) -> bool {
    let descriptor = ["/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/self/fd/"]
        .iter()
        .any(|stream| {
            file == Path::new(stream.trim_end_matches('/'))
                || (stream.ends_with('/') && file.starts_with(stream))
        });
    descriptor || std::fs::metadata(file).is_ok_and(|meta| !meta.is_file())
}

/// Exports `library`'s rows to `file`. A regular file (or a new path) is replaced atomically:
/// a temporary file created exclusively in the same folder, written through a buffer,
/// flushed, then renamed over `file` (a symlink is written through: its target is
/// replaced). Anything else — a device, a FIFO, `/dev/stdout`, a process substitution — is
/// opened and written straight through, never replaced. The format is `format`, else the one
/// the extension names, else TOML.
pub fn export_to_file(
    store_path: &Path,
    library: &[u8],
    file: &Path,
    format: Option<Format>,
) -> Result<Exported, StateError> {
    let format = format
        .or_else(|| Format::from_path(file))
        .unwrap_or(Format::Toml);
    let write_error = |err: std::io::Error| StateError::Write {
        path: file.to_path_buf(),
        message: err.to_string(),
    };
    if is_stream(file) {
        let stream = std::fs::OpenOptions::new()
            .write(true)
            .open(file)
            .map_err(write_error)?;
        return export(
            store_path,
            library,
            format,
            &mut std::io::BufWriter::new(stream),
            file,
        );
    }
    let target = match std::fs::symlink_metadata(file) {
        Ok(meta) if meta.file_type().is_symlink() => {
            std::fs::canonicalize(file).map_err(write_error)?
        }
        _ => file.to_path_buf(),
    };
    let folder = match target.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .map_or_else(|| "export".into(), |name| name.to_string_lossy());
    let prefix = format!(".{name}.tmp-");
    remove_dead_temporaries(&folder, &prefix);
    let mut temporary = tempfile::Builder::new()
        .prefix(&format!("{prefix}{}-", std::process::id()))
        .tempfile_in(&folder)
        .map_err(write_error)?;
    if let Ok(meta) = std::fs::metadata(&target) {
        // A file being replaced keeps its mode; a new one stays private (600).
        std::fs::set_permissions(temporary.path(), meta.permissions()).map_err(write_error)?;
    }
    let exported = export(
        store_path,
        library,
        format,
        &mut std::io::BufWriter::new(temporary.as_file_mut()),
        file,
    )?;
    temporary.as_file().sync_all().map_err(write_error)?;
    temporary
        .persist(&target)
        .map_err(|err| write_error(err.error))?;
    Ok(exported)
}

/// Removes `<prefix><pid>-*` files left by export processes that are no longer running.
fn remove_dead_temporaries(folder: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let pid = name
            .to_str()
            .and_then(|name| name.strip_prefix(prefix))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<libc::pid_t>().ok());
        if pid.is_some_and(|pid| pid > 0 && !is_running(pid)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Whether a process with this id exists (signal 0 checks without sending anything).
fn is_running(pid: libc::pid_t) -> bool {
    // SAFETY: kill with signal 0 sends nothing; it only reports whether `pid` exists.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Merges the export in `file` (TOML or JSON, by extension, else by its first character)
/// into `library`'s rows in the store at `store_path` (so a library moved to another folder, or
/// another machine, takes its marks along), per article: an entry replaces what is remembered only if
/// it changed later, so importing an old backup never undoes newer marks.
pub fn import(store_path: &Path, library: &[u8], file: &Path) -> Result<ImportSummary, StateError> {
    let read_error = |err: std::io::Error| StateError::Read {
        path: file.to_path_buf(),
        message: err.to_string(),
    };
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(MAX_IMPORT_BYTES + 1).read_to_end(&mut bytes))
        .map_err(read_error)?;
    if bytes.len() as u64 > MAX_IMPORT_BYTES {
        return Err(read_error(std::io::Error::other(format!(
            "larger than {} MiB",
            MAX_IMPORT_BYTES / 1024 / 1024
        ))));
    }
    let format = Format::from_path(file).unwrap_or_else(|| {
        match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => Format::Json,
            _ => Format::Toml,
        }
    });
    let entries = parse(&bytes, file, format)?;
    let (mut connection, notice) = open::open(store_path)?;
    let write_error = |err: rusqlite::Error| StateError::Write {
        path: store_path.to_path_buf(),
        message: err.to_string(),
    };
    db::adopt(&mut connection, library).map_err(write_error)?;
    let mut summary = db::merge(&mut connection, library, &entries).map_err(write_error)?;
    summary.notice = notice;
    Ok(summary)
}

#[cfg(test)]
mod tests;
