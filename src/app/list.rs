//! Marks and the list's filters: read, starred, the reading position, and unread/starred only.

use super::state::App;
use super::views::{Focus, ListFilter, ListPosition, ListRow};
use crate::library::ArticleId;
use crate::reading_state::Remembered;

impl App {
    /// The article `m` and `s` act on: the list's selection when the list has focus, else
    /// the open one.
    pub(super) fn marked_article(&self) -> Option<ArticleId> {
        match self.focus {
            Focus::List => self.selected_article(),
            Focus::Reader | Focus::Links => self.current(),
        }
    }

    /// Flips one flag of the article `m` or `s` acts on, and says which way it went.
    pub(super) fn toggle_mark(
        &mut self,
        flag: fn(&mut Remembered) -> &mut bool,
        on: &str,
        off: &str,
    ) {
        let Some(id) = self.marked_article() else {
            return;
        };
        let mut now = false;
        self.remember(id, |r| {
            let flag = flag(r);
            *flag = !*flag;
            now = *flag;
        });
        self.message = Some(format!("marked {}", if now { on } else { off }));
    }

    /// The list row of article `id`, or of the next article after it when the filter hides it.
    pub(super) fn nearest_row(&self, id: ArticleId) -> ListRow {
        ListRow(match &self.list.visible {
            Some(visible) => visible.partition_point(|&shown| shown < id),
            None => id,
        })
    }

    /// Which articles the list shows under the current filter.
    pub(super) fn recompute_visible(&mut self) {
        self.list.visible = self.list.filter.is_active().then(|| {
            (0..self.library.len())
                .filter(|&id| self.passes_filter(id))
                .collect()
        });
    }

    /// Switches a list filter, keeping the selection on the same article when it stays visible.
    pub(super) fn toggle_filter(&mut self, change: impl FnOnce(&mut ListFilter)) {
        let selected = self.selected_article();
        change(&mut self.list.filter);
        self.recompute_visible();
        let row = selected.map_or(ListRow(0), |id| self.nearest_row(id));
        let height = self.list_height();
        let len = self.list_len();
        let position = &mut self.list.position;
        *position = ListPosition::default();
        position.move_by(isize::try_from(row.0).unwrap_or(isize::MAX), len, height);
        let filter = self.list.filter;
        self.message = Some(match (filter.unread_only, filter.starred_only) {
            (false, false) => format!("showing all {} articles", self.list_len()),
            (true, false) => format!("showing {} unread articles", self.list_len()),
            (false, true) => format!("showing {} starred articles", self.list_len()),
            (true, true) => format!("showing {} unread starred articles", self.list_len()),
        });
    }

    /// Records where the open article is scrolled to, for the next run.
    pub(super) fn remember_position(&mut self) {
        let Some(wrapped) = &self.reader.wrapped else {
            return;
        };
        let (id, scroll, lines) = (wrapped.article, self.reader.scroll.0, wrapped.lines.len());
        self.remember(id, |r| {
            r.scroll = scroll;
            r.lines = lines;
        });
    }
}
