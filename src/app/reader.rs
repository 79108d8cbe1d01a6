//! The reading pane: the open article laid out for the pane's width, where it is scrolled to,
//! and the hits of the last search in it. The scroll changes only through the methods here,
//! and each of them hands back a [`Moved`], which the app must take to
//! `App::reader_moved`: the open article's marks (its reading position, read at the end)
//! and the selected link follow the view at the point where it moves.

use std::ops::Range;
use std::time::Duration;

use crate::app::action::Command;
use crate::app::component::{Component, Context, Outcome, Request};
use crate::domain::fulltext::{Query, hits_in};
use crate::domain::library::ArticleId;
use crate::domain::wrap::{DisplayLine, LineKind, LinkIndex, Wrapped};

/// The reader's view moved (scrolled, laid out again, another article): what follows the
/// view must be brought up to date.
#[must_use = "the reader moved: hand this to App::reader_moved, which keeps the marks and the selected link in step"]
#[derive(Debug)]
pub struct Moved(());

/// An article shown in the reader this long counts as read, as in a mail or feed reader.
pub const READ_AFTER: Duration = Duration::from_secs(3);

/// How long the open, unread article has been shown; dropped once it is marked, or when the
/// user marks it by hand (an article marked unread stays unread while it is shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadTimer {
    pub article: ArticleId,
    pub shown: Duration,
    /// Whether time counts: not for the article shown at start until the user presses a key,
    /// since a reader left open with nobody at the screen has read nothing.
    pub armed: bool,
}

/// One hit in the open article: bytes `range` of display line `line`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HitSpan {
    pub line: DisplayLine,
    pub range: Range<usize>,
}

/// The hits of the last search in the article (or full-text search) in the open article, for
/// highlighting and `n`/`N`.
#[derive(Debug, Clone, Default)]
pub struct TextHits {
    /// The query whose hits the reader highlights.
    pub query: Option<Query>,
    /// Every hit, in reading order.
    pub spans: Vec<HitSpan>,
    /// The hit `n`/`N` last went to (an index into `spans`), drawn apart from the others.
    pub cursor: Option<usize>,
}

impl TextHits {
    /// The hits on display line `line`, with their indexes into `spans`.
    pub fn on_line(&self, line: DisplayLine) -> impl Iterator<Item = (usize, &HitSpan)> {
        let start = self.spans.partition_point(|span| span.line < line);
        self.spans[start..]
            .iter()
            .take_while(move |span| span.line == line)
            .enumerate()
            .map(move |(n, span)| (start + n, span))
    }
}

/// The reading pane.
#[derive(Debug, Clone, Default)]
pub struct Reader {
    /// The open article, laid out for the pane's width.
    wrapped: Option<Wrapped>,
    /// The first display line shown.
    scroll: DisplayLine,
    pub hits: TextHits,
    /// A command moved the view, and the App has not taken its [`Moved`] yet.
    moved: bool,
}

impl Reader {
    /// The open article, laid out.
    pub fn wrapped(&self) -> Option<&Wrapped> {
        self.wrapped.as_ref()
    }

    /// The article in the pane.
    pub fn current(&self) -> Option<ArticleId> {
        self.wrapped.as_ref().map(|wrapped| wrapped.article)
    }

    /// The first display line shown.
    pub fn scroll(&self) -> DisplayLine {
        self.scroll
    }

    /// The largest useful scroll position in a pane of `height` lines.
    pub fn max_scroll(&self, height: usize) -> DisplayLine {
        DisplayLine(
            self.wrapped
                .as_ref()
                .map_or(0, |w| w.lines.len().saturating_sub(height)),
        )
    }

    /// The [`Moved`] of the move a command made, for the App to take.
    pub fn take_moved(&mut self) -> Option<Moved> {
        std::mem::take(&mut self.moved).then_some(Moved(()))
    }

    /// Whether the story's last line is in view in a pane of `height` lines (of a story read
    /// in windows, only in its last window), and there was something to scroll.
    pub fn at_end(&self, height: usize) -> bool {
        let max = self.max_scroll(height);
        let last_window = (self.wrapped.as_ref())
            .is_none_or(|wrapped| wrapped.window.as_ref().is_none_or(|window| window.at_end));
        max.0 > 0 && self.scroll >= max && last_window
    }

    /// Where the reader is, as the store keeps it: the article and a first line of so many
    /// (in a windowed story, the offset of the block on top, of the file's size).
    pub fn position(&self) -> Option<(ArticleId, usize, usize)> {
        let wrapped = self.wrapped.as_ref()?;
        let (scroll, lines) = match &wrapped.window {
            Some(window) => (window.offset_at(self.scroll) as usize, window.size as usize),
            None => (self.scroll.0, wrapped.lines.len()),
        };
        Some((wrapped.article, scroll, lines))
    }

