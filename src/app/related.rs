//! The related-links pane: the open article's `Read More` links, its backlinks and the
//! stories similar to it, the selected row (when it is an outgoing link, the reading pane
//! highlights that link too), and the peek card of the selected row's story. The row maths —
//! which line shows which row, where the headings are — is here too: `update` needs it for
//! paging and mouse hit-testing, and `ui` draws with the same numbers.

pub mod peek;

use crate::app::action::Command;
use crate::app::component::{Component, Context, Outcome, Request};
use crate::domain::library::{ArticleId, Library};
use crate::domain::worker::SIMILAR_STORIES;
use crate::domain::wrap::LinkIndex;

use peek::Peek;

pub use super::rows::RelatedRow;

/// One row of the related-links pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkItem {
    /// A `Read More` link of the article and the article it resolves to.
    Outgoing {
        link: LinkIndex,
        target: Option<ArticleId>,
    },
    /// An article that links here.
    Backlink(ArticleId),
    /// A story close in content, linked neither to nor from here.
    Similar(ArticleId),
}

/// The stories closest in content to the open article, for the related pane.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SimilarStories {
    /// The article and library version they were asked for: an answer for another is stale.
    pub of: Option<(ArticleId, u64)>,
    /// Best first; `None` until the worker answers.
    pub ids: Option<Vec<ArticleId>>,
}

/// The related-links pane of the open article.
#[derive(Debug, Clone, Default)]
pub struct Related {
    /// The selected row.
    pub link_cursor: Option<RelatedRow>,
    /// The third section, found by a worker.
    pub similar: SimilarStories,
    /// Peek mode, and the card of the selected row's story.
    pub peek: Peek,
}

impl Related {
    /// The similar stories, once found.
    pub fn similar_stories(&self) -> &[ArticleId] {
        self.similar.ids.as_deref().unwrap_or_default()
    }

    /// How many rows each section has for article `open` of `library`.
    pub fn counts(&self, library: &Library, open: Option<ArticleId>) -> RelatedCounts {
        open.map_or_else(RelatedCounts::default, |id| RelatedCounts {
            outgoing: library.get(id).targets().len(),
            backlinks: library.backlinks(id).len(),
            similar: self.similar_stories().len(),
        })
    }

    /// Row `row` for article `open` of `library`.
    pub fn item(&self, library: &Library, open: ArticleId, row: RelatedRow) -> Option<LinkItem> {
        let entry = library.get(open);
        match entry.targets().get(row.0) {
            Some(&target) => Some(LinkItem::Outgoing {
                link: LinkIndex(row.0),
                target,
            }),
            None => {
                let backlinks = library.backlinks(open);
                let index = row.0 - entry.targets().len();
                match backlinks.get(index) {
                    Some(&from) => Some(LinkItem::Backlink(from)),
                    None => self
                        .similar_stories()
                        .get(index - backlinks.len())
                        .map(|&id| LinkItem::Similar(id)),
                }
            }
        }
    }

    /// The selected outgoing link, if the cursor is on one, given the article's `outgoing`
    /// link count.
    pub fn selected_link(&self, outgoing: usize) -> Option<LinkIndex> {
        self.link_cursor?.link(outgoing)
    }

    /// Rows the pane has once the similar stories are in, with `rows` now: a selection put
    /// back from history on one of them is kept until they land.
    pub fn rows_to_come(&self, rows: usize) -> usize {
        let waiting = self.similar.ids.is_none();
        rows + if waiting { SIMILAR_STORIES } else { 0 }
    }

    /// The similar stories are about to be asked for `id` in library `version`; false when
    /// they are asked for already.
    pub fn expect_similar(&mut self, id: ArticleId, version: u64) -> bool {
        if self.similar.of == Some((id, version)) {
            return false;
        }
        self.similar = SimilarStories {
            of: Some((id, version)),
            ids: None,
        };
        true
    }

    /// The similar stories of `article` in library `version`, if they are still wanted; the
    /// selection is kept within the rows there are then.
    pub fn receive_similar(
        &mut self,
        version: u64,
        article: ArticleId,
        ids: Vec<ArticleId>,
        rows_without: usize,
    ) -> bool {
        if self.similar.of != Some((article, version)) {
            return false;
        }
        let rows = rows_without + ids.len();
        self.similar.ids = Some(ids);
        self.link_cursor = self.link_cursor.filter(|cursor| cursor.0 < rows);
        true
    }

