//! The search line: title search and full-text search over titles and paragraphs, both as
//! you type, both answered by workers.

use std::sync::Arc;

use super::jobs::TextIndex;
use super::state::App;
use super::views::{Focus, ListPosition, Mode, SearchKind, SearchLine};
use crate::fulltext::{TextHit, hits_in, parse_query};
use crate::library::ArticleId;
use crate::sanitize::{is_unsafe, sanitize};
use crate::worker::Job;
use crate::wrap::{DisplayLine, LineKind};

impl App {
    /// Opens an empty search line: titles list everything, full text nothing yet (but its
    /// index starts building, if it is not built yet).
    pub(super) fn open_search(&mut self, kind: SearchKind) {
        let results = match kind {
            SearchKind::Titles => (0..self.library.len()).collect(),
            SearchKind::FullText => Vec::new(),
        };
        self.open_search_with(kind, String::new(), results);
        if kind == SearchKind::FullText && self.background.index == TextIndex::Unbuilt {
            self.edit_query(|_| {});
        }
    }

    /// Opens the search line with `query` and `results`, remembering the list to restore.
    pub(super) fn open_search_with(
        &mut self,
        kind: SearchKind,
        query: String,
        mut results: Vec<ArticleId>,
    ) {
        self.keep_filtered(&mut results);
        let restore = match &self.mode {
            Mode::Search(search) => search.restore,
            _ => self.list.position,
        };
        self.mode = Mode::Search(SearchLine {
            kind,
            query,
            snippets: Vec::new(),
            results,
            highlights: Vec::new(),
            position: ListPosition::default(),
            restore,
            pending: None,
            accept_when_ready: false,
        });
        self.refresh_highlights();
    }

    /// A typed character; controls are never typed into the query.
    pub(super) fn type_char(&mut self, c: char) {
        if !is_unsafe(c) {
            self.edit_query(|query| query.push(c));
        }
    }

    /// Pasted text, searched once, on one line and without controls.
    pub(super) fn paste(&mut self, text: &str) {
        let text = sanitize(&text.replace(['\r', '\n'], " "));
        self.edit_query(|query| query.push_str(&text));
    }

    pub(super) fn delete_char(&mut self) {
        self.edit_query(|query| {
            query.pop();
        });
    }

    /// Ctrl-W: deletes back to the start of the last word, as in a shell.
    pub(super) fn delete_word(&mut self) {
        self.edit_query(|query| {
            let kept = query.trim_end().rfind(' ').map_or(0, |i| i + 1);
            query.truncate(kept);
        });
    }

    /// Changes the query and asks a worker for its matches.
    pub(super) fn edit_query(&mut self, edit: impl FnOnce(&mut String)) {
        let Mode::Search(search) = &mut self.mode else {
            return;
        };
        edit(&mut search.query);
        self.message = None;
        // The closest titles of a dangling link are not wanted once the query changes.
        self.background.closest = None;
        let query = search.query.clone();
        let job = match search.kind {
            SearchKind::Titles => Job::Titles {
                version: self.background.version,
                titles: self.titles.share(),
                query,
            },
            SearchKind::FullText => {
                if self.background.index == TextIndex::Unbuilt {
                    self.background.index = TextIndex::Building;
                }
                Job::FullText {
                    library: Arc::clone(&self.library),
                    version: self.background.version,
                    query,
                }
            }
        };
        let generation = self.submit(job);
        // Answers of a job run inline are applied after this action, so this comes first.
        if let Mode::Search(search) = &mut self.mode {
            search.pending = Some(generation);
        }
    }

    /// The full-text search's answer, if it is for the latest query.
    pub(super) fn receive_text(&mut self, generation: u64, mut hits: Vec<TextHit>) {
        let Mode::Search(search) = &self.mode else {
            return;
        };
        if search.pending != Some(generation) || search.kind != SearchKind::FullText {
            return;
        }
        // Results mean the index is built, whatever became of its own message.
        self.background.index = TextIndex::Ready;
        if self.list.filter.is_active() {
            hits.retain(|hit| self.passes_filter(hit.id));
        }
        let Mode::Search(search) = &mut self.mode else {
            return;
        };
        search.results = hits.iter().map(|hit| hit.id).collect();
        search.snippets = hits.into_iter().map(|hit| hit.snippet).collect();
        search.position = ListPosition::default();
        search.pending = None;
        let accept = std::mem::take(&mut search.accept_when_ready);
        self.refresh_highlights();
        if accept {
            self.accept_search();
        }
    }

    /// Drops the articles the list's filter hides.
    fn keep_filtered(&self, ids: &mut Vec<ArticleId>) {
        if self.list.filter.is_active() {
            ids.retain(|&id| self.passes_filter(id));
        }
    }

    /// Lines of the open article with a hit of the last full-text query, for `n`/`N`.
    pub(super) fn find_hits(&mut self) {
        let hits = &mut self.reader.hits;
        hits.lines.clear();
        hits.cursor = None;
        let (Some(query), Some(wrapped)) = (&hits.query, &self.reader.wrapped) else {
            return;
        };
        hits.lines = wrapped
            .lines
            .iter()
            .enumerate()
            .filter(|(_, line)| !matches!(line.kind, LineKind::Link(_)))
            .filter(|(_, line)| !hits_in(&line.text, query).is_empty())
            .map(|(index, _)| DisplayLine(index))
            .collect();
    }

