//! Browser-style history: back and forward over the articles visited, each remembering where
//! the reader was scrolled when it was left.

mod list;

pub use list::HistoryList;

use super::related::RelatedRow;
use crate::domain::library::{ArticleId, Library};
use crate::domain::wrap::DisplayLine;

/// One visited article and the reading position to come back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visit {
    pub article: ArticleId,
    pub scroll: DisplayLine,
    pub link: Option<RelatedRow>,
}

/// Visits in order, with a cursor at the current one.
#[derive(Debug, Clone, Default)]
pub struct History {
    visits: Vec<Visit>,
    current: usize,
}

impl History {
    /// The visits of an earlier run, with the cursor on `current` (clamped to the last).
    pub fn restored(visits: Vec<Visit>, current: usize) -> Self {
        let current = current.min(visits.len().saturating_sub(1));
        Self { visits, current }
    }

    /// Records the position of the current visit, so that coming back restores it.
    pub fn remember(&mut self, scroll: DisplayLine, link: Option<RelatedRow>) {
        if let Some(visit) = self.visits.get_mut(self.current) {
            visit.scroll = scroll;
            visit.link = link;
        }
    }

    /// Visits `article` after the current one, dropping any forward history, as a browser does.
    pub fn push(&mut self, article: ArticleId) {
        if !self.visits.is_empty() {
            self.visits.truncate(self.current + 1);
            self.current += 1;
        }
        self.visits.push(Visit {
            article,
            scroll: DisplayLine(0),
            link: None,
        });
    }

    /// Renumbers every visit after the library changed; visits to articles that are gone are
    /// dropped, and the cursor stays on the same visit or the nearest one before it.
    pub fn renumber(&mut self, new_id: impl Fn(ArticleId) -> Option<ArticleId>) {
        let mut current = 0;
        let mut kept = Vec::with_capacity(self.visits.len());
        for (index, visit) in self.visits.iter().enumerate() {
            if let Some(article) = new_id(visit.article) {
                if index <= self.current {
                    current = kept.len();
                }
                kept.push(Visit { article, ..*visit });
            }
        }
        self.visits = kept;
        self.current = current;
    }

    /// Every visit of this run, oldest first; the cursor is on [`History::cursor`].
    pub fn visits(&self) -> &[Visit] {
        &self.visits
    }

    /// Where the cursor is in [`History::visits`].
    pub fn cursor(&self) -> usize {
        self.current
    }

    /// Moves the cursor to visit `index` and returns it; the visits after it stay, so the
    /// reader can jump forward again as with `forward`.
    pub fn jump(&mut self, index: usize) -> Option<Visit> {
        let visit = *self.visits.get(index)?;
        self.current = index;
        Some(visit)
    }

    /// The titles of the visits up to the current one, oldest first, when article `shown` is
    /// the current visit's; else `shown`'s alone (a search's preview is not a visit).
    pub fn titles_to<'a>(&self, library: &'a Library, shown: ArticleId) -> Vec<&'a str> {
        let title = |id: ArticleId| library.get(id).title();
        match self.visits.get(self.current) {
            Some(visit) if visit.article == shown => (self.visits[..=self.current].iter())
                .map(|visit| title(visit.article))
                .collect(),
            _ => vec![title(shown)],
        }
    }

    /// Every visit's title, newest first, with whether it is the current visit.
    pub fn rows<'a>(&self, library: &'a Library) -> Vec<(&'a str, bool)> {
        (self.visits.iter().enumerate().rev())
            .map(|(index, visit)| (library.get(visit.article).title(), index == self.current))
            .collect()
    }

    /// The visit the cursor is on.
    pub fn current(&self) -> Option<Visit> {
        self.visits.get(self.current).copied()
    }

    /// Moves back one visit and returns it, if there is one.
    pub fn back(&mut self) -> Option<Visit> {
        self.current = self.current.checked_sub(1)?;
        Some(self.visits[self.current])
    }

    /// Moves forward one visit and returns it, if there is one.
    pub fn forward(&mut self) -> Option<Visit> {
        if self.current + 1 >= self.visits.len() {
            return None;
        }
        self.current += 1;
        Some(self.visits[self.current])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(index: usize) -> ArticleId {
        ArticleId::new(index)
    }

    #[test]
    fn back_and_forward_walk_the_visits_with_their_positions() {
        let mut history = History::default();
        history.push(id(1));
        history.remember(DisplayLine(10), None);
        history.push(id(2));
        history.remember(DisplayLine(20), Some(RelatedRow(0)));
        history.push(id(3));
        assert_eq!(
            history.back().map(|v| (v.article, v.scroll, v.link)),
            Some((id(2), DisplayLine(20), Some(RelatedRow(0))))
        );
        assert_eq!(
            history.back().map(|v| (v.article, v.scroll)),
            Some((id(1), DisplayLine(10)))
        );
        assert_eq!(history.back(), None);
        assert_eq!(history.forward().map(|v| v.article), Some(id(2)));
        assert_eq!(history.forward().map(|v| v.article), Some(id(3)));
        assert_eq!(history.forward(), None);
    }

    #[test]
    fn renumbering_drops_gone_articles_and_keeps_the_cursor_near() {
        let mut history = History::default();
        for article in [1, 2, 3, 4] {
            history.push(id(article));
        }
        history.back();
        history.renumber(|old| (old != id(3)).then(|| id(old.index() * 10)));
        // 3 was current and is gone: the cursor is on 2 now.
        assert_eq!(history.forward().map(|v| v.article), Some(id(40)));
        assert_eq!(history.back().map(|v| v.article), Some(id(20)));
        assert_eq!(history.back().map(|v| v.article), Some(id(10)));
    }

    #[test]
    fn a_jump_moves_the_cursor_and_keeps_the_later_visits() {
        let mut history = History::default();
        for article in [1, 2, 3] {
            history.push(id(article));
        }
        assert_eq!(history.jump(0).map(|v| v.article), Some(id(1)));
        assert_eq!(history.cursor(), 0);
        assert_eq!(history.jump(3), None);
        assert_eq!(history.cursor(), 0);
        assert_eq!(history.forward().map(|v| v.article), Some(id(2)));
        assert_eq!(history.visits().len(), 3);
    }

    #[test]
    fn a_new_visit_drops_forward_history() {
        let mut history = History::default();
        history.push(id(1));
        history.push(id(2));
        history.back();
        history.push(id(3));
        assert_eq!(history.forward(), None);
        assert_eq!(history.back().map(|v| v.article), Some(id(1)));
    }
}