    /// The row `delta` rows from the selected one among `count` rows. With nothing selected,
    /// moving down starts above the first row and moving up below the last, so the first step
    /// lands on the first or last row.
    pub fn moved_cursor(&self, delta: isize, count: usize) -> Option<RelatedRow> {
        if count == 0 {
            return None;
        }
        let last = isize::try_from(count - 1).unwrap_or(isize::MAX);
        let from = match self.link_cursor {
            Some(cursor) => isize::try_from(cursor.0).unwrap_or(isize::MAX),
            None if delta < 0 => last + 1,
            None => -1,
        };
        let cursor = from.saturating_add(delta).clamp(0, last);
        Some(RelatedRow(usize::try_from(cursor).unwrap_or(0)))
    }
}

impl Component for Related {
    /// Moves the selection and follows it; both are the App's to carry out, as a link selected
    /// scrolls the reader and following one opens another story.
    fn handle(&mut self, command: Command, cx: &Context) -> Outcome {
        match command {
            Command::Move(motion) => {
                let delta = cx.rows(motion);
                let rows = self.counts(cx.library, cx.open).rows();
                match self.moved_cursor(delta, rows) {
                    Some(row) => Outcome::Request(Request::SelectRow(row)),
                    None => Outcome::Handled,
                }
            }
            Command::Open => Outcome::Request(match self.link_cursor {
                Some(row) => Request::Activate(row),
                None => Request::Say("no link selected: press ] to select one".to_owned()),
            }),
            _ => Outcome::Ignored,
        }
    }
}

/// Lines of the related-links pane for an article with `outgoing` links and `backlinks`:
/// the links (or a placeholder), the "Linked from" heading, the backlinks, the "Similar"
/// heading and room for the similar stories. The room is kept while they are being found,
/// so that the panes do not move when they land.
pub fn related_lines(outgoing: usize, backlinks: usize) -> usize {
    let counts = RelatedCounts {
        outgoing,
        backlinks,
        similar: 0,
    };
    counts.similar_heading() + 1 + SIMILAR_STORIES
}

/// The related-links pane's sections, by how many rows each has: outgoing links (a
/// placeholder line when there are none), a heading, backlinks, a heading, similar stories (a
/// placeholder line while they are found, or when there are none). A story with neither links
/// nor backlinks says so on one line, leaving the room to the similar stories. Lines are plain
/// numbers counted from the pane's first line, rows are `RelatedRow`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RelatedCounts {
    pub outgoing: usize,
    pub backlinks: usize,
    pub similar: usize,
}

impl RelatedCounts {
    /// Rows over all sections.
    pub fn rows(self) -> usize {
        self.outgoing + self.backlinks + self.similar
    }

    /// Neither links nor backlinks: one line says so, with no "Linked from" heading.
    pub fn unlinked(self) -> bool {
        self.outgoing == 0 && self.backlinks == 0
    }

    /// The line of the "Linked from" heading (none when [`RelatedCounts::unlinked`]).
    pub fn backlinks_heading(self) -> Option<usize> {
        (!self.unlinked()).then_some(self.outgoing.max(1))
    }

    /// The line of the "Similar" heading.
    pub fn similar_heading(self) -> usize {
        self.backlinks_heading()
            .map_or(1, |heading| heading + 1 + self.backlinks)
    }

    /// The pane line showing `row`.
    pub fn item_line(self, row: RelatedRow) -> usize {
        let backlinks_end = self.outgoing + self.backlinks;
        if row.0 < self.outgoing {
            row.0
        } else if row.0 < backlinks_end {
            self.outgoing.max(1) + 1 + (row.0 - self.outgoing)
        } else {
            self.similar_heading() + 1 + (row.0 - backlinks_end)
        }
    }

    /// The row shown on pane line `line`, if any (headings and placeholders are not rows).
    pub fn item_at_line(self, line: usize) -> Option<RelatedRow> {
        if line < self.outgoing {
            return Some(RelatedRow(line));
        }
        if let Some(heading) = self.backlinks_heading() {
            let backlink = line.checked_sub(heading + 1)?;
            if backlink < self.backlinks {
                return Some(RelatedRow(self.outgoing + backlink));
            }
        }
        let similar = line.checked_sub(self.similar_heading() + 1)?;
        (similar < self.similar).then_some(RelatedRow(self.outgoing + self.backlinks + similar))
    }

    /// First visible pane line: just enough scroll to keep the cursor's line on screen.
    pub fn scroll_offset(self, cursor: Option<RelatedRow>, height: usize) -> usize {
        let line = cursor.map_or(0, |row| self.item_line(row));
        (line + 1).saturating_sub(height.max(1))
    }
}
