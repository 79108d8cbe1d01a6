//! Searching inside the open article, as `/` in less: hits highlighted as you type, the
//! reader moved to the first one below where it was, `n`/`N` to step, "hit 3 of 9". The
//! full-text search leaves its hits here too, so `n`/`N` work the same after it.

use super::state::App;
use super::views::{FindLine, HitSpan, Mode};
use crate::fulltext::{hits_in, parse_query};
use crate::wrap::LineKind;

impl App {
    /// `/` in the reader: an empty line to search the open article.
    pub(super) fn open_find(&mut self) {
        if self.current().is_none() {
            return;
        }
        self.mode = Mode::Find(FindLine {
            query: String::new(),
            from: self.reader.scroll,
        });
        self.reader.hits.query = None;
        self.find_hits();
    }

    /// The query changed: highlight its hits and show the first at or below where the
    /// search started.
    pub(super) fn edit_find(&mut self, edit: impl FnOnce(&mut String)) {
        let Mode::Find(find) = &mut self.mode else {
            return;
        };
        edit(&mut find.query);
        if super::search::cut_query(&mut find.query) {
            self.message = Some(super::search::cut_message());
        }
        let from = find.from;
        // One phrase, its last word a prefix: what is typed is looked for as it stands, as
        // less does (`number 5` finds `number 50` too).
        let text = find.query.replace('"', " ");
        let query = parse_query(&format!("\"{text}"));
        self.reader.hits.query = (!query.is_empty()).then_some(query);
        self.find_hits();
        let spans = &self.reader.hits.spans;
        let index = spans
            .iter()
            .position(|span| span.line >= from)
            .or((!spans.is_empty()).then_some(0));
        self.reader.scroll = from.min(self.max_scroll());
        if let Some(index) = index {
            self.go_to_hit(index);
        }
    }

    /// Esc: back where the search started, without its highlights.
    pub(super) fn cancel_find(&mut self) {
        if let Mode::Find(find) = std::mem::take(&mut self.mode) {
            self.reader.scroll = find.from.min(self.max_scroll());
            self.reader.hits.query = None;
            self.find_hits();
        }
    }

    /// Enter: keeps the hits for `n`/`N`, and says how many there are.
    pub(super) fn accept_find(&mut self) {
        self.mode = Mode::Normal;
        let hits = &self.reader.hits;
        self.message = Some(match (hits.query.is_some(), hits.cursor) {
            (false, _) => return,
            (true, None) => "not found in this article".to_owned(),
            (true, Some(cursor)) => format!("hit {} of {}", cursor + 1, hits.spans.len()),
        });
    }

    /// Every hit of the current query in the open article (links are not searched).
    pub(super) fn find_hits(&mut self) {
        let hits = &mut self.reader.hits;
        hits.spans.clear();
        hits.cursor = None;
        let (Some(query), Some(wrapped)) = (&hits.query, &self.reader.wrapped) else {
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
                        line: crate::wrap::DisplayLine(index),
                        range,
                    })
            })
            .collect();
    }

    /// Makes hit `index` the current one and scrolls its line to the top of the reader, or
    /// as near as the end of the article allows, as less does.
    fn go_to_hit(&mut self, index: usize) {
        let line = self.reader.hits.spans[index].line;
        self.reader.hits.cursor = Some(index);
        self.reader.scroll = line.min(self.max_scroll());
    }

    /// `n` / `N`: the next (or previous) hit.
    pub(super) fn step_hit(&mut self, forward: bool) {
        if self.reader.hits.query.is_none() {
            self.message = Some("nothing to find: press / in the reader, or F".to_owned());
            return;
        }
        let (top, height) = (self.reader.scroll, self.reader_height());
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
                self.go_to_hit(index);
                self.message = Some(format!("hit {} of {count}", index + 1));
            }
            None => {
                let which = if forward { "after" } else { "before" };
                self.message = Some(format!("no more hits {which} this one"));
            }
        }
    }
}
