//! The related-links pane's rows: `Read More` links (selecting, following, keeping the selected
//! link in view), backlinks, and the similar stories a worker finds for the open article.

use std::sync::Arc;

use super::focus::Focus;
use super::related::peek::not_suggested;
use super::related::{LinkItem, RelatedRow};
use super::search_line::SearchKind;
use super::state::App;
use crate::domain::worker::Job;
use crate::domain::wrap::LinkIndex;

/// How many close titles a dangling link offers.
const CLOSEST_TITLES: usize = 10;

impl App {
    /// Follows the current article's `link`.
    pub(super) fn follow(&mut self, link: LinkIndex) {
        if link.0 >= self.outgoing_count() {
            self.message = Some(format!("this article has no link {}", link.number()));
            return;
        }
        self.activate(link.into());
    }

    /// Acts on `row` of the related-links pane: follows a link or opens a backlink.
    pub(super) fn activate(&mut self, row: RelatedRow) {
        self.select_related(Some(row));
        let (Some(id), Some(item)) = (self.current(), self.link_item(row)) else {
            return;
        };
        match item {
            LinkItem::Outgoing {
                target: Some(target),
                ..
            }
            | LinkItem::Backlink(target)
            | LinkItem::Similar(target) => {
                // A story that names itself: opening it again would only add a step to
                // history that `back` then has to undo.
                if target == id {
                    self.message = Some("that link is this story".to_owned());
                    return;
                }
                self.reading_the_open_article();
                self.open_article(target);
                self.message = None;
            }
            LinkItem::Outgoing { link, target: None } => {
                let text = self
                    .library
                    .get(id)
                    .links()
                    .nth(link.0)
                    .unwrap_or_default()
                    .to_owned();
                self.select_row(row);
                // The search line says "not in library" and the list offers the nearest
                // stories (filled in when the worker answers), so that Enter opens the best
                // guess.
                let job = Job::Closest {
                    library: Arc::clone(&self.library),
                    name: text.clone(),
                    limit: CLOSEST_TITLES,
                    exclude: not_suggested(&self.library, id),
                };
                self.open_search_with(SearchKind::Titles, text, Vec::new());
                self.background.closest = Some(self.submit(job));
                if let Some(search) = self.overlays.search_mut() {
                    search.closest = true;
                }
            }
        }
    }

    /// Selects `row` of the related-links pane; an outgoing link is scrolled into view in the
    /// reader first.
    pub(super) fn select_row(&mut self, row: RelatedRow) {
        if let Some(link) = row.link(self.outgoing_count()) {
            let moved = self.reader.scroll_to_link(link, self.reader_height());
            self.reader_moved(moved);
        }
        self.select_related(Some(row));
    }

    /// Sets the related pane's selection: a link out of the reader's view is not kept (the
    /// reader's view moves only through [`App::reader_moved`], which drops it too), and the
    /// peek card follows the selection.
    pub(super) fn select_related(&mut self, row: Option<RelatedRow>) {
        self.related.link_cursor = row;
        if let Some(link) = self.selected_link()
            && self.areas.is_some()
            && !self.reader.shows_link(link, self.reader_height())
        {
            self.related.link_cursor = None;
        }
        self.refresh_peek();
    }

    /// Asks a worker for the stories similar to `id`, about to be shown; the section says
    /// they are being found until the answer lands. The job goes out with the effects of the
    /// action that showed `id` (or, at start, with the first ones the event loop takes, once
    /// the workers run): the first screen never waits for the index.
    pub(super) fn ask_similar(&mut self, id: crate::domain::library::ArticleId) {
        let version = self.background.version;
        if !self.related.expect_similar(id, version) {
            return;
        }
        self.index_wanted();
        let library = Arc::clone(&self.library);
        self.submit(Job::Similar {
            library,
            version,
            id,
        });
    }

    /// The similar stories of `article` in library `version`, if they are still wanted; the
    /// peek card of a row among them can be made now.
    pub(super) fn receive_similar(
        &mut self,
        version: u64,
        article: crate::domain::library::ArticleId,
        ids: Vec<crate::domain::library::ArticleId>,
    ) {
        let counts = self.related_counts();
        let without = counts.outgoing + counts.backlinks;
        if self.related.receive_similar(version, article, ids, without) {
            self.refresh_peek();
        }
    }

    /// `]` / `[`: selects the next or previous link and scrolls the reader to it.
    pub(super) fn step_link(&mut self, forward: bool) {
        let count = self.outgoing_count();
        if count == 0 {
            self.message = Some("this article has no Read More links".to_owned());
            return;
        }
        let next = match (self.selected_link(), forward) {
            (Some(link), true) => LinkIndex((link.0 + 1).min(count - 1)),
            (Some(link), false) => LinkIndex(link.0.saturating_sub(1)),
            (None, true) => (self.reader)
                .first_link_from(self.reader.scroll())
                .unwrap_or_default(),
            (None, false) => LinkIndex(count - 1),
        };
        self.select_row(next.into());
    }

    /// The peek card to draw, if peek mode is on, nothing is on top of the panes and a link
    /// is selected in the reader or the Related pane.
    pub fn peek_card(&self) -> Option<&super::related::peek::PeekCard> {
        if !self.overlays.is_empty() {
            return None;
        }
        self.related.peek_card(self.peek_key())
    }

    /// `p`: peek mode on or off.
    pub(super) fn toggle_peek(&mut self) {
        self.related.peek.on = !self.related.peek.on;
        let state = if self.related.peek.on { "on" } else { "off" };
        self.message = Some(format!("peek {state}"));
        self.refresh_peek();
    }

    /// The selection a card is wanted for: a link left selected behind the list's focus is
    /// not being looked at.
    fn peek_key(&self) -> Option<super::related::peek::PeekKey> {
        let looking = self.focus != Focus::List;
        (self.related).peek_key(self.background.version, self.current(), looking)
    }

    /// Makes the peek card for the selection, where the selection, the focus, peek mode or
    /// the library shown changes.
    pub(super) fn refresh_peek(&mut self) {
        let key = self.peek_key();
        let library = Arc::clone(&self.library);
        let Self {
            related,
            background,
            ..
        } = self;
        related.refresh_peek(&library, key, |job| background.submit(job));
    }
}
