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
mod tests;