    /// Shows `wrapped` (another article, or the same one laid out again), at `scroll`.
    pub fn show(&mut self, wrapped: Wrapped, scroll: DisplayLine, height: usize) -> Moved {
        self.wrapped = Some(wrapped);
        self.scroll_to(scroll, height)
    }

    /// Closes the article (a reload or a restored session puts one back, where it was
    /// read); the one that was open.
    pub fn close(&mut self) -> Option<Wrapped> {
        self.wrapped.take()
    }

    /// Scrolls to `line`, as far as the article goes in a pane of `height` lines.
    pub fn scroll_to(&mut self, line: DisplayLine, height: usize) -> Moved {
        self.scroll = line.min(self.max_scroll(height));
        Moved(())
    }

    /// Scrolls by `delta` lines; `None` when that does not move the view.
    pub fn scroll_by(&mut self, delta: isize, height: usize) -> Option<Moved> {
        let line = DisplayLine(self.scroll.0.saturating_add_signed(delta));
        let line = line.min(self.max_scroll(height));
        (line != self.scroll).then(|| self.scroll_to(line, height))
    }

    /// Scrolls so that `link` is fully in view.
    pub fn scroll_to_link(&mut self, link: LinkIndex, height: usize) -> Moved {
        let Some((start, end)) = self.link_lines(link) else {
            return Moved(());
        };
        let DisplayLine(mut scroll) = self.scroll;
        if start < scroll {
            scroll = start;
        } else if end > scroll + height {
            scroll = end.saturating_sub(height).min(start);
        }
        self.scroll_to(DisplayLine(scroll), height)
    }

    /// Whether any line of `link` is in view in a pane of `height` lines (a link the article
    /// does not show counts as in view: nothing hides it).
    pub fn shows_link(&self, link: LinkIndex, height: usize) -> bool {
        let Some((start, end)) = self.link_lines(link) else {
            return true;
        };
        let top = self.scroll.0;
        end > top && start < top + height
    }

    /// The display lines of `link`: its first, and the one after its last.
    fn link_lines(&self, link: LinkIndex) -> Option<(usize, usize)> {
        let wrapped = self.wrapped.as_ref()?;
        let DisplayLine(start) = wrapped.link_line(link)?;
        let end = wrapped.lines[start..]
            .iter()
            .take_while(|line| line.kind == LineKind::Link(link))
            .count()
            + start;
        Some((start, end))
    }

    /// The first link starting at or below display line `line`.
    pub fn first_link_from(&self, line: DisplayLine) -> Option<LinkIndex> {
        let wrapped = self.wrapped.as_ref()?;
        let index = wrapped.link_lines.iter().position(|&start| start >= line)?;
        Some(LinkIndex(index))
    }

    /// Every hit of the current query in the open article (links are not searched).
    pub fn find_hits(&mut self) {
        let hits = &mut self.hits;
        hits.spans.clear();
        hits.cursor = None;
        let (Some(query), Some(wrapped)) = (&hits.query, &self.wrapped) else {
            return;
        };
        hits.spans = wrapped
            .lines
            .iter()
            .enumerate()
            .filter(|(_, line)| !matches!(line.kind, LineKind::Link(_)))
            .flat_map(|(index, line)| {
                hits_in(&line.text, query)
                    .into_iter()
                    .map(move |range| HitSpan {
                        line: DisplayLine(index),
                        range,
                    })
            })
            .collect();
    }

    /// Makes hit `index` the current one and scrolls its line to the top of the pane, or as
    /// near as the end of the article allows, as less does.
    pub fn go_to_hit(&mut self, index: usize, height: usize) -> Moved {
        let line = self.hits.spans[index].line;
        self.hits.cursor = Some(index);
        self.scroll_to(line, height)
    }

    /// The hit on screen in a pane of `height` lines, first from the top, made the current
    /// one, so that `n` goes on from there.
    pub fn pick_hit_in_view(&mut self, height: usize) {
        let top = self.scroll;
        let hits = &mut self.hits;
        hits.cursor =
            (hits.spans.iter()).position(|span| top <= span.line && span.line.0 < top.0 + height);
    }
}

impl Component for Reader {
    /// Scrolls; the App takes the move ([`Reader::take_moved`]) when asked.
    fn handle(&mut self, command: Command, cx: &Context) -> Outcome {
        match command {
            Command::Move(motion) => {
                let delta = cx.rows(motion);
                match self.scroll_by(delta, cx.pane_height) {
                    Some(_moved) => {
                        self.moved = true;
                        Outcome::Request(Request::Scrolled)
                    }
                    None => Outcome::Handled,
                }
            }
            _ => Outcome::Ignored,
        }
    }
}
