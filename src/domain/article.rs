//! The article model and its parser.
//!
//! An article file is plain text: the first non-blank line is the title, every later non-blank
//! line is a paragraph, and a line starting with `Read More:` (any case) names another story.
//! A fetched or saved story carries where it came from in header lines right after the title
//! (`Source: URL`, `Published: RFC 3339 date`, `Feed: title URL`, any case, any order): they
//! make the article's [`Origin`], not paragraphs, so any editor shows them and a moved folder
//! still knows each story's source.
//! Parsing never fails on content: bytes that are not UTF-8 are decoded as the encoding they
//! most likely are ([`decode`]), escapes are stripped; the only reason to reject a file is that
//! it has no title (or one made only of invisible characters).

mod decode;
pub mod stream;

pub use decode::{DecodeNote, Decoding, Reason};

use crate::domain::sanitize::{is_invisible, sanitize, strip_invisible};

/// The prefix that turns a line into a link, compared without regard to ASCII case.
const LINK_PREFIX: &str = "read more:";

/// Header prefixes, compared without regard to ASCII case.
const SOURCE_PREFIX: &str = "source:";
const PUBLISHED_PREFIX: &str = "published:";
const FEED_PREFIX: &str = "feed:";

/// One piece of an article body, in the order it appeared in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph of text.
    Paragraph(String),
    /// A `Read More:` line; the text is the title it names, as written.
    Link(String),
}

/// A parsed article, already sanitised: every string in it is safe to print.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Article {
    pub title: String,
    pub blocks: Vec<Block>,
    /// Where a fetched or saved story came from; empty for any other article.
    pub origin: Origin,
}

/// The header lines of a fetched or saved story, as written (sanitised).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// The `Source:` line: the URL of the page the story was taken from.
    pub source: Option<String>,
    /// The `Published:` line: the publication date, RFC 3339 as fetch writes it.
    pub published: Option<String>,
    /// The `Feed:` line: the feed's title, then its URL as the last word.
    pub feed: Option<FeedLine>,
}

/// A `Feed: <title> <url>` line split into its parts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedLine {
    pub title: String,
    pub url: String,
}

impl Origin {
    /// Whether the article has no header line at all.
    pub fn is_empty(&self) -> bool {
        self.source.is_none() && self.published.is_none() && self.feed.is_none()
    }

    /// Takes `line` into the header when it is one of its lines not yet seen; false otherwise,
    /// which ends the header (a second `Source:` line is text).
    fn take(&mut self, line: &str) -> bool {
        if let Some(value) = after_prefix(line, SOURCE_PREFIX).filter(|_| self.source.is_none()) {
            self.source = Some(value.to_owned());
        } else if let Some(value) =
            after_prefix(line, PUBLISHED_PREFIX).filter(|_| self.published.is_none())
        {
            self.published = Some(value.to_owned());
        } else if let Some(value) = after_prefix(line, FEED_PREFIX).filter(|_| self.feed.is_none())
        {
            let (title, url) = match value.rsplit_once(char::is_whitespace) {
                Some((title, url)) if url.contains("://") => (title.trim(), url),
                _ if value.contains("://") && !value.contains(char::is_whitespace) => ("", value),
                _ => (value, ""),
            };
            self.feed = Some(FeedLine {
                title: title.to_owned(),
                url: url.to_owned(),
            });
        } else {
            return false;
        }
        true
    }
}

/// The trimmed text after `prefix` (ASCII, any case) at the start of `line`, when not empty.
fn after_prefix<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    let head = line.as_bytes().get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix.as_bytes()) {
        return None;
    }
    // The prefix is ASCII, so its length is a char boundary.
    Some(line[prefix.len()..].trim()).filter(|value| !value.is_empty())
}

impl Article {
    /// The link targets in reading order; the n-th item is the n-th `Block::Link`.
    pub fn links(&self) -> impl Iterator<Item = &str> {
        self.blocks.iter().filter_map(|block| match block {
            Block::Link(target) => Some(target.as_str()),
            Block::Paragraph(_) => None,
        })
    }
}

/// Why a file's bytes did not make an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("no title")]
    NoTitle,
    #[error("title has only invisible characters")]
    InvisibleTitle,
}

/// The result of parsing: the article and, when the bytes were not valid UTF-8, how they were
/// read, so the library can warn about the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub article: Article,
    pub decoded: Option<DecodeNote>,
}

