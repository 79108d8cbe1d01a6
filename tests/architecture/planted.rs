//! The checker's own tests: a small tree written as strings, with one break planted at a time,
//! must be reported naming the file, the line and the edge, in every form a path can take.

use crate::graph;

/// A clean little tree: each layer names only itself and the layers below it.
fn clean() -> Vec<(String, String)> {
    [
        (
            "lib.rs",
            "pub mod domain;\npub mod app;\npub mod ui;\npub mod cli;\n",
        ),
        ("domain/mod.rs", "pub mod store;\npub mod wrap;\n"),
        ("domain/wrap.rs", "pub struct Lines;\n"),
        ("domain/store/mod.rs", "pub mod db;\npub mod exchange;\n"),
        (
            "domain/store/db.rs",
            "use super::super::wrap::Lines;\npub struct Db;\n",
        ),
        ("domain/store/exchange.rs", "use super::db::Db;\n"),
        (
            "app/mod.rs",
            "pub mod views;\npub mod map;\npub use views::View;\n\
             pub fn counted() {}\n",
        ),
        (
            "app/views.rs",
            "use crate::domain::{self, wrap::Lines};\npub struct View;\n",
        ),
        (
            "app/map.rs",
            "use super::View;\nfn f() { super::counted(); }\n",
        ),
        (
            "ui/mod.rs",
            "use crate::app::{views::View, map};\nuse ratatui::Frame;\n",
        ),
        ("cli/mod.rs", "pub mod reports;\npub mod similar;\n"),
        ("cli/reports.rs", "use crate::ui;\n"),
        ("cli/similar.rs", "use super::reports;\n"),
        (
            "main.rs",
            "use readmore::cli;\nfn main() { crate::run(); }\nfn run() {}\n",
        ),
    ]
    .into_iter()
    .map(|(path, text)| (path.to_owned(), text.to_owned()))
    .collect()
}

/// `clean()` with `text` appended to `path`.
fn planted(path: &str, text: &str) -> graph::Graph {
    let mut files = clean();
    let file = files
        .iter_mut()
        .find(|(name, _)| name == path)
        .unwrap_or_else(|| panic!("no {path} in the tree"));
    file.1.push_str(text);
    graph::read(&files).unwrap_or_else(|err| panic!("{err}"))
}

fn upward(path: &str, text: &str) -> Vec<String> {
    graph::upward(&planted(path, text), &[])
}

#[test]
fn the_clean_tree_passes() {
    let graph = graph::read(&clean()).unwrap();
    assert_eq!(graph::upward(&graph, &[]), Vec::<String>::new());
    assert!(graph::cycles(&graph, &[]).is_empty());
    assert_eq!(graph::terminal_below_ui(&graph, &[]), Vec::<String>::new());
}

#[test]
fn a_planted_upward_import_is_named_by_file_line_and_edge() {
    // domain/wrap.rs has one line; the planted import is line 2.
    assert_eq!(
        upward("domain/wrap.rs", "use crate::ui::Screen;\n"),
        ["src/domain/wrap.rs:2: domain::wrap -> ui (the domain layer names the ui layer above it)"]
    );
}

#[test]
fn every_form_of_path_is_seen() {
    let forms = [
        // A group, and a group nested in a group.
        "use crate::{app, domain::wrap};\n",
        "use crate::{domain::{wrap, store::{self, db}}, app::{views::{View}}};\n",
        // `self` in a group names the module itself.
        "use crate::app::{self};\n",
        // Renamed, re-exported, globbed.
        "use crate::app::views as shown;\n",
        "pub use crate::app::views::View;\n",
        "pub(crate) use crate::app::*;\n",
        // Inline paths in an expression, a type, a pattern and a macro's arguments.
        "fn f() { crate::app::counted(); }\n",
        "struct S(crate::app::views::View);\n",
        "fn g(x: u8) { if let crate::app::Kind::A = x {} }\n",
        "fn h() { let _ = format!(\"{}\", crate::app::counted()); }\n",
    ];
    for form in forms {
        let found = upward("domain/store/db.rs", form);
        assert!(
            found
                .iter()
                .any(|line| line.contains("src/domain/store/db.rs:3: domain::store::db -> app")),
            "{form:?} gave {found:?}"
        );
    }
}

