//! The related-links pane's rows: `Read More` links (selecting, following, keeping the selected
//! link in view), backlinks, and the similar stories a worker finds for the open article.

use std::sync::Arc;

use super::related::RelatedCounts;
use super::state::App;
use super::views::{LinkItem, RelatedRow, SearchKind, SimilarStories};
use crate::domain::library::ArticleId;
use crate::domain::worker::{Job, SIMILAR_STORIES};
use crate::domain::wrap::{DisplayLine, LineKind, LinkIndex, Wrapped};

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
        self.reader.link_cursor = Some(row);
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
                self.scroll_to_link(link);
                // The search line says "not in library" and the list offers the nearest
                // stories (filled in when the worker answers), so that Enter opens the best
                // guess.
                let job = Job::Closest {
                    library: Arc::clone(&self.library),
                    name: text.clone(),
                    limit: CLOSEST_TITLES,
                    exclude: self.not_suggested(id),
                };
                self.open_search_with(SearchKind::Titles, text, Vec::new());
                self.background.closest = Some(self.submit(job));
                if let Some(search) = self.overlays.search_mut() {
                    search.closest = true;
                }
            }
        }
    }

    /// The stories a dangling link of article `id` never suggests: `id` itself, and those its
    /// other links name already.
    pub(super) fn not_suggested(&self, id: ArticleId) -> Vec<ArticleId> {
        let targets = self.library.get(id).targets.iter().flatten().copied();
        std::iter::once(id).chain(targets).collect()
    }

    /// How many rows each section of the related pane has for the open article.
    pub fn related_counts(&self) -> RelatedCounts {
        self.current()
            .map_or_else(RelatedCounts::default, |id| RelatedCounts {
                outgoing: self.library.get(id).targets.len(),
                backlinks: self.library.backlinks(id).len(),
                similar: self.similar_stories().len(),
            })
    }

    /// The similar stories of the open article, once found.
    pub fn similar_stories(&self) -> &[ArticleId] {
        self.reader.similar.ids.as_deref().unwrap_or_default()
    }

    /// Asks a worker for the stories similar to `id`, about to be shown; the section says
    /// they are being found until the answer lands. The job goes out with the effects of the
    /// action that showed `id` (or, at start, with the first ones the event loop takes, once
    /// the workers run): the first screen never waits for the index.
    pub(super) fn ask_similar(&mut self, id: ArticleId) {
        let version = self.background.version;
        if self.reader.similar.of == Some((id, version)) {
            return;
        }
        self.reader.similar = SimilarStories {
            of: Some((id, version)),
            ids: None,
        };
        self.index_wanted();
        let library = Arc::clone(&self.library);
        self.submit(Job::Similar {
            library,
            version,
            id,
        });
    }

    /// The similar stories of `article` in library `version`, if they are still wanted.
    pub(super) fn receive_similar(
        &mut self,
        version: u64,
        article: ArticleId,
        ids: Vec<ArticleId>,
    ) {
        if self.reader.similar.of == Some((article, version)) {
            self.reader.similar.ids = Some(ids);
            let rows = self.link_count();
            self.reader.link_cursor = self.reader.link_cursor.filter(|cursor| cursor.0 < rows);
        }
    }

    /// Rows the related pane has once the similar stories are in: a selection put back from
    /// history on one of them is kept until they land.
    pub(super) fn related_rows_to_come(&self) -> usize {
        let waiting = self.reader.similar.ids.is_none();
        self.link_count() + if waiting { SIMILAR_STORIES } else { 0 }
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
            (None, true) => self.first_link_from(self.reader.scroll).unwrap_or_default(),
            (None, false) => LinkIndex(count - 1),
        };
        self.reader.link_cursor = Some(next.into());
        self.scroll_to_link(next);
    }

    /// The first link starting at or below display line `line`.
    pub(super) fn first_link_from(&self, line: DisplayLine) -> Option<LinkIndex> {
        let wrapped = self.reader.wrapped.as_ref()?;
        let index = wrapped.link_lines.iter().position(|&start| start >= line)?;
        Some(LinkIndex(index))
    }

    /// Unselects the selected link once no line of it is in view, so that `Enter` never
    /// follows a link the user cannot see.
    pub(super) fn forget_hidden_link(&mut self) {
        let (Some(link), Some(wrapped)) = (self.selected_link(), &self.reader.wrapped) else {
            return;
        };
        if self.areas.is_none() {
            // Nothing is drawn: keep the selection for when the panes come back.
            return;
        }
        let Some(DisplayLine(start)) = wrapped.link_line(link) else {
            return;
        };
        let end = link_end(wrapped, link, start);
        let top = self.reader.scroll.0;
        if end <= top || start >= top + self.reader_height() {
            self.reader.link_cursor = None;
        }
    }

    /// Scrolls the reader so that `link` is fully in view.
    pub(super) fn scroll_to_link(&mut self, link: LinkIndex) {
        let Some(wrapped) = &self.reader.wrapped else {
            return;
        };
        let Some(DisplayLine(start)) = wrapped.link_line(link) else {
            return;
        };
        let end = link_end(wrapped, link, start);
        let height = self.reader_height();
        let DisplayLine(mut scroll) = self.reader.scroll;
        if start < scroll {
            scroll = start;
        } else if end > scroll + height {
            scroll = end.saturating_sub(height).min(start);
        }
        self.reader.scroll = DisplayLine(scroll).min(self.max_scroll());
    }
}

/// The display line after the last line of `link`, which starts on line `start`.
fn link_end(wrapped: &Wrapped, link: LinkIndex, start: usize) -> usize {
    wrapped.lines[start..]
        .iter()
        .take_while(|line| line.kind == LineKind::Link(link))
        .count()
        + start
}