/// Parses an article file's bytes, guessing the encoding of any that are not UTF-8.
pub fn parse(bytes: &[u8]) -> Result<Parsed, ParseError> {
    parse_with(bytes, Decoding::Auto)
}

/// Parses an article file's bytes, reading any that are not UTF-8 as `decoding` says.
pub fn parse_with(bytes: &[u8], decoding: Decoding) -> Result<Parsed, ParseError> {
    let (text, decoded) = decode::decode(bytes, decoding);
    let mut parser = LineParser::default();
    let mut title = None;
    let mut blocks = Vec::new();
    for line in text.split('\n') {
        match parser.feed(line)? {
            Some(Piece::Title(text)) => title = Some(text),
            Some(Piece::Block(block)) => blocks.push(block),
            None => {}
        }
    }
    let title = title.ok_or(ParseError::NoTitle)?;
    // A library holds many articles for a long time: no growth slack.
    blocks.shrink_to_fit();
    Ok(Parsed {
        article: Article {
            title,
            blocks,
            origin: parser.origin,
        },
        decoded,
    })
}

/// What one line of an article file turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Title(String),
    Block(Block),
}

/// The parser of an article, fed one line (without its line break) at a time: the same rules
/// whether the whole file was read ([`parse_with`]) or it is read a piece at a time
/// ([`stream`]). Header lines go into [`LineParser::origin`].
#[derive(Debug, Default)]
pub struct LineParser {
    stage: Stage,
    pub origin: Origin,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Stage {
    #[default]
    Title,
    Header,
    Body,
}

impl LineParser {
    /// A parser for lines taken from the middle of a body: every line is a block.
    pub fn in_body() -> Self {
        Self {
            stage: Stage::Body,
            origin: Origin::default(),
        }
    }

    /// Whether the title has been seen.
    pub fn has_title(&self) -> bool {
        self.stage != Stage::Title
    }

