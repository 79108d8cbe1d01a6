//! Fixture builders for the tests that start the reader: temporary libraries, homes for an
//! environment variable, and stand-in programs (pager, editor, browser).

use std::path::Path;

use tempfile::TempDir;

/// A temporary library holding `files`: (path relative to the library, contents), folders
/// made on the way.
pub fn library_of(files: &[(&str, &[u8])]) -> TempDir {
    let library = tempfile::tempdir().expect("temp dir");
    for (relative, contents) in files {
        let path = library.path().join(relative);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folders");
        std::fs::write(path, contents).expect("write an article");
    }
    library
}

/// A temporary folder and its path as text, for an environment variable such as
/// `XDG_STATE_HOME`. The folder lives as long as the first half.
pub fn temp_home() -> (TempDir, String) {
    let home = tempfile::tempdir().expect("temp dir");
    let shown = home.path().display().to_string();
    (home, shown)
}

/// Writes an executable shell script to `path` running `body`.
pub fn shell_script(path: &Path, body: &str) {
    std::fs::write(path, format!("#!/bin/sh\n{body}")).expect("write a script");
    std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(0o755))
        .expect("make it executable");
}
