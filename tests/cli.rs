//! End-to-end tests of the `readmore` binary: every command, its output formats, its errors and
//! what it refuses to print.
//!
//! Each run happens in its own sandbox: an empty current folder (so no stray `./config.toml` or
//! `./articles` is picked up), an empty `XDG_CONFIG_HOME` and a temporary `HOME`.

use std::ffi::OsStr;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{Value, json};
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

/// The fixture titles, in path order.
const FIXTURE_TITLES: [&str; 5] = [
    "Festival of Lights Draws Crowds",
    "Harbour Bridge Reopens",
    "東京の朝市がにぎわう",
    "Summit Opens in Geneva",
    "Talks Stall Over Water Rights",
];

/// The fixture paths, in path order, as the library reports them.
const FIXTURE_PATHS: [&str; 5] = [
    "local/festival-of-lights.txt",
    "local/harbour-bridge-reopens.txt",
    "local/tokyo-market.txt",
    "world/summit-opens-in-geneva.txt",
    "world/talks-stall-over-water-rights.txt",
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/library")
}

/// A temporary current folder, config home and home folder for one or more runs.
struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    fn new() -> Self {
        let dir = TempDir::new().expect("temp dir");
        for sub in ["cwd", "xdg", "home"] {
            fs::create_dir(dir.path().join(sub)).expect("sandbox folder");
        }
        Self { dir }
    }

    /// The current folder of every run.
    fn cwd(&self) -> PathBuf {
        self.dir.path().join("cwd")
    }

    fn command<S: AsRef<OsStr>>(&self, args: &[S]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_readmore"));
        command
            .args(args)
            .current_dir(self.cwd())
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg"))
            .env("HOME", self.dir.path().join("home"))
            .env_remove("XDG_STATE_HOME")
            .env_remove("XDG_CACHE_HOME")
            .env_remove("XDG_DATA_HOME")
            // The encoding of a file that is not UTF-8 is guessed for the locale's region.
            .env("LC_ALL", "en_GB.UTF-8")
            .stdin(Stdio::null());
        command
    }

    fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Output {
        self.command(args).output().expect("run readmore")
    }
}

/// Runs `readmore ARGS --articles LIBRARY` in a fresh sandbox.
fn run_on(library: &Path, args: &[&str]) -> Output {
    let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    all.extend([OsStr::new("--articles"), library.as_os_str()]);
    Sandbox::new().run(&all)
}

