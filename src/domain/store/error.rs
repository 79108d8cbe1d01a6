//! The store's one-line errors and notices: each names the file, with no control character
//! from the file or its name.

use std::path::{Path, PathBuf};

use crate::domain::sanitize::sanitize;

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
