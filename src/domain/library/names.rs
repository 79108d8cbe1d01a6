//! Which files of a folder are articles, and the names they are shown and ordered by.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Component, Path};

use crate::domain::sanitize::visible_name;

/// Orders display paths as a walk sorted by file name does (as ids are): component by
/// component.
pub fn path_order(a: &str, b: &str) -> std::cmp::Ordering {
    // Component by component is byte by byte with the separator below every other byte,
    // which compares a million tied search hits without splitting each path again.
    let rank = |byte: u8| if byte == b'/' { 0 } else { u16::from(byte) + 1 };
    let (a, b) = (a.as_bytes(), b.as_bytes());
    match a.iter().zip(b).position(|(x, y)| x != y) {
        Some(at) => rank(a[at]).cmp(&rank(b[at])),
        None => a.len().cmp(&b.len()),
    }
}

/// Whether a file or folder name is hidden (`.git`, an editor's `.a.txt.swp`): loading never
/// enters or reads it and the watcher never reports it, so both must use this one rule.
pub fn is_hidden(name: &OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// Whether every part of `relative`, a path below the articles folder, is a plain name that
/// is not hidden: what loading can reach.
pub fn is_visible(relative: &Path) -> bool {
    relative
        .components()
        .all(|part| matches!(part, Component::Normal(name) if !is_hidden(name)))
}

/// Whether the name of `path` makes it an article file (`*.txt`).
pub fn is_article_file(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "txt")
}

/// `path` relative to `root`, with `/` separators and nothing a terminal would interpret.
/// Two different files never get the same display path ([`visible_name`]): it names an article
/// in `find_path`, in the JSON reports and in the reading state.
pub(super) fn display_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = relative
        .components()
        .map(|part| visible_name(part.as_os_str().as_bytes()))
        .collect();
    parts.join("/")
}

/// The display path of the file at `relative` (raw bytes below the root), or `None` when no
/// walk could give it (not an article file, hidden, or not below the root): what a path from
/// the metadata cache, which is untrusted, must be. A plain path (printable ASCII, no
/// backslash, every part a name not starting with a dot) is shown as it is, without taking
/// it apart.
pub(super) fn walked_display(relative: &[u8]) -> Option<Cow<'_, str>> {
    let plain = relative
        .iter()
        .all(|&byte| (byte == b' ' || byte.is_ascii_graphic()) && byte != b'\\')
        && (relative.split(|&byte| byte == b'/'))
            .all(|part| part.first().is_some_and(|&c| c != b'.'));
    if plain {
        let article = relative.ends_with(b".txt");
        return article.then(|| std::str::from_utf8(relative).ok().map(Cow::Borrowed))?;
    }
    let path = Path::new(OsStr::from_bytes(relative));
    (is_visible(path) && is_article_file(path))
        .then(|| Cow::Owned(display_path(Path::new(""), path)))
}
