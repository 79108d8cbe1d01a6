//! The reading trail: where the reader came from (drawn in the reader's border) and the list
//! of the whole history of this run that `T` opens to jump back to any point.

use super::state::App;
use super::views::Mode;

impl App {
    /// The titles of the visits up to the open article, oldest first, ending with the open
    /// one. While a search previews another article, that article alone: a preview is not a
    /// step of the trail.
    pub fn trail_titles(&self) -> Vec<&str> {
        let Some(shown) = self.current() else {
            return Vec::new();
        };
        let visits = self.history.visits();
        let cursor = self.history.cursor();
        let trail = match visits.get(cursor) {
            Some(visit) if visit.article == shown => &visits[..=cursor],
            _ => return vec![self.title(shown)],
        };
        trail
            .iter()
            .map(|visit| self.title(visit.article))
            .collect()
    }

    /// The history of this run, newest first, with whether each row is the current visit.
    pub fn history_rows(&self) -> Vec<(&str, bool)> {
        let cursor = self.history.cursor();
        self.history
            .visits()
            .iter()
            .enumerate()
            .rev()
            .map(|(index, visit)| (self.title(visit.article), index == cursor))
            .collect()
    }

    fn title(&self, id: crate::domain::library::ArticleId) -> &str {
        &self.library.get(id).title
    }

    /// `T`: opens the history list on the current visit, or closes it.
    pub(super) fn toggle_trail(&mut self) {
        self.mode = match self.mode {
            Mode::Trail { .. } => Mode::Normal,
            _ if self.history.visits().is_empty() => Mode::Normal,
            _ => Mode::Trail {
                selected: self.history.visits().len() - 1 - self.history.cursor(),
            },
        };
    }

    /// Moves the history list's selection by `delta` rows, within the list.
    pub(super) fn move_in_trail(&mut self, delta: isize) {
        let last = self.history.visits().len().saturating_sub(1);
        if let Mode::Trail { selected } = &mut self.mode {
            *selected = selected.saturating_add_signed(delta).min(last);
        }
    }

    /// Enter in the history list: goes back (or forward) to the selected visit, where it was
    /// scrolled, and closes the list.
    pub(super) fn jump_in_trail(&mut self) {
        let Mode::Trail { selected } = self.mode else {
            return;
        };
        self.mode = Mode::Normal;
        let Some(index) = self.history.visits().len().checked_sub(selected + 1) else {
            return;
        };
        self.history
            .remember(self.reader.scroll(), self.related.link_cursor);
        if let Some(visit) = self.history.jump(index) {
            self.display(visit.article, visit.scroll, visit.link);
        }
    }
}
