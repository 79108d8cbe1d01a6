//! The link graph: `graph` in every format, and orphans and the most-linked stories in
//! `check`.

use std::ffi::OsStr;
use std::fs;
use std::path::Path;

use serde_json::{Value, json};
use tempfile::TempDir;

use crate::control::{assert_json_safe, assert_terminal_safe, hostile_library};
use crate::dot::{DotStatement, valid_dot};
use crate::pipes::{quiet_after_one_line, run_redirected};
use crate::{
    FIXTURE_PATHS, FIXTURE_TITLES, Sandbox, json_of, lines, many_articles, one_error_line,
    run_fixture, run_on, stderr, success, write,
};

/// The fixture's links, one line each, as `graph` prints them.
const FIXTURE_GRAPH: [&str; 8] = [
    "Festival of Lights Draws Crowds -> Harbour Bridge Reopens",
    "Festival of Lights Draws Crowds -> ✗ Night Market Returns To The Quay (not in library)",
    "Harbour Bridge Reopens -> Summit Opens in Geneva",
    "東京の朝市がにぎわう -> Harbour Bridge Reopens",
    "Summit Opens in Geneva -> Talks Stall Over Water Rights",
    "Summit Opens in Geneva -> Festival of Lights Draws Crowds",
    "Talks Stall Over Water Rights -> Summit Opens in Geneva",
    "Talks Stall Over Water Rights -> Harbour Bridge Reopens",
];

#[test]
fn graph_prints_one_line_per_link_in_path_order() {
    assert_eq!(lines(&success(&run_fixture(&["graph"]))), FIXTURE_GRAPH);
}

#[test]
fn graph_json_has_the_documented_schema() {
    let graph = json_of(&run_fixture(&["graph", "--json"]));
    let nodes: Vec<Value> = FIXTURE_TITLES
        .iter()
        .zip(FIXTURE_PATHS)
        .map(|(title, path)| json!({"title": title, "path": path}))
        .collect();
    let [festival, harbour, _, summit, talks] = FIXTURE_PATHS;
    let tokyo = FIXTURE_PATHS[2];
    assert_eq!(
        graph,
        json!({
            "nodes": nodes,
            "edges": [
                {"from": festival, "to": harbour, "text": "Harbour Bridge Reopens", "dangling": false},
                {"from": festival, "to": null, "text": "Night Market Returns To The Quay", "dangling": true},
                {"from": harbour, "to": summit, "text": "Summit  Opens in Geneva", "dangling": false},
                {"from": tokyo, "to": harbour, "text": "Harbour Bridge Reopens", "dangling": false},
                {"from": summit, "to": talks, "text": "Talks Stall Over Water Rights", "dangling": false},
                {"from": summit, "to": festival, "text": "Festival Of Lights Draws Crowds", "dangling": false},
                {"from": talks, "to": summit, "text": "summit opens in geneva", "dangling": false},
                {"from": talks, "to": harbour, "text": "Harbour Bridge Reopens", "dangling": false},
            ],
        })
    );
}

#[test]
fn graph_dot_is_a_digraph_with_dashed_missing_stories() {
    let dot = success(&run_fixture(&["graph", "--dot"]));
    let statements = valid_dot("fixture", &dot);
    let nodes: Vec<(&str, &str, bool)> = statements
        .iter()
        .filter_map(|s| match s {
            DotStatement::Node(key, attributes) => {
                let get = |name: &str| attributes.iter().find(|(k, _)| k == name).map(|(_, v)| v);
                let label = get("label").expect("every node is labelled");
                Some((
                    key.as_str(),
                    label.as_str(),
                    get("style").is_some_and(|s| s == "dashed"),
                ))
            }
            _ => None,
        })
        .collect();
    let mut expected: Vec<(&str, &str, bool)> = FIXTURE_PATHS
        .iter()
        .zip(FIXTURE_TITLES)
        .map(|(path, title)| (*path, title, false))
        .collect();
    let missing = "✗ night market returns to the quay";
    expected.push((missing, "Night Market Returns To The Quay", true));
    assert_eq!(nodes, expected);
    let edges: Vec<(&str, &str)> = statements
        .iter()
        .filter_map(|s| match s {
            DotStatement::Edge(from, to, _) => Some((from.as_str(), to.as_str())),
            _ => None,
        })
        .collect();
    let [festival, harbour, tokyo, summit, talks] = FIXTURE_PATHS;
    assert_eq!(
        edges,
        [
            (festival, harbour),
            (festival, missing),
            (harbour, summit),
            (tokyo, harbour),
            (summit, talks),
            (summit, festival),
            (talks, summit),
            (talks, harbour),
        ]
    );
}

#[test]
fn graph_output_of_a_hostile_library_is_safe_and_well_formed() {
    let (_dir, root) = hostile_library();
    let text = success(&run_on(&root, &["graph"]));
    assert_terminal_safe("graph", text.as_bytes());
    assert!(
        text.contains("Evil Red Title -> ✗ Missing  One (not in library)"),
        "{text}"
    );
    let out = run_on(&root, &["graph", "--json"]);
    assert_terminal_safe("graph --json", &out.stdout);
    let graph = json_of(&out);
    assert_json_safe("graph --json", &graph);
    // The file whose name holds an escape is there only where the filesystem took it.
    let files = fs::read_dir(&root).expect("library folder").count();
    assert_eq!(
        graph["nodes"].as_array().map(Vec::len),
        Some(files),
        "{graph}"
    );
    let out = run_on(&root, &["graph", "--dot"]);
    assert_terminal_safe("graph --dot", &out.stdout);
    let statements = valid_dot("hostile", &success(&out));
    assert!(
        statements.iter().any(|s| matches!(s,
            DotStatement::Node(_, attributes) if attributes.contains(&("label".into(), "Evil Red Title".into())))),
        "{statements:?}"
    );
}

