//! Searching inside the open article, as `/` in less: hits highlighted as you type, the
//! reader moved to the first one below where it was, `n`/`N` to step, "hit 3 of 9". The
//! full-text search leaves its hits here too, so `n`/`N` work the same after it.

use super::find_line::FindLine;
use super::overlays::Overlay;
use super::state::App;
use crate::domain::fulltext::{Query, parse_query};
use crate::domain::sanitize::one_line;
use crate::domain::wrap::DisplayLine;

impl App {
    /// `/` in the reader: the search line, holding the last pattern found (selected: enter
    /// looks for it again, typing replaces it), or empty.
    pub(super) fn open_find(&mut self) {
        if self.current().is_none() {
            return;
        }
        let last = self.last_find.clone();
        self.overlays.push(Overlay::Find(FindLine {
            reopened: last.is_some(),
            query: last.clone().unwrap_or_default(),
            from: self.reader.scroll(),
        }));
        self.reader.hits.query = last.as_deref().and_then(find_query);
        self.reader.find_hits();
    }

    /// The query changed (and was `cut` to its longest): highlight its hits and show the
    /// first at or below where the search started.
    pub(super) fn find_edited(&mut self, cut: bool) {
        if cut {
            self.message = Some(super::search::cut_message());
        }
        let Some(find) = self.overlays.find() else {
            return;
        };
        let from = find.from;
        self.reader.hits.query = find_query(&find.query);
        self.reader.find_hits();
        let spans = &self.reader.hits.spans;
        let index = spans
            .iter()
            .position(|span| span.line >= from)
            .or((!spans.is_empty()).then_some(0));
        let height = self.reader_height();
        let moved = match index {
            Some(index) => self.reader.go_to_hit(index, height),
            None => self.reader.scroll_to(from, height),
        };
        self.reader_moved(moved);
    }

    /// Esc: back where the search started, with the last pattern found (if any) highlighted
    /// again for `n`/`N`.
    pub(super) fn cancel_find(&mut self) {
        if let Some(find) = self.overlays.take_find() {
            self.restore_last_find(find.from);
        }
    }

    /// Back at display line `from` with the last pattern found highlighted, its first hit on
    /// screen the current one, so that `n` goes on from there.
    fn restore_last_find(&mut self, from: DisplayLine) {
        let height = self.reader_height();
        let moved = self.reader.scroll_to(from, height);
        self.reader_moved(moved);
        self.reader.hits.query = self.last_find.as_deref().and_then(find_query);
        self.reader.find_hits();
        self.reader.pick_hit_in_view(height);
    }

    /// Enter: keeps the hits for `n`/`N`, and says how many there are. The reopened last
    /// pattern (or an empty line) looks for the last pattern again below the top line; a
    /// pattern found nowhere leaves the last one found, and its hits, in place.
    pub(super) fn accept_find(&mut self) {
        let Some(find) = self.overlays.take_find() else {
            return;
        };
        if find.reopened || find.query.trim().is_empty() {
            self.repeat_find(find.from);
            return;
        }
        if self.reader.hits.cursor.is_none() {
            self.restore_last_find(find.from);
            let query = one_line(&find.query);
            self.message = Some(match &self.last_find {
                Some(last) => format!("not found: {query} (n/N still find {})", one_line(last)),
                None => format!("not found in this article: {query}"),
            });
            return;
        }
        self.last_find = Some(find.query);
        let hits = &self.reader.hits;
        if let Some(cursor) = hits.cursor {
            self.message = Some(format!("hit {} of {}", cursor + 1, hits.spans.len()));
        }
    }

    /// `/` then enter: the last pattern's next hit below display line `from`.
    fn repeat_find(&mut self, from: DisplayLine) {
        let Some(query) = self.last_find.as_deref().and_then(find_query) else {
            self.message = Some("no previous pattern: type one after /".to_owned());
            return;
        };
        self.reader.hits.query = Some(query);
        self.reader.find_hits();
        let height = self.reader_height();
        let spans = &self.reader.hits.spans;
        match spans.iter().position(|span| span.line > from) {
            Some(index) => {
                let count = spans.len();
                let moved = self.reader.go_to_hit(index, height);
                self.reader_moved(moved);
                self.message = Some(format!("hit {} of {count}", index + 1));
            }
            None => {
                let moved = self.reader.scroll_to(from, height);
                self.reader_moved(moved);
                self.message = Some("no more hits after this one".to_owned());
            }
        }
    }

    /// `n` / `N`: the next (or previous) hit.
    pub(super) fn step_hit(&mut self, forward: bool) {
        if self.reader.hits.query.is_none() {
            self.message = Some("nothing to find: press / in the reader, or F".to_owned());
            return;
        }
        let (top, height) = (self.reader.scroll(), self.reader_height());
        let hits = &self.reader.hits;
        let count = hits.spans.len();
        // The cursor counts only while its hit is on screen; after any other scrolling,
        // start again from what is on screen.
        let cursor = hits.cursor.filter(|&cursor| {
            let line = hits.spans[cursor].line;
            top <= line && line.0 < top.0 + height
        });
        let next = match (cursor, forward) {
            (Some(cursor), true) => Some(cursor + 1).filter(|&next| next < count),
            (Some(cursor), false) => cursor.checked_sub(1),
            (None, true) => hits.spans.iter().position(|span| span.line >= top),
            (None, false) => hits.spans.iter().rposition(|span| span.line < top),
        };
        match next {
            Some(index) => {
                let moved = self.reader.go_to_hit(index, height);
                self.reader_moved(moved);
                self.message = Some(format!("hit {} of {count}", index + 1));
            }
            None => {
                let which = if forward { "after" } else { "before" };
                self.message = Some(format!("no more hits {which} this one"));
            }
        }
    }
}

/// What `/` looks for: the text typed as one phrase whose last word is a prefix, as less does
/// (`number 5` finds `number 50` too); `None` for nothing typed.
fn find_query(text: &str) -> Option<Query> {
    let text = text.replace('"', " ");
    let query = parse_query(&format!("\"{text}"));
    (!query.is_empty()).then_some(query)
}
