//! Export and import of the reading state, so marks can be backed up or moved between
//! machines: a library's rows written to a file in the export format ([`super::format`]),
//! replaced atomically, and an export merged back per article.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::error::StateError;
use super::format::{ArticleMarks, Exported, Format, ImportSummary, parse, write};
use super::{db, open};

/// A file larger than this is refused rather than read: a million articles take ~100 MB.
const MAX_IMPORT_BYTES: u64 = 256 * 1024 * 1024;

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