#[test]
fn graph_quotes_and_backslashes_survive_every_format() {
    let dir = TempDir::new().expect("temp dir");
    let title = r#"The "Quoted" \N Story\"#;
    write(
        dir.path(),
        "a \"b\".txt",
        format!("{title}\nRead More: Say \"hi\\\"\n"),
    );
    let text = success(&run_on(dir.path(), &["graph"]));
    assert_eq!(
        text,
        format!("{title} -> ✗ Say \"hi\\\" (not in library)\n")
    );
    let graph = json_of(&run_on(dir.path(), &["graph", "--json"]));
    assert_eq!(
        graph["nodes"],
        json!([{"title": title, "path": "a \"b\".txt"}])
    );
    let dot = success(&run_on(dir.path(), &["graph", "--dot"]));
    let statements = valid_dot("quotes", &dot);
    assert!(
        statements.contains(&DotStatement::Node(
            "a \"b\".txt".into(),
            vec![("label".into(), title.into())]
        )),
        "{dot}"
    );
}

#[test]
fn graph_json_and_dot_together_are_a_usage_error() {
    let out = run_fixture(&["graph", "--json", "--dot"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = stderr(&out);
    assert!(err.contains("cannot be used with"), "{err}");
}

#[test]
fn graph_on_a_closed_pipe_exits_quietly() {
    let dir = many_articles(5000, |n| {
        format!("Story {n:05}\nRead More: Story {:05}\n", (n + 1) % 5000)
    });
    let sandbox = Sandbox::new();
    for format in [None, Some("--json"), Some("--dot")] {
        let mut args = vec![
            OsStr::new("graph"),
            OsStr::new("--articles"),
            dir.path().as_os_str(),
        ];
        args.extend(format.map(OsStr::new));
        quiet_after_one_line(sandbox.command(&args), &format);
    }
}

#[cfg(unix)]
#[test]
fn graph_to_a_full_stdout_is_an_error() {
    if !Path::new("/dev/full").exists() {
        return;
    }
    for format in [&["graph"][..], &["graph", "--json"], &["graph", "--dot"]] {
        let line = one_error_line(&run_redirected(">/dev/full", format), 2);
        assert!(
            line.starts_with("error: cannot write to standard output: "),
            "{line}"
        );
    }
}

#[test]
fn check_reports_orphans_and_the_ten_most_linked_without_failing() {
    let dir = TempDir::new().expect("temp dir");
    // Story 00 is linked from the eleven others, story 01 from ten of them, and so on.
    for n in 0..12 {
        let links: String = (0..n)
            .map(|to| format!("Read More: Story {to:02}\n"))
            .collect();
        write(
            dir.path(),
            &format!("s{n:02}.txt"),
            format!("Story {n:02}\n{links}"),
        );
    }
    write(dir.path(), "z-alone.txt", "Alone\n");
    write(
        dir.path(),
        "z-self.txt",
        "Only Itself\nRead More: Only Itself\n",
    );

    let report = json_of(&run_on(dir.path(), &["check", "--json"]));
    assert_eq!(
        report["orphans"],
        json!([
            {"title": "Alone", "path": "z-alone.txt"},
            {"title": "Only Itself", "path": "z-self.txt"},
        ])
    );
    let most_linked: Vec<Value> = (0..10)
        .map(|n| json!({"title": format!("Story {n:02}"), "path": format!("s{n:02}.txt"), "backlinks": 11 - n}))
        .collect();
    assert_eq!(report["most_linked"], json!(most_linked));

    let text = success(&run_on(dir.path(), &["check"]));
    let shown = lines(&text);
    let at = shown
        .iter()
        .position(|line| line.starts_with("orphans"))
        .expect("an orphans line");
    assert_eq!(
        shown[at..at + 6],
        [
            "orphans (no link in or out): 2",
            "  z-alone.txt: Alone",
            "  z-self.txt: Only Itself",
            "most linked (backlinks):",
            "  11  s00.txt: Story 00",
            "  10  s01.txt: Story 01",
        ]
    );
    assert_eq!(shown[at + 13], "   2  s09.txt: Story 09", "{text}");
    assert!(shown[at + 14].starts_with("timings: "), "{text}");
}

#[test]
fn graph_dot_splits_text_too_long_for_one_graphviz_string() {
    let dir = TempDir::new().expect("temp dir");
    let title = format!("Long {}", "é".repeat(10_000));
    let link = format!("Gone {}", "\\".repeat(10_000));
    write(
        dir.path(),
        "long.txt",
        format!("{title}\nRead More: {link}\n"),
    );
    let dot = success(&run_on(dir.path(), &["graph", "--dot"]));
    let statements = valid_dot("long texts", &dot);
    let label = |name: &str| DotStatement::Node(name.into(), vec![("label".into(), title.clone())]);
    assert!(statements.contains(&label("long.txt")), "the title, whole");
    assert!(
        statements.iter().any(|s| matches!(s,
            DotStatement::Node(_, attributes) if attributes.contains(&("label".into(), link.clone())))),
        "the link text, whole"
    );
}
