use super::*;
use crate::domain::article::parse;
use unicode_width::UnicodeWidthStr;

/// The first of `texts` wrapped to `width`, in a library of them all.
fn wrap_first(texts: &[&str], width: usize, naming: Targets) -> Wrapped {
    wrap_article(&library(texts), ArticleId::new(0), width, naming)
}

fn library(texts: &[&str]) -> Library {
    Library::from_articles(
        texts
            .iter()
            .enumerate()
            .map(|(i, text)| (format!("{i}.txt"), parse(text.as_bytes()).unwrap().article))
            .collect(),
    )
}

#[test]
fn lays_out_title_paragraphs_and_links_with_blank_lines_between() {
    let wrapped = wrap_first(
        &[
            "Title\nfirst paragraph here\nRead More: other\nRead More: gone",
            "Other",
        ],
        12,
        Targets::Always,
    );
    let texts: Vec<_> = wrapped.lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Title",
            "",
            "first",
            "paragraph",
            "here",
            "",
            "Read More:",
            "other →",
            "Other",
            "",
            "Read More:",
            "gone (not in",
            "library)"
        ]
    );
    assert_eq!(wrapped.link_lines, [DisplayLine(6), DisplayLine(10)]);
    assert_eq!(wrapped.lines[7].kind, LineKind::Link(LinkIndex(0)));
    assert_eq!(wrapped.lines[12].kind, LineKind::Link(LinkIndex(1)));
}

#[test]
fn the_reader_names_a_target_only_when_the_link_text_differs() {
    let wrapped = wrap_first(
        &[
            "T\nRead More: Other’s\nRead More: OTHER'S\nRead More: other’s!\nRead More: Gone",
            "Other’s",
        ],
        80,
        Targets::WhenDifferent,
    );
    let links: Vec<_> = wrapped
        .link_lines
        .iter()
        .map(|&line| wrapped.line(line).unwrap().text.as_str())
        .collect();
    assert_eq!(
        links,
        [
            "Read More: Other’s",
            "Read More: OTHER'S",
            "Read More: other’s! → Other’s",
            "Read More: ✗\u{a0}Gone"
        ]
    );
}

#[test]
fn the_dangling_mark_stays_with_the_link_text_when_wrapped() {
    let lib = library(&["T\nRead More: Night Market Returns"]);
    for width in 12..40 {
        let wrapped = wrap_article(&lib, ArticleId::new(0), width, Targets::WhenDifferent);
        let mark = wrapped.lines.iter().find(|l| l.text.contains('✗')).unwrap();
        assert!(
            mark.text.contains("✗\u{a0}Night"),
            "{width}: {:?}",
            mark.text
        );
    }
}

#[test]
fn a_fetched_story_shows_its_date_feed_and_source_under_the_title() {
    let lib = library(&[
        "Title\nSource: https://ex.com/a\nPublished: 2024-01-02T03:04:05+02:00\n\
         Feed: The Daily News https://ex.com/feed.xml\nBody.",
    ]);
    let wrapped = wrap_article(&lib, ArticleId::new(0), 80, Targets::WhenDifferent);
    let lines: Vec<_> = (wrapped.lines.iter())
        .map(|l| (l.kind, l.text.as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            (LineKind::Title, "Title"),
            (LineKind::Origin, "2 Jan 2024, 01:04 UTC · The Daily News"),
            (LineKind::Origin, "Source: https://ex.com/a"),
            (LineKind::Blank, ""),
            (LineKind::Text, "Body."),
        ]
    );
}

#[test]
fn an_origin_is_shown_as_far_as_it_goes_and_a_plain_article_has_none() {
    let lib = library(&[
        "T\nPublished: last Tuesday\nFeed: https://ex.com/feed\nBody.",
        "T\nSource: https://ex.com/b\nBody.",
        "T\nBody.",
    ]);
    let origin = |id| {
        let wrapped = wrap_article(&lib, ArticleId::new(id), 80, Targets::Always);
        (wrapped.lines.into_iter())
            .filter(|line| line.kind == LineKind::Origin)
            .map(|line| line.text)
            .collect::<Vec<_>>()
    };
    assert_eq!(origin(0), ["last Tuesday · https://ex.com/feed"]);
    assert_eq!(origin(1), ["Source: https://ex.com/b"]);
    assert!(origin(2).is_empty());
}

#[test]
fn wide_characters_never_exceed_the_width() {
    let lib =
        library(&["日本語のタイトルです\n東京で会議が開かれました。多くの人が参加しました。"]);
    for width in 2..20 {
        for line in wrap_article(&lib, ArticleId::new(0), width, Targets::Always).lines {
            assert!(
                line.text.width() <= width,
                "{:?} wider than {width}",
                line.text
            );
        }
    }
}

#[test]
fn the_head_is_the_start_of_the_whole_layout_and_stops_early() {
    let paragraph = "word ".repeat(200_000);
    let text = format!("Title\n{paragraph}\nRead More: Other\nsecond paragraph");
    let lib = library(&[&text, "Other"]);
    let whole = wrap_article(&lib, ArticleId::new(0), 40, Targets::WhenDifferent);
    let head = wrap_head(&lib, ArticleId::new(0), 40, Targets::WhenDifferent, 30);
    assert!(head.lines.len() >= 30, "{} lines", head.lines.len());
    assert!(
        head.lines.len() < 100,
        "{} lines: not the whole",
        head.lines.len()
    );
    assert_eq!(head.lines[..30], whole.lines[..30]);
    assert!(head.link_lines.is_empty(), "the link lies beyond the head");
    let short = wrap_head(&lib, ArticleId::new(1), 40, Targets::WhenDifferent, 30);
    assert_eq!(
        short,
        wrap_article(&lib, ArticleId::new(1), 40, Targets::WhenDifferent)
    );
}
