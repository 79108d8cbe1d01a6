//! Where readmore keeps its files outside the articles folder, by the XDG base-directory spec.
//!
//! One place for these lookups so every file agrees. The `etcetera` crate does the lookup
//! because it follows the spec where a hand-written `env::var` does not: a relative (or
//! empty) `XDG_*_HOME` is ignored and the default under the home folder is used, so a
//! variable like `XDG_STATE_HOME=state` cannot make readmore write into whatever folder it
//! happens to be started from.

use std::path::{Path, PathBuf};

use etcetera::BaseStrategy;
use etcetera::base_strategy::Xdg;

/// readmore's folder name inside each base folder.
const APP: &str = "readmore";

/// The XDG strategy on every platform (as before: readmore's files live in the same places on
/// macOS as on Linux); `None` when no home folder is known.
fn xdg() -> Option<Xdg> {
    Xdg::new().ok()
}

/// `$XDG_CONFIG_HOME/readmore`, else `~/.config/readmore`.
pub fn config_dir() -> Option<PathBuf> {
    xdg().map(|xdg| xdg.config_dir().join(APP))
}

/// `$XDG_DATA_HOME/readmore`, else `~/.local/share/readmore`: the per-user library.
pub fn data_dir() -> Option<PathBuf> {
    xdg().map(|xdg| xdg.data_dir().join(APP))
}

/// `$XDG_STATE_HOME/readmore`, else `~/.local/state/readmore`: the user's own data
/// (read marks, stars, positions).
pub fn state_dir() -> Option<PathBuf> {
    xdg()
        .and_then(|xdg| xdg.state_dir())
        .map(|dir| dir.join(APP))
}

/// `$XDG_CACHE_HOME/readmore`, else `~/.cache/readmore`: derived data that may be deleted.
pub fn cache_dir() -> Option<PathBuf> {
    xdg().map(|xdg| xdg.cache_dir().join(APP))
}

/// The folder under the cache folder `cache` for the articles folder `root`: one per canonical
/// articles folder (named by a hash of its path), so that two spellings of one folder share
/// their cached metadata and full-text index.
pub fn library_cache_dir(cache: &Path, root: &Path) -> PathBuf {
    let canonical = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let key = xxhash_rust::xxh3::xxh3_64(canonical.as_os_str().as_encoded_bytes());
    cache.join(format!("{key:016x}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Set in the child process that [`dirs_with`] runs.
    const CHILD: &str = "READMORE_PATHS_TEST_CHILD";

    /// Prints the three folders, for [`dirs_with`]; does nothing in a normal test run.
    #[test]
    #[ignore = "run by dirs_with in a child process"]
    fn print_dirs() {
        if std::env::var_os(CHILD).is_some() {
            println!(
                "dirs: {:?} {:?} {:?}",
                state_dir(),
                config_dir(),
                cache_dir()
            );
        }
    }

    /// The folders as a process started with `XDG_*_HOME` set to `value` sees them. A child
    /// process, so that no test changes this process's environment under the others.
    fn dirs_with(value: &str) -> String {
        let output = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "domain::paths::tests::print_dirs",
                "--ignored",
                "--nocapture",
            ])
            .args(["--test-threads", "1"])
            .env(CHILD, "1")
            .env("XDG_STATE_HOME", value)
            .env("XDG_CONFIG_HOME", value)
            .env("XDG_CACHE_HOME", value)
            .output()
            .unwrap();
        assert!(output.status.success());
        let stdout = String::from_utf8(output.stdout).unwrap();
        // The harness may print its own words on the same line first.
        let (_, printed) = stdout
            .split_once("dirs: ")
            .expect("the child printed its folders");
        format!("dirs: {}", printed.lines().next().unwrap_or_default())
    }

    #[test]
    fn absolute_xdg_folders_are_used() {
        assert_eq!(
            dirs_with("/x"),
            r#"dirs: Some("/x/readmore") Some("/x/readmore") Some("/x/readmore")"#
        );
    }

    /// A relative `XDG_*_HOME` used to be taken as is, relative to the current folder.
    #[test]
    fn relative_or_empty_xdg_folders_are_ignored() {
        let home = std::env::home_dir().expect("a home folder");
        let expected = format!(
            "dirs: {:?} {:?} {:?}",
            Some(home.join(".local/state/readmore")),
            Some(home.join(".config/readmore")),
            Some(home.join(".cache/readmore")),
        );
        for relative in ["state", "./here", ""] {
            assert_eq!(dirs_with(relative), expected, "{relative:?}");
        }
    }
}