fn run_fixture(args: &[&str]) -> Output {
    run_on(&fixtures(), args)
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// Asserts a successful run with nothing on stderr and returns stdout.
fn success(out: &Output) -> String {
    answer(out, 0)
}

/// Asserts a run that exited with `code` (0 or 1: a report whose answer is yes or no) with
/// nothing on stderr, and returns stdout.
fn answer(out: &Output, code: i32) -> String {
    assert_eq!(out.status.code(), Some(code), "stderr: {}", stderr(out));
    assert_eq!(stderr(out), "", "stderr of a run that reported");
    stdout(out)
}

fn json_of(out: &Output) -> Value {
    json_answer(out, 0)
}

fn json_answer(out: &Output, code: i32) -> Value {
    serde_json::from_str(&answer(out, code)).expect("stdout is JSON")
}

/// Asserts a failed run with `code`, no stdout and exactly one `error:` line on stderr; returns
/// that line without its newline.
fn one_error_line(out: &Output, code: i32) -> String {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    assert!(out.stdout.is_empty(), "stdout: {}", stdout(out));
    assert!(!err.contains("panicked"), "panic: {err}");
    assert!(err.ends_with('\n'), "newline-terminated: {err:?}");
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    assert!(err.starts_with("error: "), "{err:?}");
    err.trim_end().to_owned()
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// Writes `text` to `dir/relative`, creating folders on the way.
fn write(dir: &Path, relative: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(relative);
    fs::create_dir_all(path.parent().expect("has a parent")).expect("create folders");
    fs::write(path, text).expect("write file");
}

// 1. list

#[test]
fn list_prints_titles_in_path_order() {
    let out = run_fixture(&["list"]);
    assert_eq!(lines(&success(&out)), FIXTURE_TITLES);
}

// 2. list --json and --search

#[test]
fn list_json_gives_titles_and_relative_slash_paths() {
    let expected: Vec<Value> = FIXTURE_TITLES
        .iter()
        .zip(FIXTURE_PATHS)
        .map(|(title, path)| json!({"title": title, "path": path}))
        .collect();
    assert_eq!(json_of(&run_fixture(&["list", "--json"])), json!(expected));
}

#[test]
fn list_search_ranks_the_best_match_first() {
    let text = success(&run_fixture(&["list", "--search", "harbour"]));
    let found = lines(&text);
    assert_eq!(found.first(), Some(&"Harbour Bridge Reopens"), "{text}");
    assert!(found.iter().all(|title| FIXTURE_TITLES.contains(title)));

    let text = success(&run_fixture(&["list", "-s", "GENEVA"]));
    assert_eq!(lines(&text), ["Summit Opens in Geneva"]);
}

#[test]
fn list_search_ranks_whole_words_first_and_drops_scattered_letters() {
    let library = TempDir::new().unwrap();
    for (name, title) in [
        ("a.txt", "Child access law shake-up planned"),
        ("b.txt", "Manchelsea fan club"),
        ("c.txt", "Mourinho leaves Chelsea"),
    ] {
        fs::write(library.path().join(name), format!("{title}\n\nBody.\n")).unwrap();
    }
    let text = success(&run_on(library.path(), &["list", "--search", "chelsea"]));
    assert_eq!(
        lines(&text),
        ["Mourinho leaves Chelsea", "Manchelsea fan club"],
        "{text}"
    );
}

#[test]
fn list_search_without_matches_prints_nothing_and_answers_no() {
    assert_eq!(answer(&run_fixture(&["list", "--search", "zzzz"]), 1), "");
    let out = run_fixture(&["list", "--search", "zzzz", "--json"]);
    assert_eq!(json_answer(&out, 1), json!([]));
}

// 3. show

/// The blocks of `show` output after the title: runs of lines separated by blank lines, each
/// joined back into one line.
fn blocks(text: &str) -> Vec<String> {
    text.split("\n\n")
        .skip(1)
        .map(|block| block.trim_end_matches('\n').replace('\n', " "))
        .collect()
}

#[test]
fn show_prints_title_blank_line_and_wrapped_blocks() {
    let out = run_fixture(&["show", "Festival of Lights Draws Crowds", "--width", "40"]);
    let expected = "\
Festival of Lights Draws Crowds

More than ten thousand people walked
the lantern trail along the river on
Saturday.

Read More: Harbour Bridge Reopens →
Harbour Bridge Reopens

Visitors who want to read more: the
programme is posted at the town hall.

Read More: Night Market Returns To The
Quay (not in library)
";
    assert_eq!(success(&out), expected);
}

#[test]
fn show_names_link_targets_resolved_or_not() {
    let text = success(&run_fixture(&[
        "show",
        "summit opens in geneva",
        "-w",
        "40",
    ]));
    assert_eq!(
        blocks(&text),
        [
            "Delegates from forty countries gathered on Monday for a three-day summit on river management.",
            "Read More: Talks Stall Over Water Rights → Talks Stall Over Water Rights",
            "Organisers said the agenda covers flood warnings, shared data and the upkeep of dams.",
            "Read More: Festival Of Lights Draws Crowds → Festival of Lights Draws Crowds",
            "The closing statement is expected on Wednesday afternoon.",
        ]
    );
    let text = success(&run_fixture(&["show", "Festival of Lights Draws Crowds"]));
    assert_eq!(
        blocks(&text)[3],
        "Read More: Night Market Returns To The Quay (not in library)"
    );
}

#[test]
fn show_never_exceeds_the_width() {
    for title in FIXTURE_TITLES {
        // A double-width character cannot fit in one column, so CJK starts at two.
        let narrowest = if title.is_ascii() { 1 } else { 2 };
        for width in [narrowest, 3, 7, 12, 20, 40, 79] {
            let text = success(&run_fixture(&[
                "show",
                title,
                "--width",
                &width.to_string(),
            ]));
            let (head, _) = text
                .split_once("\n\n")
                .expect("a blank line after the title");
            assert_eq!(
                head.replace(['\n', ' '], ""),
                title.replace(' ', ""),
                "the title comes first at {width}"
            );
            for line in lines(&text) {
                assert!(line.width() <= width, "{line:?} wider than {width}");
                assert_eq!(line, line.trim_end(), "no trailing spaces: {line:?}");
            }
        }
    }
}

#[test]
fn show_without_width_uses_80_columns_when_not_a_terminal() {
    let text = success(&run_fixture(&["show", "Summit Opens in Geneva"]));
    assert!(text.lines().all(|line| line.width() <= 80), "{text}");
    assert!(
        text.contains(
            "Delegates from forty countries gathered on Monday for a three-day summit on\n"
        ),
        "{text}"
    );
}

#[test]
fn show_finds_titles_regardless_of_case_spacing_and_quotes() {
    let expected = success(&run_fixture(&["show", "Summit Opens in Geneva"]));
    assert!(
        expected.starts_with("Summit Opens in Geneva\n\n"),
        "{expected}"
    );
    for name in [
        "  summit   OPENS in geneva ",
        "\"Summit Opens in Geneva\"",
        "“summit opens in geneva”",
        "SUMMIT\tOPENS IN GENEVA.",
    ] {
        let out = run_fixture(&["show", name]);
        assert_eq!(success(&out), expected, "{name:?}");
    }
}

// 4. show: unknown and empty titles

#[test]
fn show_unknown_title_fails_naming_the_closest_titles() {
    let out = run_fixture(&["show", "harbour brige"]);
    let line = one_error_line(&out, 1);
    assert!(line.starts_with("error: no article titled"), "{line}");
    assert!(line.contains("\"harbour brige\""), "{line}");
    assert!(line.contains("\"Harbour Bridge Reopens\""), "{line}");

    let out = run_fixture(&["links", "Summit in Genva"]);
    let line = one_error_line(&out, 1);
    assert!(line.starts_with("error: no article titled"), "{line}");
    assert!(line.contains("\"Summit Opens in Geneva\""), "{line}");
}

#[test]
fn show_empty_or_blank_title_fails_without_panic() {
    for title in ["", "   ", "\t", "..."] {
        for command in ["show", "links"] {
            let out = run_fixture(&[command, title]);
            let line = one_error_line(&out, 1);
            assert!(line.starts_with("error: no article titled"), "{line}");
        }
    }
}

// 5. show --width limits

#[test]
fn show_rejects_zero_and_huge_widths_as_usage_errors() {
    for width in ["0", "99999999999", "-3", "wide", ""] {
        let out = run_fixture(&[
            "show",
            "Harbour Bridge Reopens",
            &format!("--width={width}"),
        ]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "width {width}: {err}");
        assert!(out.stdout.is_empty(), "width {width}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(err.starts_with("error: "), "{err}");
        assert!(err.contains("--width"), "{err}");
    }
    let out = run_fixture(&["show", "Harbour Bridge Reopens", "--width", "65535"]);
    assert!(success(&out).starts_with("Harbour Bridge Reopens\n\nThe bridge reopened"));
}

// 6. links

#[test]
fn links_json_lists_outgoing_links_and_backlinks() {
    let out = run_fixture(&["links", "festival of lights draws crowds", "--json"]);
    assert_eq!(
        json_of(&out),
        json!({
            "title": "Festival of Lights Draws Crowds",
            "outgoing": [
                {"text": "Harbour Bridge Reopens", "target": "Harbour Bridge Reopens"},
                {"text": "Night Market Returns To The Quay", "target": null},
            ],
            "backlinks": ["Summit Opens in Geneva"],
            // The other two are linked with it; the Tokyo story shares no word with it.
            "similar": [{
                "title": "Talks Stall Over Water Rights",
                "path": "world/talks-stall-over-water-rights.txt",
                "score": 0.71,
            }],
        })
    );

    let out = run_fixture(&["links", "Harbour Bridge Reopens", "--json"]);
    assert_eq!(
        json_of(&out),
        json!({
            "title": "Harbour Bridge Reopens",
            "outgoing": [{"text": "Summit  Opens in Geneva", "target": "Summit Opens in Geneva"}],
            "backlinks": [
                "Festival of Lights Draws Crowds",
                "東京の朝市がにぎわう",
                "Talks Stall Over Water Rights",
            ],
            "similar": [],
        })
    );
}

#[test]
fn links_text_lists_outgoing_links_and_backlinks() {
    let out = run_fixture(&["links", "Festival of Lights Draws Crowds"]);
    let expected = "\
Festival of Lights Draws Crowds

Links (2):
  1. Harbour Bridge Reopens → Harbour Bridge Reopens
  2. Night Market Returns To The Quay (not in library)

Linked from (1):
  Summit Opens in Geneva
";
    assert_eq!(success(&out), expected);

    let text = success(&run_fixture(&["links", "harbour bridge reopens"]));
    let expected = "\
Harbour Bridge Reopens

Links (1):
  1. Summit  Opens in Geneva → Summit Opens in Geneva

Linked from (3):
  Festival of Lights Draws Crowds
  東京の朝市がにぎわう
  Talks Stall Over Water Rights
";
    assert_eq!(text, expected);
}

// 7. check on the fixture

#[test]
fn check_json_has_the_documented_shape() {
    // The dangling link is a problem: exit 1.
    let report = json_answer(&run_fixture(&["check", "--json"]), 1);
    let object = report.as_object().expect("an object");
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "articles",
            "dangling",
            "duplicates",
            "most_linked",
            "orphans",
            "skipped",
            "timings_ms",
            "warnings"
        ]
    );
    assert_eq!(report["articles"], json!(5));
    assert_eq!(report["skipped"], json!([]));
    assert_eq!(report["warnings"], json!([]));
    assert_eq!(report["duplicates"], json!([]));
    assert_eq!(
        report["dangling"],
        json!([{
            "from": "local/festival-of-lights.txt",
            "title": "Festival of Lights Draws Crowds",
            "text": "Night Market Returns To The Quay",
        }])
    );
    assert_eq!(report["orphans"], json!([]));
    assert_eq!(report["most_linked"], fixture_most_linked());
    let timings = report["timings_ms"].as_object().expect("timings object");
    assert_eq!(timings.len(), 2, "{timings:?}");
    for key in ["load", "index"] {
        let ms = timings[key].as_f64().expect("a number");
        assert!(ms >= 0.0 && ms.is_finite(), "{key}: {ms}");
    }
}

#[test]
fn check_text_reports_counts_and_dangling_links() {
    let text = answer(&run_fixture(&["check"]), 1);
    let shown = lines(&text);
    assert_eq!(
        shown[0],
        format!("5 articles loaded from {}", fixtures().display())
    );
    assert_eq!(
        shown[1..12],
        [
            "skipped: 0",
            "warnings: 0",
            "duplicate titles: 0",
            "dangling links: 1",
            "  local/festival-of-lights.txt: Read More: Night Market Returns To The Quay",
            "orphans (no link in or out): 0",
            "most linked (backlinks):",
            "  3  local/harbour-bridge-reopens.txt: Harbour Bridge Reopens",
            "  2  world/summit-opens-in-geneva.txt: Summit Opens in Geneva",
            "  1  local/festival-of-lights.txt: Festival of Lights Draws Crowds",
            "  1  world/talks-stall-over-water-rights.txt: Talks Stall Over Water Rights",
        ]
    );
    assert!(shown[12].starts_with("timings: load "), "{text}");
    assert_eq!(shown.len(), 13, "{text}");
}

/// The fixture's stories by backlinks, as `check --json` reports them, most first and then in
/// path order: the Tokyo market is linked from nowhere, so it is not among them.
fn fixture_most_linked() -> Value {
    json!([
        {"title": "Harbour Bridge Reopens", "path": "local/harbour-bridge-reopens.txt", "backlinks": 3},
        {"title": "Summit Opens in Geneva", "path": "world/summit-opens-in-geneva.txt", "backlinks": 2},
        {"title": "Festival of Lights Draws Crowds", "path": "local/festival-of-lights.txt", "backlinks": 1},
        {"title": "Talks Stall Over Water Rights", "path": "world/talks-stall-over-water-rights.txt", "backlinks": 1},
    ])
}

// 8. check on a library with every kind of oddity

/// A library with an empty file, invalid UTF-8, a duplicate title, hidden files, a non-`.txt`
/// file, a nested article and a BOM + CRLF article.
fn odd_library() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    let root = dir.path();
    write(root, "empty.txt", "");
    write(root, "blank.txt", "  \n\t\r\n");
    write(
        root,
        "bytes.txt",
        b"Bad Bytes\nok line\nbad \x93quote\x94\n",
    );
    write(root, "one/dup.txt", "breaking NEWS\nfirst\n");
    write(root, "two/dup.txt", "Breaking News\nsecond\n");
    write(root, ".secret.txt", "Secret Story\n");
    write(root, ".git/x.txt", "Git Story\n");
    write(root, "notes.md", "Notes Story\n");
    write(
        root,
        "deep/er/nested.txt",
        "Nested Story\nRead More: breaking news\n",
    );
    write(
        root,
        "bom.txt",
        b"\xef\xbb\xbfBom Title\r\nFirst para\r\n\r\nRead More: Nested Story\r\n",
    );
    dir
}

