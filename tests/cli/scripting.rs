//! Scripting: paths, exit codes, completions and the man page.

use std::fs;
use std::process::Command;

use serde_json::json;
use tempfile::TempDir;

use crate::oddities::odd_library;
use crate::{
    FIXTURE_PATHS, FIXTURE_TITLES, Sandbox, answer, fixtures, json_answer, json_of, lines,
    one_error_line, run_fixture, run_on, stderr, success, write,
};

#[test]
fn list_paths_prints_title_tab_path() {
    let expected: Vec<String> = FIXTURE_TITLES
        .iter()
        .zip(FIXTURE_PATHS)
        .map(|(title, path)| format!("{title}\t{path}"))
        .collect();
    assert_eq!(
        lines(&success(&run_fixture(&["list", "--paths"]))),
        expected
    );

    let text = success(&run_fixture(&["list", "--paths", "--search", "GENEVA"]));
    assert_eq!(
        text,
        "Summit Opens in Geneva\tworld/summit-opens-in-geneva.txt\n"
    );

    let out = run_fixture(&["list", "--paths", "--json"]);
    assert_eq!(out.status.code(), Some(2), "one format at a time");
    assert!(out.stdout.is_empty());
}

#[test]
fn show_and_links_accept_a_path_and_reach_both_copies_of_a_duplicate() {
    let library = odd_library();
    let first = success(&run_on(library.path(), &["show", "one/dup.txt"]));
    assert_eq!(first, "breaking NEWS\n\nfirst\n");
    for path in ["two/dup.txt", "./two/dup.txt"] {
        let second = success(&run_on(library.path(), &["show", path]));
        assert_eq!(second, "Breaking News\n\nsecond\n", "{path}");
    }
    let links = json_of(&run_on(library.path(), &["links", "two/dup.txt", "--json"]));
    assert_eq!(links["title"], "Breaking News");

    let nested = success(&run_fixture(&["links", "local/tokyo-market.txt"]));
    assert!(nested.starts_with("東京の朝市がにぎわう\n"), "{nested}");

    // A file named from the current folder, as a shell completes it, is found too.
    let file = fixtures().join("world/../local/tokyo-market.txt");
    let shown = success(&run_fixture(&["show", &file.display().to_string()]));
    assert!(shown.starts_with("東京の朝市がにぎわう\n"), "{shown}");
    let sandbox = Sandbox::new();
    write(&sandbox.cwd(), "news/one/dup.txt", "Same Title\nfirst\n");
    write(&sandbox.cwd(), "news/two/dup.txt", "Same Title\nsecond\n");
    let args = ["show", "news/two/dup.txt", "--articles", "news"];
    assert_eq!(success(&sandbox.run(&args)), "Same Title\n\nsecond\n");

    let out = run_on(library.path(), &["show", "two/gone.txt"]);
    let line = one_error_line(&out, 1);
    assert!(
        line.starts_with("error: no article titled \"two/gone.txt\" or at that path"),
        "{line}"
    );
}

#[test]
fn search_without_a_hit_exits_1_like_grep() {
    assert_eq!(answer(&run_fixture(&["search", "zzzz"]), 1), "");
    assert_eq!(
        json_answer(&run_fixture(&["search", "zzzz", "--json"]), 1),
        json!([])
    );
    assert!(success(&run_fixture(&["search", "lantern"])).contains("Festival"));
}

#[test]
fn check_exits_1_on_problems_0_on_warnings_and_with_warn_only() {
    let dir = TempDir::new().expect("temp dir");
    write(dir.path(), "a.txt", "Alpha Story\nRead More: Beta Story\n");
    write(dir.path(), "b.txt", "Beta Story\nRead More: Alpha Story\n");
    let clean = success(&run_on(dir.path(), &["check"]));
    assert!(clean.contains("dangling links: 0"), "{clean}");

    // A warning alone (invalid UTF-8) is not a problem: the file loaded.
    write(dir.path(), "c.txt", b"Gamma Story\nbad \x92 byte\n");
    let warned = json_of(&run_on(dir.path(), &["check", "--json"]));
    assert_eq!(warned["warnings"].as_array().map(Vec::len), Some(1));

    // Each kind of problem on its own fails the check.
    let problems: [(&str, &str); 3] = [
        ("d.txt", "Delta Story\nRead More: Nowhere Story\n"),
        ("e.txt", "Alpha Story\n"),
        ("f.txt", ""),
    ];
    for (name, text) in problems {
        write(dir.path(), name, text);
        answer(&run_on(dir.path(), &["check"]), 1);
        let report = success(&run_on(dir.path(), &["check", "--warn-only"]));
        assert!(report.contains("articles loaded"), "{report}");
        fs::remove_file(dir.path().join(name)).expect("remove");
    }
    success(&run_on(dir.path(), &["check"]));
    answer(&run_fixture(&["check", "--json"]), 1);
    json_of(&run_fixture(&["check", "--json", "--warn-only"]));
}

#[test]
fn completions_are_printed_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = success(&Sandbox::new().run(&["completions", shell]));
        for word in ["readmore", "show", "paths", "warn-only", "completions"] {
            assert!(script.contains(word), "{shell}: {word:?} missing");
        }
    }
    // The bash script is valid bash.
    let sandbox = Sandbox::new();
    let script = sandbox.cwd().join("readmore.bash");
    fs::write(&script, success(&sandbox.run(&["completions", "bash"]))).expect("write");
    if let Ok(out) = Command::new("bash").arg("-n").arg(&script).output() {
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let out = Sandbox::new().run(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_man_page_documents_every_command() {
    let page = success(&Sandbox::new().run(&["man"]));
    assert!(page.contains(".TH readmore 1"), "{page}");
    for command in ["list", "show", "links", "search", "check", "completions"] {
        assert!(page.contains(&format!("readmore\\-{command}")), "{command}");
    }
    assert!(page.contains("\\-\\-articles"), "{page}");
}

#[test]
fn completions_and_the_man_page_need_no_config_or_library() {
    let sandbox = Sandbox::new();
    fs::write(sandbox.cwd().join("config.toml"), "not toml [\n").expect("config");
    one_error_line(&sandbox.run(&["list"]), 2);
    assert!(success(&sandbox.run(&["man"])).contains(".TH"));
    assert!(success(&sandbox.run(&["completions", "fish"])).contains("readmore"));
}
