//! `list`, `show` and `search` on the fixture: order, formats, widths and unknown titles.

use std::fs;

use serde_json::{Value, json};
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

use crate::{
    FIXTURE_PATHS, FIXTURE_TITLES, answer, json_answer, json_of, lines, one_error_line,
    run_fixture, run_on, stderr, success,
};

#[test]
fn list_prints_titles_in_path_order() {
    let out = run_fixture(&["list"]);
    assert_eq!(lines(&success(&out)), FIXTURE_TITLES);
}

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
