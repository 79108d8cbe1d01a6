//! Folders of article files for tests: one way to write them, shared by every layer's tests.

use std::path::{Path, PathBuf};

/// Writes `text` to `relative` below `root`, making its folders, and gives its path.
pub(crate) fn write(root: &Path, relative: &str, text: &str) -> PathBuf {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// A new temporary folder holding each `(path, text)` of `files`.
pub(crate) fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (relative, text) in files {
        write(dir.path(), relative, text);
    }
    dir
}
