//! The article list pane: its rows (folder headings and the articles the filter lets
//! through), the selection, the filter and the sort order. Rows have their own index type, so
//! that a list row can never be used as a link or a display line. Grouping and sorting are in
//! `sections`.

use crate::app::action::Command;
use crate::app::component::{Component, Context, Outcome, Request};
use crate::app::config::SortOrder;
use crate::domain::library::ArticleId;
use crate::domain::store::Remembered;

pub use super::rows::ListRow;

/// A scrolled list: the selected row and the first visible row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListPosition {
    pub selected: ListRow,
    pub offset: ListRow,
}

impl ListPosition {
    /// Moves the selection by `delta` within `len` rows and keeps it in a window of `height`.
    pub fn move_by(&mut self, delta: isize, len: usize, height: usize) {
        let last = len.saturating_sub(1);
        self.selected = ListRow(self.selected.0.saturating_add_signed(delta).min(last));
        self.keep_visible(height);
        // No blank rows below the last one while rows above are hidden: after a shrink to a
        // few rows and a grow back, the window fills again.
        self.offset = self.offset.min(ListRow(len.saturating_sub(height.max(1))));
    }

    pub fn select(&mut self, row: ListRow, height: usize) {
        self.selected = row;
        self.keep_visible(height);
    }

    fn keep_visible(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected.0 >= self.offset.0 + height {
            self.offset = ListRow(self.selected.0 + 1 - height);
        }
    }
}

/// Which articles the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListFilter {
    pub unread_only: bool,
    pub starred_only: bool,
}

impl ListFilter {
    pub fn is_active(self) -> bool {
        self.unread_only || self.starred_only
    }

    /// Whether an article with these marks passes.
    pub fn passes(self, remembered: Remembered) -> bool {
        (!self.unread_only || !remembered.read) && (!self.starred_only || remembered.starred)
    }

    /// "showing all", "showing unread", …: what the list shows, for the status line.
    pub fn describe(self, count: usize) -> String {
        let (all, which) = match (self.unread_only, self.starred_only) {
            (false, false) => ("all ", ""),
            (true, false) => ("", "unread "),
            (false, true) => ("", "starred "),
            (true, true) => ("", "unread starred "),
        };
        let one = format!("{which}article");
        let many = format!("{which}articles");
        format!(
            "showing {all}{}",
            crate::domain::plural::counted(count, &one, &many)
        )
    }
}

/// What [`ArticleList::row_by_id`] holds for an article no row shows.
pub(super) const NO_ROW: u32 = u32::MAX;

/// One row of the article list: a folder's heading or an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListEntry {
    /// The heading of section `n` (an index into [`ArticleList::sections`]); a `u32`, as
    /// [`ArticleId`] is, so that a row takes 8 bytes (a million rows at a million articles).
    Heading(u32),
    Article(ArticleId),
}

/// The articles of one folder, in the list's sort order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The folder's path in the library (`""` for files at the top).
    pub folder: String,
    /// Every article of the folder, whatever the filter.
    pub articles: Vec<ArticleId>,
    pub collapsed: bool,
}

/// The article list pane.
#[derive(Debug, Clone, Default)]
pub struct ArticleList {
    /// The folders, in path order; the list shows their headings only when there are two
    /// or more.
    pub sections: Vec<Section>,
    /// What the list shows: headings and the articles that pass the filter, section by
    /// section.
    pub rows: Vec<ListEntry>,
    /// For each article, its place in the whole sorted list (shown or not), so that a hidden
    /// article's nearest row can be found. `u32`s, as article ids are.
    pub(super) rank: Vec<u32>,
    /// For each article, the row showing it, or [`NO_ROW`]: a `u32` each rather than an
    /// `Option<ListRow>` (16 bytes), since rows are articles and headings, fewer than 2³².
    pub(super) row_by_id: Vec<u32>,
    /// The rows that are folder headings, in order.
    pub(super) headings: Vec<ListRow>,
    /// How many articles pass the filter in the sections before each section (one more
    /// entry than sections: the last is the total), to number them and count them.
    pub(super) passing: Vec<usize>,
    pub position: ListPosition,
    pub filter: ListFilter,
    pub sort: SortOrder,
}

impl ArticleList {
    /// How many rows the list shows (folder headings and articles).
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the list shows no row.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The article on row `row` (`None` on a folder heading).
    pub fn article_at(&self, row: ListRow) -> Option<ArticleId> {
        match self.rows.get(row.0)? {
            ListEntry::Article(id) => Some(*id),
            ListEntry::Heading(_) => None,
        }
    }

