//! An article laid out as display lines for one width.
//!
//! Both the reading pane and `readmore show` print an article the same way, so the layout lives
//! here, away from any UI. It is computed once per (article, width); the reader then only slices
//! the visible lines.

mod window;

pub use window::{Around, TextWindow, WINDOW_BYTES, wrap_window};

use std::num::NonZeroUsize;
use std::sync::Arc;

use crate::domain::article::{Article, Block, Origin};
use crate::domain::library::{ArticleId, Library, READ_WHOLE_MAX};
use crate::domain::normalize::same_but_case_and_quotes;

/// A link's number as the user sees it: the first `Read More` link is 1. The app's 0-based
/// positions are a different type, so the two can never be confused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LinkNumber(NonZeroUsize);

impl LinkNumber {
    /// Link `number`; `None` for 0, which no link has.
    pub const fn new(number: usize) -> Option<Self> {
        match NonZeroUsize::new(number) {
            Some(number) => Some(Self(number)),
            None => None,
        }
    }

    /// The number of the link at 0-based position `index`.
    pub const fn of_index(index: usize) -> Self {
        Self(NonZeroUsize::MIN.saturating_add(index))
    }

    /// The 1-based number.
    pub const fn get(self) -> usize {
        self.0.get()
    }

    /// The 0-based position of this link among the article's links.
    pub const fn index(self) -> usize {
        self.0.get() - 1
    }
}

impl std::fmt::Display for LinkNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The position of a `Read More` link among its article's links, from 0. The number the user
/// sees is a [`LinkNumber`], from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct LinkIndex(pub usize);

impl LinkIndex {
    pub fn number(self) -> LinkNumber {
        LinkNumber::of_index(self.0)
    }
}

impl From<LinkNumber> for LinkIndex {
    fn from(number: LinkNumber) -> Self {
        Self(number.index())
    }
}

/// A line of a wrapped article, from 0: what the reader scrolls by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct DisplayLine(pub usize);

/// What a display line belongs to, so the UI can style it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Title,
    /// Where a fetched or saved story came from: its date and feed, its source page.
    Origin,
    Text,
    /// Part of a `Read More` link of the article.
    Link(LinkIndex),
    Blank,
}

/// One display line of a wrapped article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedLine {
    pub kind: LineKind,
    pub text: String,
}

/// The wrapped article: its lines and, for each link, its first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrapped {
    pub article: ArticleId,
    pub width: usize,
    pub lines: Vec<WrappedLine>,
    /// Indexed by [`LinkIndex`].
    pub link_lines: Vec<DisplayLine>,
    /// The page a fetched or saved story came from (its `Source:` line), for the key that
    /// opens it in a browser.
    pub source: Option<String>,
    /// Of a story laid out a window at a time, where the window lies; `None` for a story laid
    /// out whole.
    pub window: Option<TextWindow>,
}

impl Wrapped {
    /// The first display line of `link`.
    pub fn link_line(&self, link: LinkIndex) -> Option<DisplayLine> {
        self.link_lines.get(link.0).copied()
    }

    /// Display line `line`, if the article is that long.
    pub fn line(&self, line: DisplayLine) -> Option<&WrappedLine> {
        self.lines.get(line.0)
    }
}

/// How a link names its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Targets {
    /// Always `→ <title>`, and `(not in library)` after a dangling link: plain text has no
    /// other way to say whether a link resolved.
    Always,
    /// The reader, which marks resolution by style: the title only when it differs from the
    /// link text by more than case and quote style, and a dangling link marked `✗` before
    /// its text, as the Related pane marks it.
    WhenDifferent,
}

/// Between the dangling mark and the link text: a no-break space, so that wrapping never
/// leaves the mark alone at the end of a line.
const MARK_GAP: char = '\u{a0}';

/// The text shown for a link: where it points, resolved or not.
fn link_label(library: &Library, text: &str, target: Option<ArticleId>, naming: Targets) -> String {
    match (target, naming) {
        (Some(id), _) => {
            let title = &library.get(id).title();
            if naming == Targets::WhenDifferent && same_but_case_and_quotes(title, text) {
                format!("Read More: {text}")
            } else {
                format!("Read More: {text} → {title}")
            }
        }
        (None, Targets::Always) => format!("Read More: {text} (not in library)"),
        (None, Targets::WhenDifferent) => format!("Read More: ✗{MARK_GAP}{text}"),
    }
}

/// Lays out article `id` for `width` display columns (at least 1): the title, a blank line,
/// then every block with a blank line between blocks.
pub fn wrap_article(library: &Library, id: ArticleId, width: usize, naming: Targets) -> Wrapped {
    lay_out(library, id, width, naming, None)
}

/// The first `lines` display lines (or a few more) of [`wrap_article`]'s layout, without
/// laying out the rest: what a huge article shows at once while the whole is laid out
/// elsewhere. Of a long paragraph only the first `lines` × `width` characters are wrapped, so
/// the cost does not grow with the article.
pub fn wrap_head(
    library: &Library,
    id: ArticleId,
    width: usize,
    naming: Targets,
    lines: usize,
) -> Wrapped {
    lay_out(library, id, width, naming, Some(lines))
}

