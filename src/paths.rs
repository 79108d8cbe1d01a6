//! Where readmore keeps its files outside the articles folder, by the XDG base-directory spec.
//!
//! One place for these lookups so every file agrees. The `etcetera` crate does the lookup
//! because it follows the spec where a hand-written `env::var` does not: a relative (or
//! empty) `XDG_*_HOME` is ignored and the default under the home folder is used, so a
//! variable like `XDG_STATE_HOME=state` cannot make readmore write into whatever folder it
//! happens to be started from.

use std::path::PathBuf;

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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Tests that change the process environment run one at a time.
    pub(crate) static ENV: Mutex<()> = Mutex::new(());

    /// Runs `check` with `vars` set (or removed, for `None`), then restores them.
    pub(crate) fn with_env(vars: &[(&str, Option<&str>)], check: impl FnOnce()) {
        let _guard = ENV.lock().unwrap_or_else(|poison| poison.into_inner());
        let saved: Vec<_> = vars
            .iter()
            .map(|(name, _)| (*name, std::env::var_os(name)))
            .collect();
        let set = |name: &str, value: Option<&std::ffi::OsStr>| {
            // SAFETY: the `ENV` lock serialises every test that touches the environment, and
            // no other test reads these variables.
            unsafe {
                match value {
                    Some(value) => std::env::set_var(name, value),
                    None => std::env::remove_var(name),
                }
            }
        };
        for (name, value) in vars {
            set(name, value.map(std::ffi::OsStr::new));
        }
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(check));
        for (name, value) in &saved {
            set(name, value.as_deref());
        }
        if let Err(panic) = result {
            std::panic::resume_unwind(panic);
        }
    }

    #[test]
    fn absolute_xdg_folders_are_used() {
        with_env(
            &[
                ("XDG_STATE_HOME", Some("/s")),
                ("XDG_CONFIG_HOME", Some("/c")),
                ("XDG_CACHE_HOME", Some("/k")),
            ],
            || {
                assert_eq!(state_dir(), Some(PathBuf::from("/s/readmore")));
                assert_eq!(config_dir(), Some(PathBuf::from("/c/readmore")));
                assert_eq!(cache_dir(), Some(PathBuf::from("/k/readmore")));
            },
        );
    }

    /// Issue 12 item 3: a relative `XDG_*_HOME` used to be taken as is, relative to the
    /// current folder.
    #[test]
    fn relative_or_empty_xdg_folders_are_ignored() {
        for relative in ["state", "./here", ""] {
            with_env(
                &[
                    ("XDG_STATE_HOME", Some(relative)),
                    ("XDG_CONFIG_HOME", Some(relative)),
                    ("XDG_CACHE_HOME", Some(relative)),
                ],
                || {
                    let home = std::env::home_dir().expect("a home folder");
                    assert_eq!(state_dir(), Some(home.join(".local/state/readmore")));
                    assert_eq!(config_dir(), Some(home.join(".config/readmore")));
                    assert_eq!(cache_dir(), Some(home.join(".cache/readmore")));
                },
            );
        }
    }
}