    /// The article selected.
    pub fn selected_article(&self) -> Option<ArticleId> {
        self.article_at(self.position.selected)
    }

    /// The row showing article `id`, if the filter and the folders let it through.
    pub fn row_of(&self, id: ArticleId) -> Option<ListRow> {
        (self.row_by_id.get(id.index()).copied())
            .filter(|&row| row != NO_ROW)
            .map(|row| ListRow(row as usize))
    }

    /// Moves the selection by `delta` rows in a window of `height`.
    pub fn move_by(&mut self, delta: isize, height: usize) {
        let len = self.len();
        self.position.move_by(delta, len, height);
    }

    /// Selects the row of article `id`, if it is shown.
    pub fn select_article(&mut self, id: ArticleId, height: usize) {
        if let Some(row) = self.row_of(id) {
            self.position.select(row, height);
        }
    }

    /// The section of the selected row: the heading's, or the article's folder.
    pub fn selected_section(&self) -> Option<usize> {
        match *self.rows.get(self.position.selected.0)? {
            ListEntry::Heading(section) => Some(section as usize),
            ListEntry::Article(id) => {
                (self.sections.iter()).position(|section| section.articles.contains(&id))
            }
        }
    }

    /// The article after (or before) `from` in list order, headings stepped over; `from` may
    /// be filtered out, its nearest row is then the next one.
    pub fn step_from(&self, from: Option<ArticleId>, forward: bool) -> Option<ArticleId> {
        let row = from.map_or(ListRow(0), |id| self.nearest_row(id));
        let shown = from.and_then(|id| self.row_of(id)).is_some();
        let next = if forward {
            let start = if shown { row.0 + 1 } else { row.0 };
            (start..self.len()).find(|&r| self.article_at(ListRow(r)).is_some())
        } else {
            (0..row.0)
                .rev()
                .find(|&r| self.article_at(ListRow(r)).is_some())
        };
        next.and_then(|row| self.article_at(ListRow(row)))
    }

    /// The first unread article after (or before) `from` in list order, going round the list;
    /// `from` itself is not one. An article the filter hides has a place in the list all the
    /// same: the search starts from there, so the first unread row after it is not skipped.
    pub fn unread_from(
        &self,
        from: Option<ArticleId>,
        forward: bool,
        read: impl Fn(ArticleId) -> bool,
    ) -> Option<ArticleId> {
        let len = self.len();
        if len == 0 {
            return None;
        }
        let start = match from {
            // Rows after: from its own row's next, or from the row that took its place.
            Some(id) if forward => match self.row_of(id) {
                Some(row) => row.0 + 1,
                None => self.nearest_row(id).0,
            },
            // Rows before: its own row, or the one that took its place, is the first left out.
            Some(id) => self.nearest_row(id).0 + len - 1,
            None if forward => 0,
            None => len - 1,
        };
        (0..len)
            .map(|step| {
                let row = if forward {
                    start + step
                } else {
                    start + len - step
                };
                ListRow(row % len)
            })
            .filter_map(|row| self.article_at(row))
            .find(|&id| Some(id) != from && !read(id))
    }
}

impl Component for ArticleList {
    /// Moves, folds a folder (enter on its heading too), sorts and filters; opening an article
    /// is the App's (it involves the reader and history).
    fn handle(&mut self, command: Command, cx: &Context) -> Outcome {
        let height = cx.pane_height;
        match command {
            Command::Move(motion) => self.move_by(cx.rows(motion), height),
            Command::ToggleSection => self.toggle_section(cx.marks, height),
            Command::Open if self.selected_article().is_none() => {
                self.toggle_section(cx.marks, height);
            }
            Command::CycleSort => {
                self.cycle_sort(cx.library, cx.marks, height);
                let said = format!("sorted by {}", self.sort.name());
                return Outcome::Request(Request::Say(said));
            }
            Command::FilterUnread | Command::FilterStarred => {
                let mut filter = self.filter;
                match command {
                    Command::FilterUnread => filter.unread_only ^= true,
                    _ => filter.starred_only ^= true,
                }
                self.set_filter(filter, cx.marks, height);
                let said = filter.describe(self.filtered_count());
                return Outcome::Request(Request::Say(said));
            }
            _ => return Outcome::Ignored,
        }
        Outcome::Handled
    }
}