fn lay_out(
    library: &Library,
    id: ArticleId,
    width: usize,
    naming: Targets,
    budget: Option<usize>,
) -> Wrapped {
    let width = width.max(1);
    let entry = library.get(id);
    let mut lines = Vec::new();
    let mut link_lines = Vec::new();
    push_wrapped(&mut lines, LineKind::Title, entry.title(), width);

    // A first screen reads no more of the story than it can show.
    let body = match budget {
        Some(lines) => library.body_head(id, lines.saturating_mul(width).saturating_mul(4)),
        None => library.body(id),
    };
    let article = match body {
        Ok(article) => article,
        Err(error) => {
            let text = format!("This article could not be read: {error}");
            lines.push(WrappedLine {
                kind: LineKind::Blank,
                text: String::new(),
            });
            push_wrapped(&mut lines, LineKind::Text, &text, width);
            Arc::new(Article::default())
        }
    };
    for line in origin_lines(&article.origin) {
        push_wrapped(&mut lines, LineKind::Origin, &line, width);
    }
    let mut targets = entry.targets().iter();
    for block in &article.blocks {
        let room = budget.map(|budget| budget.saturating_sub(lines.len()));
        if room == Some(0) {
            break;
        }
        lines.push(WrappedLine {
            kind: LineKind::Blank,
            text: String::new(),
        });
        match block {
            Block::Paragraph(text) => {
                let text = match room {
                    Some(room) => head(text, room.saturating_mul(width)),
                    None => text,
                };
                push_wrapped(&mut lines, LineKind::Text, text, width);
            }
            Block::Link(text) => {
                let index = LinkIndex(link_lines.len());
                link_lines.push(DisplayLine(lines.len()));
                let target = targets.next().copied().flatten();
                let label = link_label(library, text, target, naming);
                push_wrapped(&mut lines, LineKind::Link(index), &label, width);
            }
        }
    }
    Wrapped {
        article: id,
        width,
        lines,
        link_lines,
        source: article.origin.source.clone(),
        window: None,
    }
}

/// How much text [`write_article`] reads at a time from a large story.
const WRITE_WINDOW_BYTES: usize = 256 * 1024;

/// Writes article `id` laid out as [`wrap_article`] lays it out, one line per line; a story
/// larger than [`READ_WHOLE_MAX`] a window at a time, so that printing it holds a window, not
/// the story (its links resolved by their titles, as loading resolved them).
pub fn write_article(
    library: &Library,
    id: ArticleId,
    width: usize,
    naming: Targets,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut print = |lines: &[WrappedLine]| -> std::io::Result<()> {
        lines
            .iter()
            .try_for_each(|line| writeln!(out, "{}", line.text))
    };
    let large = library.get(id).size() > READ_WHOLE_MAX;
    let body = large.then(|| library.open_body(id)).and_then(Result::ok);
    let Some(body) = body else {
        return print(&wrap_article(library, id, width, naming).lines);
    };
    let width = width.max(1);
    let mut lines = Vec::new();
    push_wrapped(&mut lines, LineKind::Title, library.get(id).title(), width);
    for line in origin_lines(&body.origin().unwrap_or_default()) {
        push_wrapped(&mut lines, LineKind::Origin, &line, width);
    }
    let mut from = 0;
    while from < body.size() {
        let window = body
            .window(from, WRITE_WINDOW_BYTES)
            .map_err(std::io::Error::other)?;
        for (_, block) in &window.blocks {
            lines.push(WrappedLine {
                kind: LineKind::Blank,
                text: String::new(),
            });
            match block {
                Block::Paragraph(text) => push_wrapped(&mut lines, LineKind::Text, text, width),
                Block::Link(text) => {
                    let label = link_label(library, text, library.find(text), naming);
                    push_wrapped(&mut lines, LineKind::Text, &label, width);
                }
            }
        }
        print(&lines)?;
        lines.clear();
        from = window.end;
    }
    print(&lines)
}

/// The lines under a fetched or saved story's title: when it was published and in which feed,
/// then its source page. None for any other article. The parser has sanitised every part.
fn origin_lines(origin: &Origin) -> Vec<String> {
    let date = origin.published.as_deref().map(published_label);
    let feed = (origin.feed.as_ref()).map(|feed| match feed.title.as_str() {
        "" => feed.url.clone(),
        title => title.to_owned(),
    });
    let first = [date, feed]
        .into_iter()
        .flatten()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
    let source = origin.source.as_ref().map(|url| format!("Source: {url}"));
    [(!first.is_empty()).then_some(first), source]
        .into_iter()
        .flatten()
        .collect()
}

/// A `Published:` date as a reader says it, in UTC to the minute (`2 Jan 2024, 03:04 UTC`);
/// a date that is not RFC 3339 (a hand-written line) as written.
fn published_label(published: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(published) {
        Ok(date) => date
            .with_timezone(&chrono::Utc)
            .format("%-d %b %Y, %H:%M UTC")
            .to_string(),
        Err(_) => published.to_owned(),
    }
}

/// The first `chars` characters of `text`.
fn head(text: &str, chars: usize) -> &str {
    text.char_indices()
        .nth(chars)
        .map_or(text, |(at, _)| &text[..at])
}

fn push_wrapped(lines: &mut Vec<WrappedLine>, kind: LineKind, text: &str, width: usize) {
    let options = textwrap::Options::new(width).break_words(true);
    lines.extend(
        textwrap::wrap(text, options)
            .into_iter()
            .map(|part| WrappedLine {
                kind,
                text: part.into_owned(),
            }),
    );
}

#[cfg(test)]
mod tests;
