//! Extraction on pages written for these tests (tests/fixtures/pages/), each modelled on a
//! kind of site: what must come through is the article's own text, what must stay out is the
//! site around it.

use super::{ExtractError, extract};

struct Page {
    file: &'static str,
    title: &'static str,
    keep: &'static [&'static str],
    drop: &'static [&'static str],
}

const PAGES: &[Page] = &[
    Page {
        file: "newspaper.html",
        title: "Harbour bridge reopens after two years of repairs",
        keep: &[
            "reopened to traffic on Sunday morning",
            "Today my bread arrives warm again",
            "all twenty-four main cables",
            "Bridge closed without warning after corrosion found",
            "temporary ferry between the two banks",
        ],
        drop: &[
            "Accept all cookies",
            "Subscribe from 1 a week",
            "Mayor defends budget cuts",
            "nobody told us anything",
            "All rights reserved",
            "morning briefing",
            "Advertisement",
        ],
    },
    Page {
        file: "blog.html",
        title: "Why I moved my notes to plain text",
        keep: &[
            "eight years my notes lived",
            "four thousand of them",
            "One file per note",
            "still be able to read in thirty years",
            "worth an evening to try",
        ],
        drop: &[
            "Notes on tools, walking and bread",
            "Blogroll",
            "Share on Mastodon",
            "Powered by a static site generator",
        ],
    },
    Page {
        file: "wire.html",
        title: "Central bank holds rates steady, signals cut next year",
        keep: &[
            "left its main interest rate unchanged",
            "Inflation fell to 2.1 percent",
            "disinflation process is well on track",
            "two-year yield down six basis points",
            "cut its growth forecast",
        ],
        drop: &[
            "EUR/USD",
            "Stocks edge up before rate call",
            "Retire early",
            "All quotes delayed",
            "Sign in",
        ],
    },
    Page {
        file: "related.html",
        title: "Night trains return to the northern line",
        keep: &[
            "Sleeper trains will run again",
            "dining car that stays open",
            "sixty jobs",
            "the rail budget agreed in the autumn",
        ],
        drop: &[
            "Coast line to be electrified",
            "Ticket prices rise",
            "Listen to our podcast",
            "Timetables",
        ],
    },
];

fn page(file: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pages")
        .join(file);
    std::fs::read_to_string(path).unwrap()
}

fn url() -> url::Url {
    url::Url::parse("https://site.example/news/2026/story").unwrap()
}

#[test]
fn each_kind_of_page_gives_its_article_and_leaves_the_site_out() {
    for case in PAGES {
        let extracted = extract(&page(case.file), &url()).unwrap();
        assert_eq!(
            extracted.title.as_deref(),
            Some(case.title),
            "{}",
            case.file
        );
        for text in case.keep {
            assert!(
                extracted.html.contains(text),
                "{}: lost {text:?}",
                case.file
            );
        }
        for text in case.drop {
            assert!(
                !extracted.html.contains(text),
                "{}: kept {text:?}",
                case.file
            );
        }
        for tag in ["<script", "<style", "<form", "<button", "<nav"] {
            assert!(!extracted.html.contains(tag), "{}: kept {tag}", case.file);
        }
    }
}

#[test]
fn links_in_the_article_are_kept_and_made_absolute() {
    let extracted = extract(&page("related.html"), &url()).unwrap();
    assert!(
        extracted
            .html
            .contains("href=\"https://site.example/news/2026/rail-budget\""),
        "{}",
        extracted.html
    );
}

#[test]
fn related_reading_dropped_with_the_boxes_is_offered_separately() {
    let extracted = extract(&page("related.html"), &url()).unwrap();
    let related: Vec<_> = extracted
        .related
        .iter()
        .map(|link| (link.url.as_str(), link.text.as_str()))
        .collect();
    assert_eq!(
        related,
        [
            (
                "https://railtoday.example/news/2025/sleeper-carriages-bought",
                "Operator buys forty sleeper carriages from a closed line abroad"
            ),
            (
                "https://site.example/news/2026/coast-line-electrified",
                "Coast line to be electrified by 2030"
            ),
            (
                "https://site.example/news/2026/ticket-prices",
                "Ticket prices rise by four percent"
            ),
            (
                "https://site.example/features/sleeper-history",
                "A short history of sleeper trains"
            ),
        ]
    );
    // A "Read more:" link the article kept is not offered twice; "most read" is not related.
    let newspaper = extract(&page("newspaper.html"), &url()).unwrap();
    assert!(newspaper.related.is_empty(), "{:?}", newspaper.related);
}

#[test]
fn a_page_without_an_article_is_an_error() {
    let html =
        "<html><head><title>Log in</title></head><body><form><input name=u></form></body></html>";
    assert_eq!(extract(html, &url()), Err(ExtractError::NoArticle));
    assert_eq!(extract("", &url()), Err(ExtractError::NoArticle));
}

#[test]
fn a_page_with_too_many_elements_is_refused() {
    let html = format!("<html><body>{}</body></html>", "<i>x</i>".repeat(250_000));
    assert!(matches!(extract(&html, &url()), Err(ExtractError::TooLarge(n)) if n > 200_000));
}

#[test]
fn control_characters_in_the_title_are_dropped() {
    let html = page("blog.html").replace(
        "<title>Why I moved my notes to plain text",
        "<title>Why I moved\u{1b}]0;pwned\u{7} my notes to plain text",
    );
    let extracted = extract(&html, &url()).unwrap();
    let title = extracted.title.unwrap();
    assert!(
        !title.contains('\u{1b}') && !title.contains('\u{7}'),
        "{title:?}"
    );
}
