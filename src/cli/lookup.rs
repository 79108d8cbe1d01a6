//! Finding the article a command names, by title or by path, and the error a command gives
//! when it cannot: shared by the reports and `similar`.

use std::io::{self, Write};
use std::path::Path;

use crate::domain::library::{ArticleId, Library};
use crate::domain::search::ClosestIndex;

/// How many close titles an unknown-title error suggests.
const SUGGESTIONS: usize = 5;

/// A command that could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Io(#[from] io::Error),
    #[error("no article titled {title:?} or at that path{suggestions}")]
    UnknownTitle { title: String, suggestions: String },
}

impl CommandError {
    /// Exit code: 1 for an unknown title, 2 for anything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::UnknownTitle { .. } => 1,
            Self::Io(_) => 2,
        }
    }
}

/// The article at path `name` (relative to the articles folder, as `list --paths` prints it),
/// else the article titled `name` (after normalisation), else the article file `name` names
/// from the current folder (as a shell completes it), else an error naming the closest titles.
/// The path comes first because it is exact: it names one copy of a duplicated title.
pub(super) fn find(library: &Library, name: &str) -> Result<ArticleId, CommandError> {
    let path = name.strip_prefix("./").unwrap_or(name);
    if let Some(id) = library.find_path(path) {
        return Ok(id);
    }
    if let Some(id) = library.find(name) {
        note_duplicate(library, id);
        return Ok(id);
    }
    if let Some(id) = find_file(library, Path::new(name)) {
        return Ok(id);
    }
    // Only titles that are truly close, as the reader offers for a dangling link: in a small
    // library "the five closest" would be any five.
    let close = ClosestIndex::new(library).close_titles(name, SUGGESTIONS, &[]);
    let suggestions = if close.is_empty() {
        "; no title is close (`readmore list` prints them all)".to_owned()
    } else {
        let titles: Vec<String> = close
            .into_iter()
            .map(|id| format!("{:?}", library.get(id).title()))
            .collect();
        format!("; closest: {}", titles.join(", "))
    };
    Err(CommandError::UnknownTitle {
        title: name.to_owned(),
        suggestions,
    })
}

/// Says on stderr, when the title of `id` is shared by other files, which file was taken and
/// how to pick another: by its path.
fn note_duplicate(library: &Library, id: ArticleId) {
    let chosen = library.get(id).path();
    let Some(duplicate) =
        (library.duplicates.iter()).find(|d| d.paths.iter().any(|path| path == chosen))
    else {
        return;
    };
    let others: Vec<&str> = (duplicate.paths.iter())
        .filter(|path| *path != chosen)
        .map(String::as_str)
        .collect();
    let (which, pick) = match others.as_slice() {
        [_] => ("the other is", "give its path to pick it"),
        _ => ("the others are", "give a path to pick one"),
    };
    let _ = writeln!(
        io::stderr().lock(),
        "readmore: {} files are titled {:?}; this is {chosen}, {which} {} ({pick})",
        duplicate.paths.len(),
        library.get(id).title(),
        others.join(", "),
    );
}

/// The article loaded from `file`, a path from the current folder to a file inside the
/// articles folder.
fn find_file(library: &Library, file: &Path) -> Option<ArticleId> {
    let file = file.canonicalize().ok()?;
    let root = library.root().canonicalize().ok()?;
    let relative = file.strip_prefix(root).ok()?;
    let parts: Vec<&str> = relative
        .components()
        .map(|part| part.as_os_str().to_str())
        .collect::<Option<_>>()?;
    library.find_path(&parts.join("/"))
}