    /// `n` / `N`: moves to the next (or previous) hit and scrolls it to the top of the
    /// reader, or as near as the end of the article allows.
    pub(super) fn step_hit(&mut self, forward: bool) {
        if self.reader.hits.query.is_none() {
            self.message = Some("no full-text search yet: press F".to_owned());
            return;
        }
        let (max_scroll, scroll) = (self.max_scroll(), self.reader.scroll);
        let hits = &mut self.reader.hits;
        let count = hits.lines.len();
        // The cursor counts only while the reader is still where it put it; after any other
        // scrolling, start again from what is on screen.
        let cursor = hits
            .cursor
            .filter(|&cursor| hits.lines[cursor].min(max_scroll) == scroll);
        let next = match (cursor, forward) {
            (Some(cursor), true) => Some(cursor + 1).filter(|&next| next < count),
            (Some(cursor), false) => cursor.checked_sub(1),
            (None, true) => hits.lines.iter().position(|&line| line >= scroll),
            (None, false) => hits.lines.iter().rposition(|&line| line < scroll),
        };
        match next {
            Some(index) => {
                hits.cursor = Some(index);
                self.reader.scroll = hits.lines[index].min(max_scroll);
                self.message = Some(format!("hit {} of {count}", index + 1));
            }
            None => {
                let which = if forward { "after" } else { "before" };
                self.message = Some(format!("no more hits {which} this one"));
            }
        }
    }

    /// Takes the background search's answer, if it is for the latest query.
    pub(super) fn receive_results(&mut self, generation: u64, ids: Vec<ArticleId>, complete: bool) {
        let Mode::Search(search) = &mut self.mode else {
            return;
        };
        if search.pending != Some(generation) {
            return;
        }
        if !complete {
            self.show_results(ids);
            return;
        }
        search.pending = None;
        let accept = std::mem::take(&mut search.accept_when_ready);
        self.show_results(ids);
        if accept {
            self.accept_search();
        }
    }

    pub(super) fn show_results(&mut self, mut ids: Vec<ArticleId>) {
        self.keep_filtered(&mut ids);
        if let Mode::Search(search) = &mut self.mode {
            search.results = ids;
            search.position = ListPosition::default();
        }
        self.refresh_highlights();
    }

    pub(super) fn cancel_search(&mut self) {
        if let Mode::Search(search) = std::mem::take(&mut self.mode) {
            self.list.position = search.restore;
        }
        self.message = None;
    }

    pub(super) fn accept_search(&mut self) {
        let Mode::Search(search) = &mut self.mode else {
            return;
        };
        let kind = search.kind;
        let text_query = parse_query(&search.query);
        if search.pending.is_some() {
            search.accept_when_ready = true;
            return;
        }
        let Some(&id) = search.results.get(search.position.selected.0) else {
            self.message = Some("no matches".to_owned());
            return;
        };
        self.mode = Mode::Normal;
        self.message = None;
        // A full-text search leaves its hits highlighted until the next search of either kind.
        self.reader.hits.query = (kind == SearchKind::FullText).then_some(text_query);
        if self.current() != Some(id) {
            self.open_article(id);
        } else {
            self.remember(id, |r| r.read = true);
            self.find_hits();
            if let Some(row) = self.row_of(id) {
                let height = self.list_height();
                self.list.position.select(row, height);
            }
        }
        self.focus = Focus::Reader;
        if let Some(&first) = self.reader.hits.lines.first() {
            // Bring the first hit into view unless it already is.
            let scroll = self.reader.scroll;
            if first.0 >= scroll.0 + self.reader_height() || first < scroll {
                self.reader.scroll = first.min(self.max_scroll());
                self.reader.hits.cursor = Some(0);
            }
        }
    }

    /// Recomputes the matched characters of the visible search results. Done here, not while
    /// drawing, because the matcher needs `&mut` and drawing only reads.
    pub(super) fn refresh_highlights(&mut self) {
        let height = self.list_height();
        let Mode::Search(search) = &mut self.mode else {
            return;
        };
        let start = search.position.offset.0.min(search.results.len());
        let end = (start + height).min(search.results.len());
        search.highlights = match search.kind {
            SearchKind::Titles => search.results[start..end]
                .iter()
                .map(|&id| self.titles.matched_chars(id, &search.query))
                .collect(),
            SearchKind::FullText => {
                let query = parse_query(&search.query);
                search.results[start..end]
                    .iter()
                    .map(|&id| hit_chars(&self.library.get(id).article.title, &query))
                    .collect()
            }
        };
    }
}

/// Char positions in `title` covered by a hit of `query`, for highlighting.
fn hit_chars(title: &str, query: &crate::fulltext::Query) -> Vec<usize> {
    let hits = hits_in(title, query);
    title
        .char_indices()
        .enumerate()
        .filter(|(_, (at, _))| hits.iter().any(|hit| hit.contains(at)))
        .map(|(n, _)| n)
        .collect()
}