    /// Takes one line: the title, a block, or nothing (a blank or header line).
    pub fn feed(&mut self, line: &str) -> Result<Option<Piece>, ParseError> {
        let Some(clean) = clean_line(line) else {
            return Ok(None);
        };
        Ok(match self.stage {
            Stage::Title => {
                self.stage = Stage::Header;
                Some(Piece::Title(visible_title(clean)?))
            }
            Stage::Header if self.origin.take(&clean) => None,
            Stage::Header | Stage::Body => {
                self.stage = Stage::Body;
                Some(Piece::Block(classify(clean)))
            }
        })
    }
}

/// `line` trimmed and sanitised, or `None` when nothing visible is left.
fn clean_line(line: &str) -> Option<String> {
    let line = line.trim();
    if line.is_empty() {
        return None;
    }
    // Sanitising can expose spaces (a tab, text around a removed escape): trim again.
    let clean = sanitize(line);
    match clean.trim() {
        "" => None,
        trimmed if trimmed.len() == clean.len() => Some(clean),
        trimmed => Some(trimmed.to_owned()),
    }
}

/// The title without invisible characters, which would let it pass for another one, or show
/// as a blank row.
fn visible_title(title: String) -> Result<String, ParseError> {
    if !title.contains(is_invisible) {
        return Ok(title);
    }
    let visible = strip_invisible(&title).trim().to_owned();
    if visible.is_empty() {
        return Err(ParseError::InvisibleTitle);
    }
    Ok(visible)
}

/// Turns a trimmed, non-empty body line into a link or a paragraph.
fn classify(line: String) -> Block {
    match after_prefix(&line, LINK_PREFIX) {
        Some(target) => Block::Link(target.to_owned()),
        None => Block::Paragraph(line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(text: &str) -> Article {
        parse(text.as_bytes()).expect("parses").article
    }

    fn para(text: &str) -> Block {
        Block::Paragraph(text.to_owned())
    }

    fn link(text: &str) -> Block {
        Block::Link(text.to_owned())
    }

    #[test]
    fn first_non_blank_line_is_the_title_and_the_rest_are_paragraphs() {
        let a = article("\n\n   Title here  \n\nFirst para.\n  \nSecond para.  \n");
        assert_eq!(a.title, "Title here");
        assert_eq!(a.blocks, vec![para("First para."), para("Second para.")]);
    }

    #[test]
    fn read_more_lines_are_links_in_place_in_any_case() {
        let a = article(
            "T\nOne.\nRead More: Other story\nTwo.\nREAD MORE:Loud\n  read more:   quiet  \nThree.",
        );
        assert_eq!(
            a.blocks,
            vec![
                para("One."),
                link("Other story"),
                para("Two."),
                link("Loud"),
                link("quiet"),
                para("Three.")
            ]
        );
        assert_eq!(
            a.links().collect::<Vec<_>>(),
            ["Other story", "Loud", "quiet"]
        );
    }

    #[test]
    fn header_lines_after_the_title_are_the_origin_not_paragraphs() {
        let a = article(
            "T\nsource: https://ex.com/a\nPUBLISHED: 2024-01-02T03:04:05Z\n\
             Feed: The Daily News https://ex.com/feed.xml\nBody.\nSource: not a header",
        );
        assert_eq!(a.origin.source.as_deref(), Some("https://ex.com/a"));
        assert_eq!(a.origin.published.as_deref(), Some("2024-01-02T03:04:05Z"));
        let feed = a.origin.feed.expect("feed line");
        assert_eq!(
            (feed.title.as_str(), feed.url.as_str()),
            ("The Daily News", "https://ex.com/feed.xml")
        );
        assert_eq!(a.blocks, vec![para("Body."), para("Source: not a header")]);
    }

    #[test]
    fn header_lines_after_a_paragraph_or_repeated_are_text() {
        let a = article("T\nIntro.\nSource: Reuters\n");
        assert!(a.origin.is_empty());
        assert_eq!(a.blocks, vec![para("Intro."), para("Source: Reuters")]);
        let a = article("T\nSource: a\nSource: b\nFeed: Only a title\n");
        assert_eq!(a.origin.source.as_deref(), Some("a"));
        assert_eq!(
            a.blocks,
            vec![para("Source: b"), para("Feed: Only a title")]
        );
    }

    #[test]
    fn read_more_mid_line_or_without_target_is_text() {
        let a = article(
            "T\nTo read more: see the archive.\nRead More:\nRead More:   \nRead more about it",
        );
        assert_eq!(
            a.blocks,
            vec![
                para("To read more: see the archive."),
                para("Read More:"),
                para("Read More:"),
                para("Read more about it"),
            ]
        );
    }

    #[test]
    fn bom_is_dropped_and_crlf_is_a_line_end() {
        let a = article("\u{feff}Title\r\nPara one\r\n\r\nRead More: X\r\n");
        assert_eq!(a.title, "Title");
        assert_eq!(a.blocks, vec![para("Para one"), link("X")]);
    }

    #[test]
    fn bytes_that_are_not_utf8_are_decoded_as_configured() {
        let bytes = b"Title\nok line\nbad \x92 quote\n";
        let parsed = parse_with(bytes, Decoding::Utf8).expect("parses");
        assert_eq!(parsed.article.blocks[1], para("bad \u{fffd} quote"));
        assert_eq!(parsed.decoded, Some(DecodeNote::InvalidUtf8 { at: (3, 5) }));
        let parsed = parse(b"Title\nok line\nbad \x92 quote \x93here\x94\n").expect("parses");
        assert_eq!(
            parsed.article.blocks[1],
            para("bad \u{2019} quote \u{201c}here\u{201d}")
        );
        assert!(matches!(parsed.decoded, Some(DecodeNote::Legacy { .. })));
        let parsed = parse(bytes).expect("parses");
        assert_eq!(parsed.article.blocks[1], para("bad  quote"));
        assert!(matches!(
            parsed.decoded,
            Some(DecodeNote::StrayBytes { .. })
        ));
        assert_eq!(parse(b"Fine").unwrap().decoded, None);
    }

    #[test]
    fn decoded_text_is_sanitised_too() {
        // ISO-8859-2 maps 0x80-0x9f to C1 controls: 0x9b is CSI, 0x85 NEL; ESC is ESC anywhere.
        let latin2 = Decoding::from_label("iso-8859-2").unwrap();
        let bytes = b"Caf\xe9 \x1b[2Jnews\nA \x9b31m \x85 \xa3 line";
        let parsed = parse_with(bytes, latin2).expect("parses");
        assert_eq!(parsed.article.title, "Café news");
        assert_eq!(
            parsed.article.blocks,
            vec![para("A   Ł line")],
            "the CSI sequence goes whole"
        );
    }

    #[test]
    fn a_file_without_a_title_is_rejected() {
        assert_eq!(parse(b""), Err(ParseError::NoTitle));
        assert_eq!(parse(b"  \n\t\r\n \n"), Err(ParseError::NoTitle));
        assert_eq!(parse(b"\x1b[2J\n\x07"), Err(ParseError::NoTitle));
    }

    #[test]
    fn zero_width_characters_leave_titles_and_an_invisible_title_is_rejected() {
        let a = article("\u{feff}Harbour\u{200b}ton \u{2060}Opens\u{200d}\nbody \u{200b}kept");
        assert_eq!(a.title, "Harbourton Opens");
        assert_eq!(a.blocks, vec![para("body \u{200b}kept")]);
        assert_eq!(article("\u{200c} Title \u{feff}").title, "Title");
        assert_eq!(
            parse("\u{200b}\u{200c}\u{200d}\u{2060}\u{feff}\nbody".as_bytes()),
            Err(ParseError::InvisibleTitle)
        );
    }

    #[test]
    fn text_is_sanitised_at_parse_time() {
        let a = article(
            "Evil \u{1b}]0;pwned\u{7}title\nA\tb \u{1b}[31mred\u{1b}[0m\nRead More: \u{1b}[1mX",
        );
        assert_eq!(a.title, "Evil title");
        assert_eq!(a.blocks, vec![para("A    b red"), link("X")]);
    }

    #[test]
    fn a_link_prefix_needs_ascii_letters() {
        // Multi-byte text right where the prefix would be must not panic on slicing.
        let a = article("T\nRead Moré: x\nRéad more: y\n日本語日本語日本語");
        assert_eq!(a.links().count(), 0);
    }

    mod properties {
        use crate::domain::article::*;
        use proptest::prelude::*;

        fn assert_printable(text: &str) -> Result<(), TestCaseError> {
            prop_assert!(
                !text.chars().any(crate::domain::sanitize::is_unsafe),
                "unsafe character in {:?}",
                text
            );
            prop_assert_eq!(text.trim(), text, "text is trimmed");
            prop_assert!(!text.is_empty());
            Ok(())
        }

        /// Bytes biased towards what breaks parsers: escapes, controls, CR/LF, the link prefix.
        fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
            let piece = prop_oneof![
                any::<u8>().prop_map(|b| vec![b]),
                Just(b"\x1b[".to_vec()),
                Just(b"\x1b]".to_vec()),
                Just(b"\x07".to_vec()),
                Just(b"\r\n".to_vec()),
                Just(b"\n".to_vec()),
                Just(b"Read More:".to_vec()),
                Just("\u{9b}\u{202e}\u{feff}".as_bytes().to_vec()),
                "[a-z ]{0,8}".prop_map(String::into_bytes),
            ];
            proptest::collection::vec(piece, 0..64).prop_map(|pieces| pieces.concat())
        }

        proptest! {
            #[test]
            fn parsing_any_bytes_never_panics_nor_yields_control_characters(bytes in hostile_bytes()) {
                if let Ok(parsed) = parse(&bytes) {
                    assert_printable(&parsed.article.title)?;
                    for block in &parsed.article.blocks {
                        match block {
                            Block::Paragraph(text) | Block::Link(text) => assert_printable(text)?,
                        }
                    }
                }
            }

            #[test]
            fn arbitrary_bytes_too(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
                if let Ok(parsed) = parse(&bytes) {
                    assert_printable(&parsed.article.title)?;
                }
            }

            #[test]
            fn every_decoding_yields_printable_text(
                bytes in hostile_bytes(),
                label in prop::sample::select(
                    &["auto", "utf-8", "shift_jis", "utf-16be", "iso-8859-2", "gbk"][..],
                ),
            ) {
                let decoding = Decoding::from_label(label).expect("a known label");
                if let Ok(parsed) = parse_with(&bytes, decoding) {
                    assert_printable(&parsed.article.title)?;
                    for block in &parsed.article.blocks {
                        match block {
                            Block::Paragraph(text) | Block::Link(text) => assert_printable(text)?,
                        }
                    }
                }
            }
        }
    }
}