#[test]
fn super_and_self_resolve_from_the_files_module() {
    // From domain::store::db, super::super::super is the crate root.
    let found = upward("domain/store/db.rs", "use super::super::super::app::map;\n");
    assert_eq!(
        found,
        [
            "src/domain/store/db.rs:3: domain::store::db -> app::map (the domain layer names the app layer above it)"
        ]
    );
    // An inline module's `super` is the file's module.
    let found = upward(
        "domain/wrap.rs",
        "mod tests {\n    use super::super::super::app::View;\n}\n",
    );
    assert_eq!(
        found,
        [
            "src/domain/wrap.rs:3: domain::wrap::tests -> app::views (the domain layer names the app layer above it)"
        ]
    );
    // Through a child module named without `crate`.
    assert!(upward("domain/mod.rs", "fn f() { store::db::Db; }\n").is_empty());
}

#[test]
fn a_re_export_does_not_hide_the_module_behind_it() {
    // app re-exports views::View; naming app::View is an edge to app::views.
    let found = upward("domain/wrap.rs", "use crate::app::View;\n");
    assert_eq!(
        found,
        [
            "src/domain/wrap.rs:2: domain::wrap -> app::views (the domain layer names the app layer above it)"
        ]
    );
}

#[test]
fn a_planted_cycle_is_named_with_its_edges() {
    let graph = planted("cli/reports.rs", "fn f() { super::similar::run(); }\n");
    assert_eq!(
        graph::cycles(&graph, &[]),
        ["cycle in cli: reports, similar\n  \
          src/cli/reports.rs:2: cli::reports -> cli::similar\n  \
          src/cli/similar.rs:1: cli::similar -> cli::reports"]
    );
    // The store already names wrap (store/db.rs's first line); wrap naming the store closes
    // a cycle one level down.
    let graph = planted("domain/wrap.rs", "use super::store::db::Db;\n");
    assert_eq!(
        graph::cycles(&graph, &[]),
        ["cycle in domain: store, wrap\n  \
          src/domain/store/db.rs:1: domain::store -> domain::wrap\n  \
          src/domain/wrap.rs:2: domain::wrap -> domain::store"]
    );
    // Three modules round, one of the edges through the parent's re-export of views::View.
    let graph = {
        let mut files = clean();
        files.push(("app/state.rs".to_owned(), "use super::View;\n".to_owned()));
        for (path, text) in &mut files {
            match path.as_str() {
                "app/mod.rs" => text.push_str("pub mod state;\n"),
                "app/views.rs" => text.push_str("use super::map::Map;\n"),
                "app/map.rs" => text.push_str("pub struct Map;\nuse super::state;\n"),
                _ => {}
            }
        }
        graph::read(&files).unwrap()
    };
    assert_eq!(
        graph::cycles(&graph, &[]),
        ["cycle in app: map, state, views\n  \
          src/app/map.rs:4: app::map -> app::state\n  \
          src/app/map.rs:1: app::map -> app::views\n  \
          src/app/state.rs:1: app::state -> app::views\n  \
          src/app/views.rs:3: app::views -> app::map"]
    );
}

#[test]
fn a_terminal_crate_below_the_drawing_layer_is_named() {
    assert_eq!(
        graph::terminal_below_ui(
            &planted(
                "app/map.rs",
                "fn f(_: ratatui::layout::Rect) -> ratatui::style::Color { todo!() }\n"
            ),
            &[]
        ),
        [
            "src/app/map.rs:3: app::map -> ratatui::style::Color (the app layer names ratatui, \
          allowed from the ui layer up)"
        ]
    );
}

#[test]
fn an_allowed_edge_is_allowed_by_name_only() {
    let graph = planted(
        "domain/wrap.rs",
        "use crate::app::map;\nuse crate::app::views;\n",
    );
    assert_eq!(
        graph::upward(&graph, &[("domain::wrap", "app::map", "planted")]),
        [
            "src/domain/wrap.rs:3: domain::wrap -> app::views (the domain layer names the app layer above it)"
        ]
    );
}
