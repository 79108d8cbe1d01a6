//! The layers of ARCHITECTURE.md, checked on the source: `graph` reads every file under `src/`
//! into a module graph, and these tests fail on any edge from a layer to one above it, on any
//! cycle between sibling modules at any level, on a terminal crate named below the drawing
//! layer, and on files longer than the limits. Each failure names the file, the line and the
//! edge. The checker's own tests plant each kind of break and see it reported.

mod graph;
mod planted;

use std::path::{Path, PathBuf};

use graph::Allowed;

/// The edges allowed by name, each until the code it names changes.
const ALLOWED: &Allowed = &[];

fn files_under(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()));
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files_under(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `src/`: its path below `src/` and its text.
fn sources() -> Vec<(String, String)> {
    let src = root().join("src");
    let mut files = Vec::new();
    files_under(&src, &mut files);
    files
        .into_iter()
        .map(|file| {
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|err| panic!("{}: {err}", file.display()));
            let shown = file.strip_prefix(&src).unwrap_or(&file);
            (shown.to_string_lossy().into_owned(), text)
        })
        .collect()
}

fn the_graph() -> graph::Graph {
    graph::read(&sources()).unwrap_or_else(|err| panic!("{err}"))
}

/// Fails with every break `check` finds in the code, under `heading`.
fn assert_no_break(heading: &str, check: fn(&graph::Graph, &Allowed) -> Vec<String>) {
    let found = check(&the_graph(), ALLOWED);
    assert!(found.is_empty(), "{heading}:\n{}", found.join("\n"));
}

#[test]
fn no_layer_names_one_above_it() {
    assert_no_break("upward edges", graph::upward);
}

#[test]
fn no_cycle_between_sibling_modules() {
    assert_no_break("cycles", graph::cycles);
}

#[test]
fn terminal_crates_only_in_the_drawing_and_terminal_layers() {
    assert_no_break(
        "terminal crates below the drawing layer",
        graph::terminal_below_ui,
    );
}

#[test]
fn every_layer_is_a_folder_that_exists() {
    let graph = the_graph();
    for layer in graph::LAYERS {
        let module = vec![layer.to_string()];
        assert!(graph.modules.contains(&module), "no module {layer}");
    }
}

/// The graph the tests above check, printed with `--nocapture`: for each module with children,
/// which of its children name which siblings. ARCHITECTURE.md's drawing is made from this.
#[test]
fn print_the_module_graph() {
    let graph = the_graph();
    let mut last = None;
    for (edge, _) in graph::edges(&graph, &[]) {
        if last.as_ref() != Some(&edge.parent) {
            println!("{}:", graph::name(&edge.parent));
            last = Some(edge.parent.clone());
        }
        println!("  {} -> {}", edge.from, edge.to);
    }
}

/// A test file is `tests.rs`, or any file in a `tests` folder, under `src/` or the crate's
/// `tests/`.
fn is_test_file(path: &Path) -> bool {
    path.file_name().is_some_and(|name| name == "tests.rs")
        || path
            .components()
            .any(|component| component.as_os_str() == "tests")
}

#[test]
fn no_source_file_over_500_lines_and_no_test_file_over_800() {
    let mut files = Vec::new();
    files_under(&root().join("src"), &mut files);
    files_under(&root().join("tests"), &mut files);
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file)
            .unwrap_or_else(|err| panic!("{}: {err}", file.display()));
        let shown = file.strip_prefix(root()).unwrap_or(&file);
        let limit = if is_test_file(shown) { 800 } else { 500 };
        let lines = text.lines().count();
        if lines > limit {
            found.push(format!(
                "{}: {lines} lines (at most {limit})",
                shown.display()
            ));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
