//! The files of earlier versions, each imported into the database once and then kept beside
//! it as `….imported`: `state.toml` (the marks, before the database) and `last-open` (the
//! article open at quit, before each library kept its last run in the table `visit`).

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::Deserialize;

use super::db::{UNCLAIMED, merge, now, offer_session};
use super::error::{StateError, shown};
use super::format::{Format, parse};
use super::{LEGACY_FILE_NAME, Session, Visit, library_key};

/// The article open at quit, as versions before the `visit` table kept it, beside the
/// database.
pub(super) const LAST_OPEN_FILE_NAME: &str = "last-open";

/// A few hundred bytes; anything larger is not a `last-open` file and is ignored.
const LAST_OPEN_MAX_BYTES: u64 = 64 * 1024;

/// The `last-open` file's JSON.
#[derive(Debug, Deserialize)]
struct LastOpen {
    /// The articles folder it belongs to.
    articles: PathBuf,
    /// Its path relative to the articles folder.
    path: String,
    /// The first display line shown.
    scroll: usize,
}

/// Earlier versions wrote `state.toml.tmp-<pid>` and renamed it; a killed one left it behind.
pub(super) fn remove_temporaries(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let prefix = format!("{LEGACY_FILE_NAME}.tmp-");
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_leftover = name
            .to_str()
            .and_then(|name| name.strip_prefix(&prefix))
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
        if is_leftover {
            // Removing a planted symlink removes the link, never its target.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// `file.bad-<seconds>` beside `file`, with `file` renamed to it.
pub(super) fn move_aside(file: &Path) -> std::io::Result<PathBuf> {
    let mut aside = file.as_os_str().to_owned();
    aside.push(format!(".bad-{}", now()));
    let aside = PathBuf::from(aside);
    std::fs::rename(file, &aside)?;
    Ok(aside)
}

/// Imports the old `state.toml` once, then renames it `state.toml.imported` (kept for the
/// user). One that cannot be parsed is moved aside as before; either way a notice says so.
pub(super) fn import_state_toml(connection: &mut Connection, legacy: &Path) -> Option<String> {
    let parsed = std::fs::read(legacy)
        .map_err(|err| StateError::Read {
            path: legacy.to_path_buf(),
            message: err.to_string(),
        })
        .and_then(|bytes| parse(&bytes, legacy, Format::Toml));
    let entries = match parsed {
        Ok(entries) => entries,
        Err(err) => {
            let problem = err.reason();
            return Some(match move_aside(legacy) {
                Ok(aside) => format!(
                    "{}: unreadable reading state moved to {} ({problem}); starting fresh",
                    shown(legacy),
                    shown(&aside),
                ),
                Err(rename) => format!(
                    "{}: unreadable reading state ({problem}) could not be moved aside ({rename})",
                    shown(legacy),
                ),
            });
        }
    };
    if let Err(err) = merge(connection, UNCLAIMED, &entries) {
        return Some(format!(
            "{}: not imported ({err}); kept as it is",
            shown(legacy)
        ));
    }
    keep_imported(legacy).err().map(|err| {
        format!(
            "{}: imported, but could not be renamed ({err})",
            shown(legacy)
        )
    })
}

/// Imports the old `last-open` file once, for the library it names: that article becomes the
/// library's last run unless the library already has one, and the file is renamed
/// `last-open.imported`. A file naming another library is left for that library's first open;
/// a missing, damaged or oversized one, or a FIFO or device planted there, is nothing to
/// reopen and is never waited on. Several readers starting at once import it once between
/// them: the run is offered inside one write transaction, and every one of them then reads it
/// from the database.
pub(super) fn import_last_open(connection: &mut Connection, file: &Path, library: &[u8]) {
    let Ok(Some(bytes)) = crate::domain::own_files::read_capped(file, LAST_OPEN_MAX_BYTES) else {
        return;
    };
    let Ok(last) = serde_json::from_slice::<LastOpen>(&bytes) else {
        return;
    };
    if *library_key(&last.articles) != *library {
        return;
    }
    let session = Session {
        visits: vec![Visit {
            path: last.path,
            scroll: last.scroll,
        }],
        current: 0,
    };
    // Renamed only once the database has it (or has a newer run): a failure keeps the file
    // for the next start.
    if offer_session(connection, library, &session).is_ok() {
        let _ = keep_imported(file);
    }
}

/// Renames an imported `file` to `file.imported` (`file.imported-<seconds>` if that exists),
/// kept for the user.
fn keep_imported(file: &Path) -> std::io::Result<()> {
    let mut imported = file.as_os_str().to_owned();
    imported.push(".imported");
    if std::fs::symlink_metadata(&imported).is_ok() {
        imported.push(format!("-{}", now()));
    }
    std::fs::rename(file, imported)
}
