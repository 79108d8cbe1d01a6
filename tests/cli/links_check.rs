//! `links` and `check` on the fixture.

use serde_json::{Value, json};

use crate::{answer, fixtures, json_answer, json_of, lines, run_fixture, success};

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
