//! The dependency rules of ARCHITECTURE.md, checked on the source: the app state machine knows
//! no terminal and no drawing code, the domain modules know no UI and no app (the workers only
//! the app's actions), and actions know nothing that depends on them. A rule broken
//! here is a layer leaking into another, which this test names by file and line.

use std::path::{Path, PathBuf};

/// Modules that model articles and libraries: plain Rust, testable without a terminal. Paths
/// below `src/`.
const DOMAIN: &[&str] = &[
    "domain/mod.rs",
    "domain/article.rs",
    "domain/article",
    "domain/corpus.rs",
    "domain/library",
    "domain/search",
    "domain/wrap.rs",
    "domain/watch.rs",
    "domain/watch",
    "domain/store",
    "domain/paths.rs",
    "domain/own_files.rs",
    "domain/sanitize.rs",
    "domain/normalize.rs",
    "domain/fulltext",
    "domain/feeds",
    // The workers answer with a type of their own, which the app maps to its state.
    "domain/worker",
];

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()));
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

/// Every `file:line` under `dir` (a file or folder below `src/`) whose code, comments left
/// out, names one of `forbidden`.
fn violations(dir: &str, forbidden: &[&str]) -> Vec<String> {
    violations_allowing(dir, forbidden, &[])
}

/// [`violations`], with the paths in `allowed` removed from the code before it is checked.
fn violations_allowing(dir: &str, forbidden: &[&str], allowed: &[&str]) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let root = src.join(dir);
    let mut files = Vec::new();
    if root.is_dir() {
        rust_files(&root, &mut files);
    } else if root.is_file() {
        files.push(root);
    }
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|err| panic!("{}: {err}", file.display()));
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            let code = allowed
                .iter()
                .fold(code.to_owned(), |code, path| code.replace(path, ""));
            for name in forbidden {
                if code.contains(name) {
                    let shown = file.strip_prefix(&src).unwrap_or(&file);
                    found.push(format!(
                        "src/{}:{}: uses {name}",
                        shown.display(),
                        number + 1
                    ));
                }
            }
        }
    }
    found
}

#[test]
fn the_app_knows_no_terminal_and_no_drawing() {
    // Keys too: the app has a key type of its own, which the terminal layer converts into.
    let found = violations("app", &["crate::ui", "crate::tui", "crossterm"]);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The app's key type names no other module: actions, the key map and the config all use it.
#[test]
fn the_key_type_is_a_leaf() {
    let found = violations("app/key.rs", &["crate::", "super::", "ratatui"]);
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn domain_modules_know_no_ui() {
    let forbidden = [
        "crate::app",
        "crate::ui",
        "crate::tui",
        "crate::cli",
        "ratatui",
    ];
    let found: Vec<String> = DOMAIN
        .iter()
        .flat_map(|module| violations(module, &forbidden))
        .collect();
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// Actions may carry domain values (a reloaded library, search results), but nothing that
/// depends on actions: the key map and the config name them, the app applies them, and an
/// import the other way would make the dependency graph a cycle.
#[test]
fn actions_are_a_leaf() {
    let forbidden = [
        "crate::app",
        "crate::ui",
        "crate::tui",
        "crate::cli",
        "crate::app::config",
        "crate::app::keymap",
        "ratatui",
    ];
    // The key of a key press is the app's own leaf type.
    let found = violations_allowing("app/action.rs", &forbidden, &["crate::app::key::"]);
    assert!(found.is_empty(), "{}", found.join("\n"));
    assert!(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/app/action.rs")
            .is_file(),
        "src/app/action.rs holds the Action enum"
    );
}

#[test]
fn the_rules_see_real_files() {
    // A typo in DOMAIN would make the rules above pass on nothing.
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for module in DOMAIN {
        assert!(src.join(module).exists(), "src/{module} is missing");
    }
}