#[test]
fn check_reports_skipped_warnings_and_duplicates() {
    let library = odd_library();
    let report = json_answer(&run_on(library.path(), &["check", "--json"]), 1);
    assert_eq!(report["articles"], json!(5), "{report:#}");
    assert_eq!(
        report["skipped"],
        json!([
            {"path": "blank.txt", "reason": "no title"},
            {"path": "empty.txt", "reason": "no title"},
        ])
    );
    let warnings = report["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 1, "{report:#}");
    assert_eq!(warnings[0]["path"], "bytes.txt");
    let message = warnings[0]["message"].as_str().expect("message");
    assert_eq!(message, "not UTF-8: read as windows-1252 (guessed)");
    assert_eq!(
        report["duplicates"],
        json!([{"title": "breaking NEWS", "paths": ["one/dup.txt", "two/dup.txt"]}])
    );
    assert_eq!(report["dangling"], json!([]));

    let text = answer(&run_on(library.path(), &["check"]), 1);
    for expected in [
        "skipped: 2",
        "  empty.txt: no title",
        "warnings: 1",
        "  bytes.txt: not UTF-8: read as windows-1252 (guessed)\n",
        "duplicate titles: 1",
        "  \"breaking NEWS\": one/dup.txt, two/dup.txt",
        "dangling links: 0",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
}

#[test]
fn hidden_and_non_txt_files_are_not_loaded_and_nested_ones_are() {
    let library = odd_library();
    let listed = json_of(&run_on(library.path(), &["list", "--json"]));
    assert_eq!(
        listed,
        json!([
            {"title": "Bom Title", "path": "bom.txt"},
            {"title": "Bad Bytes", "path": "bytes.txt"},
            {"title": "Nested Story", "path": "deep/er/nested.txt"},
            {"title": "breaking NEWS", "path": "one/dup.txt"},
            {"title": "Breaking News", "path": "two/dup.txt"},
        ]),
    );
    let check = answer(&run_on(library.path(), &["check"]), 1);
    for hidden in ["secret", ".git", "notes", "Secret Story", "Git Story"] {
        assert!(!check.contains(hidden), "{hidden:?} in:\n{check}");
    }
    for name in ["Secret Story", "Git Story", "Notes Story"] {
        let out = run_on(library.path(), &["show", name]);
        one_error_line(&out, 1);
    }
}

#[cfg(unix)]
#[test]
fn symbolic_links_to_folders_are_reported_and_not_followed() {
    let library = odd_library();
    let elsewhere = TempDir::new().expect("temp dir");
    write(elsewhere.path(), "outside.txt", "Outside Story\n");
    std::os::unix::fs::symlink(elsewhere.path(), library.path().join("linked")).expect("symlink");
    let report = json_answer(&run_on(library.path(), &["check", "--json"]), 1);
    let skipped = report["skipped"].as_array().expect("skipped");
    assert!(
        skipped.contains(
            &json!({"path": "linked", "reason": "symbolic link to a folder (not followed)"})
        ),
        "{report:#}"
    );
    assert_eq!(report["articles"], json!(5), "{report:#}");
}

#[test]
fn duplicate_titles_resolve_to_the_first_in_path_order() {
    let library = odd_library();
    let links = json_of(&run_on(
        library.path(),
        &["links", "Nested Story", "--json"],
    ));
    assert_eq!(
        links["outgoing"],
        json!([{"text": "breaking news", "target": "breaking NEWS"}])
    );
    // The choice is said on stderr, with the other copy's path.
    let out = run_on(library.path(), &["show", "Breaking News"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stdout(&out), "breaking NEWS\n\nfirst\n");
    assert!(
        stderr(&out).contains("this is one/dup.txt"),
        "{}",
        stderr(&out)
    );
    let out = run_on(library.path(), &["links", "BREAKING news", "--json"]);
    let first: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    assert_eq!(first["backlinks"], json!(["Nested Story"]));
}

#[test]
fn bom_and_crlf_do_not_reach_the_title_or_text() {
    let library = odd_library();
    let shown = success(&run_on(library.path(), &["show", "bom title"]));
    assert_eq!(
        shown,
        "Bom Title\n\nFirst para\n\nRead More: Nested Story → Nested Story\n"
    );
    let links = json_of(&run_on(
        library.path(),
        &["links", "Nested Story", "--json"],
    ));
    assert_eq!(links["backlinks"], json!(["Bom Title"]));
}

#[test]
fn bytes_that_are_not_utf8_are_guessed_or_replaced_as_configured() {
    let library = odd_library();
    let shown = success(&run_on(library.path(), &["show", "Bad Bytes"]));
    assert_eq!(shown, "Bad Bytes\n\nok line\n\nbad \u{201c}quote\u{201d}\n");
    let config = TempDir::new().expect("temp dir");
    let path = config.path().join("config.toml");
    fs::write(&path, "encoding = \"utf-8\"\n").expect("write config");
    let config = path.to_str().expect("a UTF-8 path");
    let args = ["--config", config, "show", "Bad Bytes"];
    let shown = success(&run_on(library.path(), &args));
    assert_eq!(shown, "Bad Bytes\n\nok line\n\nbad \u{fffd}quote\u{fffd}\n");
}

// 9. Fatal errors

#[test]
fn missing_articles_folder_is_a_one_line_error() {
    let out = Sandbox::new().run(&["list", "--articles", "/nonexistent/readmore-articles"]);
    let line = one_error_line(&out, 2);
    assert!(line.contains("/nonexistent/readmore-articles"), "{line}");
    assert!(line.contains("not found"), "{line}");
}

#[test]
fn articles_that_is_a_file_is_a_one_line_error() {
    let file = fixtures().join("local/harbour-bridge-reopens.txt");
    let out = run_on(&file, &["list"]);
    let line = one_error_line(&out, 2);
    assert!(line.contains(&file.display().to_string()), "{line}");
    assert!(line.contains("not a folder"), "{line}");
}

#[test]
fn missing_config_file_is_a_one_line_error() {
    let out = run_fixture(&["list", "--config", "missing.toml"]);
    let line = one_error_line(&out, 2);
    assert!(line.starts_with("error: missing.toml: "), "{line}");
}

/// Runs `list` on the fixture with a config file holding `text`; returns the config's path
/// and the error line.
fn config_error(text: &str) -> (String, String) {
    let sandbox = Sandbox::new();
    let path = sandbox.cwd().join("custom.toml");
    fs::write(&path, text).expect("write config");
    let fixture = fixtures();
    let args = [
        OsStr::new("list"),
        OsStr::new("--config"),
        path.as_os_str(),
        OsStr::new("--articles"),
        fixture.as_os_str(),
    ];
    let line = one_error_line(&sandbox.run(&args), 2);
    (path.display().to_string(), line)
}

#[test]
fn config_errors_name_file_line_and_column() {
    let (path, line) = config_error("[reader]\nmax_width = \"x\"\n");
    assert!(line.starts_with(&format!("error: {path}:2:13: ")), "{line}");

    let (path, line) = config_error("# settings\n\n[reader]\n  colour = 1\n");
    assert!(line.starts_with(&format!("error: {path}:4:3: ")), "{line}");
    assert!(line.contains("colour"), "{line}");

    let (path, line) = config_error("[keys]\nquit=[\"x\"]\nback=[\"x\"]\n");
    assert!(line.starts_with(&format!("error: {path}:3:")), "{line}");
    assert!(line.contains("\"x\""), "{line}");

    let (path, line) = config_error("[reader]\nmax_width = 5\n");
    assert!(line.starts_with(&format!("error: {path}:2:13: ")), "{line}");
}

// 10. Config resolution

#[test]
fn config_in_the_current_folder_names_the_articles_folder() {
    let sandbox = Sandbox::new();
    fs::write(sandbox.cwd().join("config.toml"), "articles = \"lib\"\n").expect("config");
    write(&sandbox.cwd(), "lib/only.txt", "Only Story Here\n\nText.\n");
    assert_eq!(success(&sandbox.run(&["list"])), "Only Story Here\n");

    let fixture = fixtures();
    let args = [
        OsStr::new("list"),
        OsStr::new("--articles"),
        fixture.as_os_str(),
    ];
    assert_eq!(lines(&success(&sandbox.run(&args))), FIXTURE_TITLES);
}

#[test]
fn config_in_xdg_config_home_is_used_and_current_folder_wins() {
    let sandbox = Sandbox::new();
    let xdg = sandbox.dir.path().join("xdg/readmore");
    write(&xdg, "config.toml", "articles = \"news\"\n");
    write(&xdg, "news/a.txt", "From Xdg\n");
    assert_eq!(success(&sandbox.run(&["list"])), "From Xdg\n");

    write(
        &sandbox.cwd(),
        "config.toml",
        "articles = \"~/home-news\"\n",
    );
    write(
        &sandbox.dir.path().join("home"),
        "home-news/b.txt",
        "From Home\n",
    );
    assert_eq!(success(&sandbox.run(&["list"])), "From Home\n");
}

#[test]
fn a_missing_folder_named_by_a_config_names_the_file_and_key() {
    let sandbox = Sandbox::new();
    fs::write(
        sandbox.cwd().join("config.toml"),
        "articles = \"nowhere\"\n",
    )
    .expect("config");
    let line = one_error_line(&sandbox.run(&["list"]), 2);
    assert!(line.starts_with("error: config.toml: articles: "), "{line}");
    assert!(line.contains("nowhere"), "{line}");
}

#[test]
fn without_any_config_or_articles_folder_the_user_library_opens() {
    let out = Sandbox::new().run(&["list"]);
    assert_eq!(success(&out), "Welcome to readmore\n");

    let sandbox = Sandbox::new();
    write(&sandbox.cwd(), "articles/x.txt", "Default Folder Story\n");
    assert_eq!(success(&sandbox.run(&["list"])), "Default Folder Story\n");
}

// 11. Terminal control characters never reach the terminal

/// Asserts that `bytes` hold no C0 control but newline, no DEL and no C1 control.
fn assert_terminal_safe(label: &str, bytes: &[u8]) {
    if let Some(&b) = bytes
        .iter()
        .find(|&&b| (b < 0x20 && b != b'\n') || b == 0x7f)
    {
        panic!(
            "{label}: byte {b:#04x} in {:?}",
            String::from_utf8_lossy(bytes)
        );
    }
    let text = String::from_utf8_lossy(bytes);
    assert!(
        !text.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)),
        "{label}: C1 control in {text:?}"
    );
}

/// Asserts that no string inside a JSON document holds a control character, escaped or not.
fn assert_json_safe(label: &str, value: &Value) {
    match value {
        Value::String(s) => assert!(!s.chars().any(char::is_control), "{label}: {s:?}"),
        Value::Array(items) => items.iter().for_each(|v| assert_json_safe(label, v)),
        Value::Object(map) => map.iter().for_each(|(k, v)| {
            assert_json_safe(label, &Value::String(k.clone()));
            assert_json_safe(label, v);
        }),
        _ => {}
    }
}

/// A library, in a folder whose own name holds an escape, whose texts and file names carry
/// escape sequences and control characters.
fn hostile_library() -> (TempDir, PathBuf) {
    let dir = TempDir::new().expect("temp dir");
    let root = dir.path().join("lib\u{1b}]0;owned\u{7}");
    fs::create_dir(&root).expect("library folder");
    write(
        &root,
        "evil.txt",
        "Evil \u{1b}[31mRed\u{1b}[0m Title\u{7}\u{0}\u{7f}\u{9b}2J\n\
         Para \u{1b}]0;x\u{7} with \u{1b}]52;c;aGk=\u{7} clipboard \u{9b}31m c1 \u{0}nul \u{7f}del \u{7}bel\n\
         Read More: Other \u{1b}[2J Story\u{7}\n\
         Read More: Missing \u{1b}]0;t\u{7}\u{85} One\n",
    );
    write(
        &root,
        "raw.txt",
        b"Raw Bytes\r\nline \x1b[1mbold\x1b[0m\x00 \x9b31m\x85\r\n",
    );
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = OsStr::from_bytes(b"other\x1b[31m\x07.txt");
        // Some filesystems refuse such names; the texts are still tested then.
        if fs::write(
            root.join(name),
            "Other Story\nRead More: \u{1b}]52;c;aGk=\u{7}Evil Red Title\n",
        )
        .is_err()
        {
            eprintln!("filesystem refused a file name with an escape; not testing it");
        }
    }
    (dir, root)
}

#[test]
fn control_characters_never_reach_the_terminal() {
    let (_dir, root) = hostile_library();
    // Each run, something its output must contain so that it is known to show the texts, and
    // its exit code (`check` finds dangling links).
    let runs: [(&[&str], &str, i32); 12] = [
        (&["list"], "Evil Red Title", 0),
        (&["list", "--json"], "Evil Red Title", 0),
        (&["list", "--paths"], "evil.txt", 0),
        (&["list", "--search", "evil"], "Evil Red Title", 0),
        (&["show", "Evil Red Title"], "Missing  One", 0),
        (&["show", "Evil Red Title", "--width", "7"], "Evil", 0),
        (&["links", "Evil Red Title"], "Missing  One", 0),
        (&["links", "Evil Red Title", "--json"], "Missing  One", 0),
        (&["search", "clipboard"], "Para", 0),
        (&["search", "clipboard", "--json"], "Para", 0),
        (&["check"], "Missing  One", 1),
        (&["check", "--json"], "Missing  One", 1),
    ];
    for (args, expected, code) in runs {
        let out = run_on(&root, args);
        let label = args.join(" ");
        let text = answer(&out, code);
        assert!(text.contains(expected), "{label}: {text}");
        if args.contains(&"--paths") {
            // The one tab of each line is the separator the format promises.
            assert!(
                text.lines().all(|line| line.matches('\t').count() == 1),
                "{text}"
            );
            assert_terminal_safe(&label, text.replace('\t', " ").as_bytes());
        } else {
            assert_terminal_safe(&label, &out.stdout);
        }
        if args.contains(&"--json") {
            let value: Value = serde_json::from_str(&text).expect("JSON");
            assert_json_safe(&label, &value);
        }
    }

    let shown = success(&run_on(&root, &["show", "Evil Red Title"]));
    for expected in ["Para ", "clipboard", "Read More: Other", "(not in library)"] {
        assert!(shown.contains(expected), "{expected:?} in {shown}");
    }
    let raw = success(&run_on(&root, &["show", "raw bytes"]));
    assert_terminal_safe("show raw bytes", raw.as_bytes());
    assert!(raw.contains("line bold"), "{raw}");
}

#[test]
fn control_characters_in_errors_never_reach_the_terminal() {
    let (_dir, root) = hostile_library();
    let out = run_on(
        &root,
        &[
            "show",
            "\u{1b}[2J\u{9b}2J\u{7}Evil Red Titel\u{1b}]0;x\u{7}",
        ],
    );
    let line = one_error_line(&out, 1);
    assert_terminal_safe("unknown title", &out.stderr);
    assert!(line.contains("Evil Red Title"), "closest titles: {line}");

    let out = run_on(&root.join("gone\u{1b}]0;x\u{7}"), &["list"]);
    one_error_line(&out, 2);
    assert_terminal_safe("missing folder", &out.stderr);

    let out = run_on(&root, &["list", "--config", "\u{1b}[2Jmissing.toml"]);
    one_error_line(&out, 2);
    assert_terminal_safe("missing config", &out.stderr);
}

// 12. A closed pipe is not an error

#[test]
fn closing_stdout_early_exits_quietly() {
    let dir = TempDir::new().expect("temp dir");
    for n in 0..5000 {
        write(
            dir.path(),
            &format!("a{n:05}.txt"),
            format!(
                "Generated article number {n:05} about the river\n\nBody.\nRead More: Gone {n}\n"
            ),
        );
    }
    let sandbox = Sandbox::new();
    let library = dir.path().as_os_str();
    let commands: [&[&str]; 3] = [&["list"], &["list", "--json"], &["check"]];
    for command in commands {
        let mut args: Vec<&OsStr> = command.iter().map(OsStr::new).collect();
        args.extend([OsStr::new("--articles"), library]);
        let mut child = sandbox
            .command(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn readmore");
        let mut reader = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut first = String::new();
        reader.read_line(&mut first).expect("read a line");
        assert!(!first.is_empty(), "{command:?}: no output");
        drop(reader);
        let out = child.wait_with_output().expect("wait for readmore");
        let err = stderr(&out);
        assert!(out.status.success(), "{command:?}: {:?} {err}", out.status);
        assert_eq!(err, "", "{command:?}");
    }
}

#[test]
fn search_finds_all_words_and_phrases_with_snippets() {
    let out = run_fixture(&["search", "bridge", "--json"]);
    assert_eq!(
        json_of(&out),
        json!([{
            "title": "Harbour Bridge Reopens",
            "path": "local/harbour-bridge-reopens.txt",
            "snippet": "The bridge reopened to traffic after eight months of repairs to its cables.",
        }])
    );
    // Every word must match; a quoted phrase matches as a phrase, in any case.
    let out = run_fixture(&["search", "\"LANTERN TRAIL\" river"]);
    assert_eq!(
        lines(&success(&out)),
        [
            "Festival of Lights Draws Crowds",
            "    …than ten thousand people walked the lantern trail along the river on Saturday."
        ]
    );
    let out = run_fixture(&["search", "\"trail lantern\""]);
    assert_eq!(answer(&out, 1), "", "a phrase is not just its words");
}

// 13. Closed or full stdout and stderr

/// Runs `readmore ARGS --articles FIXTURE` through `sh`, with the shell redirection `redirect`
/// (such as `2>&-`) applied to it: the standard library cannot spawn with a closed descriptor.
#[cfg(unix)]
fn run_redirected(redirect: &str, args: &[&str]) -> Output {
    let sandbox = Sandbox::new();
    let fixture = fixtures();
    let script = format!("exec \"$0\" \"$@\" {redirect}");
    let mut all: Vec<&OsStr> = vec![
        OsStr::new("-c"),
        OsStr::new(&script),
        OsStr::new(env!("CARGO_BIN_EXE_readmore")),
    ];
    all.extend(args.iter().map(OsStr::new));
    all.extend([OsStr::new("--articles"), fixture.as_os_str()]);
    Command::new("sh")
        .args(all)
        .current_dir(sandbox.cwd())
        .env("XDG_CONFIG_HOME", sandbox.dir.path().join("xdg"))
        .env("HOME", sandbox.dir.path().join("home"))
        .stdin(Stdio::null())
        .output()
        .expect("run sh")
}

#[cfg(unix)]
#[test]
fn a_closed_or_full_stderr_keeps_the_exit_code() {
    let runs: [(&[&str], i32); 3] = [
        (&["show", "nope"], 1),
        (&["links", "nope"], 1),
        (&["list", "--config", "missing.toml"], 2),
    ];
    for (args, code) in runs {
        for redirect in ["2>&-", "2>/dev/full"] {
            if redirect.contains("full") && !Path::new("/dev/full").exists() {
                continue;
            }
            let out = run_redirected(redirect, args);
            // Exit code 101 would be a panic on the failed write.
            assert_eq!(out.status.code(), Some(code), "{args:?} {redirect}");
            assert!(out.stdout.is_empty(), "{args:?} {redirect}");
        }
    }
}

/// A standard output closed at start (`>&-`) is what the standard library makes of it before
/// `main`: /dev/null. Output vanishes as with `>/dev/null`, as in ripgrep and fd.
#[cfg(unix)]
#[test]
fn a_closed_stdout_is_taken_as_dev_null() {
    let runs: [&[&str]; 4] = [&["list"], &["check", "--json"], &["--help"], &["--version"]];
    for args in runs {
        let closed = run_redirected(">&-", args);
        let null = run_redirected(">/dev/null", args);
        assert_eq!(closed.status.code(), null.status.code(), "{args:?}");
        assert_eq!(stderr(&closed), stderr(&null), "{args:?}");
        assert!(!stderr(&closed).contains("panicked"), "{args:?}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_stdout_is_an_error() {
    for args in [
        &["list"][..],
        &["show", "Harbour Bridge Reopens"],
        &["--help"],
        &["completions", "bash"],
        &["man"],
    ] {
        let out = run_redirected(">/dev/full", args);
        let line = one_error_line(&out, 2);
        assert!(
            line.starts_with("error: cannot write to standard output: "),
            "{args:?}: {line}"
        );
        let out = run_redirected(">/dev/full 2>/dev/full", args);
        assert_eq!(out.status.code(), Some(2), "{args:?}, both full");
    }
}

#[test]
fn output_thrown_away_on_purpose_is_not_an_error() {
    let out = Sandbox::new()
        .command(&[
            OsStr::new("list"),
            OsStr::new("--articles"),
            fixtures().as_os_str(),
        ])
        .stdout(Stdio::null())
        .output()
        .expect("run readmore");
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
}

// 14. Scripting: paths, exit codes, completions and the man page

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

// 15. Config files that are too large or not text

/// Runs `list` on the fixture with `--config FILE`, FILE made by `make` in the sandbox; returns
/// the config's path and the error line.
fn config_file_error(make: impl FnOnce(&Path)) -> (String, String) {
    let sandbox = Sandbox::new();
    let path = sandbox.cwd().join("custom.toml");
    make(&path);
    let fixture = fixtures();
    let args = [
        OsStr::new("list"),
        OsStr::new("--config"),
        path.as_os_str(),
        OsStr::new("--articles"),
        fixture.as_os_str(),
    ];
    let line = one_error_line(&sandbox.run(&args), 2);
    (path.display().to_string(), line)
}

#[test]
fn a_config_over_1_mib_is_refused_naming_the_file() {
    // Valid TOML (comments) one byte over the limit: refused for its size alone.
    let (path, line) = config_file_error(|path| {
        let mut text = "# x\n".repeat(256 * 1024);
        text.push('\n');
        fs::write(path, text).expect("write config");
    });
    assert_eq!(
        line,
        format!("error: {path}: config is larger than 1 MiB: is it the right file?")
    );
    // A 1 GB (sparse) file is refused without being read whole.
    let (path, line) = config_file_error(|path| {
        fs::File::create(path)
            .and_then(|file| file.set_len(1 << 30))
            .expect("sparse config");
    });
    assert!(
        line.starts_with(&format!("error: {path}: config is larger")),
        "{line}"
    );

    // Exactly 1 MiB is still a config.
    let sandbox = Sandbox::new();
    fs::write(
        sandbox.cwd().join("config.toml"),
        "# x\n".repeat(256 * 1024),
    )
    .expect("write");
    let fixture = fixtures();
    let args = [
        OsStr::new("list"),
        OsStr::new("--articles"),
        fixture.as_os_str(),
    ];
    assert_eq!(lines(&success(&sandbox.run(&args))), FIXTURE_TITLES);
}

#[cfg(target_os = "linux")]
#[test]
fn an_endless_config_is_refused() {
    let out = run_fixture(&["list", "--config", "/dev/zero"]);
    let line = one_error_line(&out, 2);
    assert!(
        line.starts_with("error: /dev/zero: config is larger"),
        "{line}"
    );
}

#[test]
fn invalid_utf8_in_a_config_names_line_and_column() {
    let (path, line) = config_file_error(|path| {
        fs::write(path, b"# caf\xc3\xa9\n[reader]\nmax_\xff = 3\n").expect("write config");
    });
    assert_eq!(line, format!("error: {path}:3:5: invalid UTF-8"));
    let (path, line) = config_file_error(|path| {
        fs::write(path, b"\x92").expect("write config");
    });
    assert_eq!(line, format!("error: {path}:1:1: invalid UTF-8"));
}

#[test]
fn state_import_then_export_round_trips_marks_per_article() {
    let sandbox = Sandbox::new();
    let backup = sandbox.cwd().join("backup.json");
    fs::write(
        &backup,
        r#"{"article": [
            {"path": "world/harbour.txt", "title": "Harbour Reopens", "starred": true, "updated_at": 10},
            {"path": "local/fair.txt", "title": "Fair", "read": true, "scroll": 3, "lines": 9}
        ]}"#,
    )
    .expect("write backup");
    let out = sandbox.run(&["state", "import", "backup.json"]);
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    assert!(
        stderr(&out).contains("2 added, 0 updated"),
        "{}",
        stderr(&out)
    );
    let exported = sandbox.run(&["state", "export", "--format", "json"]);
    let value: Value = serde_json::from_str(&success(&exported)).expect("JSON export");
    let articles = value["article"].as_array().expect("article array");
    assert_eq!(articles.len(), 2, "{value}");
    let harbour = articles
        .iter()
        .find(|a| a["path"] == "world/harbour.txt")
        .expect("harbour exported");
    assert_eq!(harbour["starred"], true);
    assert_eq!(harbour["read"], false);
    let fair = articles
        .iter()
        .find(|a| a["path"] == "local/fair.txt")
        .expect("fair exported");
    assert_eq!(
        (fair["read"].clone(), fair["scroll"].clone()),
        (json!(true), json!(3))
    );
    // Importing the same file again changes nothing: the rows are as new as the file.
    let again = sandbox.run(&["state", "import", "backup.json"]);
    assert!(
        stderr(&again).contains("0 added, 0 updated, 2 kept"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn a_bad_state_import_is_one_error_line_with_its_position() {
    let sandbox = Sandbox::new();
    fs::write(
        sandbox.cwd().join("bad.toml"),
        "[[article]]\npath = \"a.txt\"\ntitle = 3\n",
    )
    .expect("write");
    let line = one_error_line(&sandbox.run(&["state", "import", "bad.toml"]), 2);
    assert!(line.starts_with("error: bad.toml:3:"), "{line}");
}

#[test]
fn state_commands_refuse_no_state() {
    let line = one_error_line(&Sandbox::new().run(&["--no-state", "state", "export"]), 2);
    assert!(line.contains("--no-state"), "{line}");
}

// 15. The link graph: graph, and orphans and the most-linked stories in check

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

/// What a DOT statement declares: a node with its attributes, or an edge.
#[derive(Debug, PartialEq)]
enum DotStatement {
    Node(String, Vec<(String, String)>),
    Edge(String, String, Vec<(String, String)>),
    Defaults(String, Vec<(String, String)>),
}

#[derive(Debug, PartialEq)]
enum DotToken {
    Word(String),
    Quoted(String),
    Punct(char),
    Arrow,
}

/// The longest quoted string Graphviz 2.42 (Debian 12) reads, in bytes as written.
const DOT_MAX_QUOTED: usize = 16384;

/// Splits DOT into tokens: bare words, quoted strings (closed, on one line, without control
/// characters, `\"` and `\\` the only escapes, at most [`DOT_MAX_QUOTED`] bytes, joined when
/// concatenated with `+`), punctuation and `->`.
fn dot_tokens(dot: &str) -> Result<Vec<DotToken>, String> {
    let mut tokens = Vec::new();
    let mut chars = dot.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_ascii_whitespace() => {}
            '{' | '}' | '[' | ']' | ';' | ',' | '=' | '+' => tokens.push(DotToken::Punct(c)),
            '-' if chars.next() == Some('>') => tokens.push(DotToken::Arrow),
            '"' => {
                let mut text = String::new();
                let mut raw = 0;
                loop {
                    let c = chars.next();
                    // An escaped quote is consumed (and counted) with its backslash.
                    raw += c.filter(|&c| c != '"').map_or(0, char::len_utf8);
                    if raw > DOT_MAX_QUOTED {
                        return Err(format!("a quoted string over {DOT_MAX_QUOTED} bytes"));
                    }
                    match c {
                        None => return Err(format!("unterminated string {text:?}")),
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(e @ ('"' | '\\')) => {
                                raw += 1;
                                text.push(e);
                            }
                            other => return Err(format!("escape \\{other:?} in {text:?}")),
                        },
                        Some(c) if c.is_control() => {
                            return Err(format!("control {c:?} in string {text:?}"));
                        }
                        Some(c) => text.push(c),
                    }
                }
                tokens.push(DotToken::Quoted(text));
            }
            c if c.is_ascii_alphanumeric() || c == '_' => {
                let mut word = c.to_string();
                while let Some(&next) = chars.peek().filter(|n| n.is_ascii_alphanumeric()) {
                    word.push(next);
                    chars.next();
                }
                tokens.push(DotToken::Word(word));
            }
            c => return Err(format!("unexpected {c:?}")),
        }
    }
    let mut joined: Vec<DotToken> = Vec::with_capacity(tokens.len());
    let mut rest = tokens.into_iter();
    while let Some(token) = rest.next() {
        if token != DotToken::Punct('+') {
            joined.push(token);
            continue;
        }
        match (joined.last_mut(), rest.next()) {
            (Some(DotToken::Quoted(left)), Some(DotToken::Quoted(right))) => left.push_str(&right),
            other => return Err(format!("+ not between quoted strings: {other:?}")),
        }
    }
    Ok(joined)
}

/// Parses the subset of DOT that `graph --dot` writes, `digraph NAME { STATEMENT; ... }`,
/// each statement a node, an edge or default attributes, each terminated by `;`.
fn parse_dot(dot: &str) -> Result<Vec<DotStatement>, String> {
    let tokens = dot_tokens(dot)?;
    let mut at = tokens.iter().peekable();
    let mut next = || at.next().ok_or_else(|| "unexpected end".to_owned());
    let id = |token: &DotToken| match token {
        DotToken::Word(s) | DotToken::Quoted(s) => Ok(s.clone()),
        other => Err(format!("expected an id, found {other:?}")),
    };
    if next()? != &DotToken::Word("digraph".into()) {
        return Err("no digraph".into());
    }
    id(next()?)?;
    if next()? != &DotToken::Punct('{') {
        return Err("no {".into());
    }
    let mut statements = Vec::new();
    loop {
        let first = next()?;
        if first == &DotToken::Punct('}') {
            break;
        }
        let name = id(first)?;
        let mut token = next()?;
        let target = if token == &DotToken::Arrow {
            let target = id(next()?)?;
            token = next()?;
            Some(target)
        } else {
            None
        };
        let mut attributes = Vec::new();
        if token == &DotToken::Punct('[') {
            loop {
                let key = id(next()?)?;
                if next()? != &DotToken::Punct('=') {
                    return Err(format!("no = after {key}"));
                }
                attributes.push((key, id(next()?)?));
                match next()? {
                    DotToken::Punct(',') => {}
                    DotToken::Punct(']') => break,
                    other => return Err(format!("in attributes: {other:?}")),
                }
            }
            token = next()?;
        }
        if token != &DotToken::Punct(';') {
            return Err(format!("statement for {name:?} not terminated: {token:?}"));
        }
        statements.push(match (target, name.as_str()) {
            (Some(to), _) => DotStatement::Edge(name, to, attributes),
            (None, "node" | "edge" | "graph") => DotStatement::Defaults(name, attributes),
            (None, _) => DotStatement::Node(name, attributes),
        });
    }
    match at.next() {
        None => Ok(statements),
        Some(extra) => Err(format!("after the graph: {extra:?}")),
    }
}

#[test]
fn the_dot_checker_rejects_broken_dot() {
    for broken in [
        "digraph g {",
        "digraph g { \"a\" }",
        "digraph g { \"a\" -> \"b\" }",
        "digraph g { \"a\"; } }",
        "digraph g { \"a\" [label=\"x\"] }",
        "digraph g { \"a\" [label=\"x\"; }",
        "digraph g { \"a\"b\"; }",
        "digraph g { \"a; }",
        "digraph g { \"a\nb\"; }",
        "digraph g { \"a\\\"; }",
        "digraph g { \"a\\n\"; }",
        "digraph g { \"a\u{1b}[2J\"; }",
        "digraph g { \"a\" + ; }",
        "digraph g { a + \"b\"; }",
        format!(
            "digraph g {{ \"{}\"; }}",
            "é".repeat(DOT_MAX_QUOTED / 2 + 1)
        )
        .as_str(),
    ] {
        assert!(parse_dot(broken).is_err(), "accepted {broken:?}");
    }
    assert_eq!(
        parse_dot("digraph g { \"a\\\"\\\\\" [label=x]; a -> \"b\"; }"),
        Ok(vec![
            DotStatement::Node("a\"\\".into(), vec![("label".into(), "x".into())]),
            DotStatement::Edge("a".into(), "b".into(), vec![]),
        ])
    );
}

/// Asserts that `dot` is a digraph Graphviz reads: with the real `dot` when it is installed,
/// and always with [`parse_dot`]; returns its statements.
fn valid_dot(label: &str, dot: &str) -> Vec<DotStatement> {
    if let Ok(mut child) = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().expect("piped stdin");
        stdin.write_all(dot.as_bytes()).expect("feed dot");
        drop(stdin);
        let out = child.wait_with_output().expect("run dot");
        // Graphviz quotes the input it fails on, cut anywhere: not always UTF-8.
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{label}: dot: {err}");
    }
    parse_dot(dot).unwrap_or_else(|err| panic!("{label}: {err}\n{dot}"))
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
    assert!(
        stderr(&out).contains("cannot be used with"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn graph_on_a_closed_pipe_exits_quietly() {
    let dir = TempDir::new().expect("temp dir");
    for n in 0..5000 {
        write(
            dir.path(),
            &format!("a{n:05}.txt"),
            format!("Story {n:05}\nRead More: Story {:05}\n", (n + 1) % 5000),
        );
    }
    let sandbox = Sandbox::new();
    for format in [None, Some("--json"), Some("--dot")] {
        let mut args = vec![
            OsStr::new("graph"),
            OsStr::new("--articles"),
            dir.path().as_os_str(),
        ];
        args.extend(format.map(OsStr::new));
        let mut child = sandbox
            .command(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn readmore");
        let mut reader = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut first = String::new();
        reader.read_line(&mut first).expect("read a line");
        assert!(!first.is_empty(), "{format:?}: no output");
        drop(reader);
        let out = child.wait_with_output().expect("wait for readmore");
        assert!(
            out.status.success(),
            "{format:?}: {:?} {}",
            out.status,
            stderr(&out)
        );
        assert_eq!(stderr(&out), "", "{format:?}");
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

// similar

/// Football and politics stories: each finds its own kind first.
fn topical_library() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    let stories = [
        (
            "sport/arsenal.txt",
            "Arsenal Win the Derby",
            "Arsenal beat Tottenham two goals to one in the derby. The striker scored twice and the goalkeeper saved a penalty as the club climbed the league table.",
        ),
        (
            "sport/chelsea.txt",
            "Chelsea Sack Their Manager",
            "The football club dismissed its manager after league defeats. The striker and the goalkeeper were injured, and the club sits low in the league table.",
        ),
        (
            "sport/liverpool.txt",
            "Liverpool Sign a Striker",
            "The club paid a record fee for the striker, who scored twenty goals. The manager said the football club needed goals to win the league.",
        ),
        (
            "politics/budget.txt",
            "Chancellor Unveils the Budget",
            "The chancellor told parliament that taxes will rise. The opposition said the budget would hurt families, and ministers defended the vote.",
        ),
        (
            "politics/election.txt",
            "Prime Minister Calls an Election",
            "The prime minister asked parliament for an early election. Ministers and the opposition began campaigning for votes on taxes.",
        ),
    ];
    for (path, title, body) in stories {
        write(dir.path(), path, format!("{title}\n\n{body}\n"));
    }
    dir
}

#[test]
fn similar_prints_score_title_and_path_best_first() {
    let dir = topical_library();
    let text = success(&run_on(dir.path(), &["similar", "arsenal win the derby"]));
    let shown = lines(&text);
    assert!(shown.len() >= 2, "{text}");
    let mut scores = Vec::new();
    for line in &shown {
        let (score, rest) = line
            .trim_start()
            .split_once("  ")
            .expect("score  title  (path)");
        scores.push(score.parse::<f64>().expect("a score"));
        assert!(rest.ends_with(".txt)"), "{line}");
    }
    assert!(scores.windows(2).all(|pair| pair[0] >= pair[1]), "{text}");
    let mut first_two: Vec<&str> = shown[..2]
        .iter()
        .map(|line| line.split_once("  (").expect("path").1)
        .collect();
    first_two.sort_unstable();
    assert_eq!(
        first_two,
        ["sport/chelsea.txt)", "sport/liverpool.txt)"],
        "{text}"
    );

    let limited = success(&run_on(
        dir.path(),
        &["similar", "sport/arsenal.txt", "-n", "1"],
    ));
    assert_eq!(lines(&limited), shown[..1]);
}

#[test]
fn similar_json_has_title_path_and_score_as_links_json_does() {
    let dir = topical_library();
    let found = json_of(&run_on(
        dir.path(),
        &["similar", "politics/budget.txt", "--json"],
    ));
    let found = found.as_array().expect("an array");
    assert_eq!(found[0]["title"], "Prime Minister Calls an Election");
    assert_eq!(found[0]["path"], "politics/election.txt");
    for story in found {
        let keys: Vec<&String> = story.as_object().expect("an object").keys().collect();
        assert_eq!(keys, ["path", "score", "title"]);
        assert!(story["score"].as_f64().expect("a number") > 0.0);
    }
    let links = json_of(&run_on(
        dir.path(),
        &["links", "politics/budget.txt", "--json"],
    ));
    assert_eq!(
        links["similar"].as_array(),
        Some(&found[..found.len().min(5)].to_vec())
    );
}

#[test]
fn similar_to_an_unknown_title_fails_naming_the_closest() {
    let dir = topical_library();
    let line = one_error_line(&run_on(dir.path(), &["similar", "Arsenal Win"]), 1);
    assert!(
        line.contains("closest: \"Arsenal Win the Derby\""),
        "{line}"
    );
}

/// The metadata cache files below the sandbox's home folder.
fn cache_files(sandbox: &Sandbox) -> Vec<PathBuf> {
    let cache = sandbox.dir.path().join("home/.cache/readmore");
    let Ok(folders) = fs::read_dir(cache) else {
        return Vec::new();
    };
    folders
        .map(|folder| folder.unwrap().path().join("library-v1"))
        .filter(|file| file.exists())
        .collect()
}

/// `check` on the fixtures, with `extra` arguments.
fn check_args(extra: &[&str]) -> Vec<std::ffi::OsString> {
    let mut args = vec![
        "check".into(),
        "--articles".into(),
        fixtures().into_os_string(),
    ];
    args.extend(extra.iter().map(Into::into));
    args
}

/// `check`'s text with its timings line cut to the counts of files parsed and cached.
fn check_counts(out: &Output) -> (Vec<String>, String) {
    let text = stdout(out);
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let timings = lines.pop().expect("a timings line");
    let (_, counts) = timings.split_once("; ").expect("the files counted");
    (lines, counts.to_owned())
}

#[test]
fn check_reads_every_file_once_then_takes_them_from_the_cache() {
    let sandbox = Sandbox::new();
    let args = check_args(&[]);
    let first = sandbox.run(&args);
    let (report, counts) = check_counts(&first);
    assert_eq!(counts, "files parsed 5, from the cache 0");
    assert_eq!(
        cache_files(&sandbox).len(),
        1,
        "the cache is in $HOME/.cache/readmore"
    );
    let second = sandbox.run(&args);
    assert_eq!(first.status.code(), second.status.code());
    assert_eq!(
        check_counts(&second),
        (report, "files parsed 0, from the cache 5".to_owned())
    );
    assert_eq!(stderr(&second), "");
}

#[test]
fn no_cache_neither_reads_nor_writes_the_cache() {
    let sandbox = Sandbox::new();
    let out = sandbox.run(&check_args(&["--no-cache"]));
    assert_eq!(check_counts(&out).1, "files parsed 5, from the cache 0");
    assert!(cache_files(&sandbox).is_empty(), "nothing written");
    sandbox.run(&check_args(&[]));
    let file = &cache_files(&sandbox)[0];
    fs::write(file, "garbage").unwrap();
    let out = sandbox.run(&check_args(&["--no-cache"]));
    assert!(!stdout(&out).contains("metadata cache"), "{}", stdout(&out));
    assert_eq!(
        fs::read(file).unwrap(),
        b"garbage",
        "nothing read or replaced"
    );
}

#[test]
fn a_corrupt_cache_is_a_warning_and_the_report_is_the_same() {
    let sandbox = Sandbox::new();
    let args = check_args(&[]);
    let (report, _) = check_counts(&sandbox.run(&args));
    let file = &cache_files(&sandbox)[0];
    fs::write(file, b"readmore\x01\x00\x00\x00\x1b[2J\x1b]0;owned\x07").unwrap();
    let out = sandbox.run(&args);
    let (mut damaged, counts) = check_counts(&out);
    assert_eq!(counts, "files parsed 5, from the cache 0");
    let at = damaged
        .iter()
        .position(|line| line.contains("metadata cache not used"))
        .unwrap_or_else(|| panic!("a warning: {damaged:?}"));
    let warning = damaged.remove(at);
    assert!(
        warning.ends_with("library-v1: metadata cache not used: it is truncated; it is made again"),
        "{warning}"
    );
    assert!(!stdout(&out).contains('\u{1b}'));
    let warnings = |lines: &mut Vec<String>| {
        let at = lines
            .iter()
            .position(|line| line.starts_with("warnings: "))
            .unwrap();
        lines.remove(at)
    };
    assert_eq!(warnings(&mut damaged), "warnings: 1");
    let mut report = report;
    assert_eq!(warnings(&mut report), "warnings: 0");
    assert_eq!(damaged, report, "the same library");
    let (_, counts) = check_counts(&sandbox.run(&args));
    assert_eq!(counts, "files parsed 0, from the cache 5", "made again");
}

/// Runs `args` in `sandbox`, failing (not hanging) if it has not ended within a minute: a
/// guard against a hang, not a speed target.
fn run_guarded(sandbox: &Sandbox, args: &[std::ffi::OsString]) -> Output {
    let child = sandbox
        .command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let id = child.id();
    let (done, answer) = std::sync::mpsc::channel();
    std::thread::spawn(move || done.send(child.wait_with_output()));
    match answer.recv_timeout(std::time::Duration::from_secs(60)) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            Command::new("kill")
                .args(["-9", &id.to_string()])
                .status()
                .unwrap();
            panic!("readmore {args:?} hung");
        }
    }
}

/// Puts a link to `/dev/zero` at `file`, in place of what is there.
fn plant_zero(file: &Path) {
    fs::remove_file(file).unwrap();
    std::os::unix::fs::symlink("/dev/zero", file).unwrap();
}

/// Puts a FIFO at `file`, in place of what is there.
fn plant_fifo(file: &Path) {
    fs::remove_file(file).unwrap();
    assert!(Command::new("mkfifo").arg(file).status().unwrap().success());
}

#[test]
fn fifos_and_devices_planted_in_the_cache_are_rebuilt_not_waited_on() {
    let sandbox = Sandbox::new();
    let check = check_args(&[]);
    let mut search: Vec<std::ffi::OsString> = vec!["search".into(), "bridge".into()];
    search.extend(["--articles".into(), fixtures().into_os_string()]);
    let (report, _) = check_counts(&sandbox.run(&check));
    let found = success(&sandbox.run(&search));
    let file = cache_files(&sandbox).remove(0);
    let meta = file.with_file_name("fulltext-v1").join("meta.json");
    assert!(meta.is_file(), "the full-text index is next to the cache");
    for (planted, plant) in [
        ("a FIFO", plant_fifo as fn(&Path)),
        ("a link to /dev/zero", plant_zero),
    ] {
        plant(&file);
        plant(&meta);
        let out = run_guarded(&sandbox, &check);
        let (lines, counts) = check_counts(&out);
        assert_eq!(counts, "files parsed 5, from the cache 0", "{planted}");
        let warning = lines
            .iter()
            .find(|line| line.contains("metadata cache not used"));
        assert!(
            warning.is_some_and(|line| line.contains("not a regular file")),
            "{planted}: {lines:?} (was {report:?})"
        );
        assert!(
            fs::metadata(&file).unwrap().is_file(),
            "{planted}: made again"
        );
        let out = run_guarded(&sandbox, &search);
        assert_eq!(out.status.code(), Some(0), "{planted}");
        assert_eq!(stdout(&out), found, "{planted}");
        assert!(
            stderr(&out).contains("meta.json: not a regular file")
                && stderr(&out).ends_with("rebuilt it\n"),
            "{planted}: {}",
            stderr(&out)
        );
        assert!(
            fs::symlink_metadata(&meta).unwrap().is_file(),
            "{planted}: rebuilt"
        );
    }
}
