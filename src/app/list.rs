//! Marks and the list's filters: read, starred, the reading position, and unread/starred only.

use std::time::Duration;

use super::state::App;
use super::views::{Focus, ListFilter};
use crate::domain::library::ArticleId;
use crate::domain::plural::counted;
use crate::domain::store::Remembered;

/// An article shown in the reader this long counts as read, as in a mail or feed reader.
pub const READ_AFTER: Duration = Duration::from_secs(3);

/// How long the open, unread article has been shown; dropped once it is marked, or when the
/// user marks it by hand (an article marked unread stays unread while it is shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadTimer {
    pub article: ArticleId,
    pub shown: Duration,
    /// Whether time counts: not for the article shown at start until the user presses a key,
    /// since a reader left open with nobody at the screen has read nothing.
    pub armed: bool,
}

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
        if self.read_timer.is_some_and(|timer| timer.article == id) {
            self.read_timer = None;
        }
        let mut now = false;
        self.remember(id, |r| {
            let flag = flag(r);
            *flag = !*flag;
            now = *flag;
        });
        self.message = Some(format!("marked {}", if now { on } else { off }));
    }

    /// Switches a list filter, keeping the selection on the same article when it stays visible.
    pub(super) fn toggle_filter(&mut self, change: impl FnOnce(&mut ListFilter)) {
        change(&mut self.list.filter);
        self.keep_selection(Self::refilter);
        let filter = self.list.filter;
        let (all, which) = match (filter.unread_only, filter.starred_only) {
            (false, false) => ("all ", ""),
            (true, false) => ("", "unread "),
            (false, true) => ("", "starred "),
            (true, true) => ("", "unread starred "),
        };
        let one = format!("{which}article");
        let many = format!("{which}articles");
        self.message = Some(format!(
            "showing {all}{}",
            counted(self.filtered_count(), &one, &many)
        ));
    }

    /// Starts counting how long `id` is shown, unless it is read already.
    pub(super) fn arm_read_timer(&mut self, id: ArticleId) {
        self.read_timer = (!self.remembered(id).read).then_some(ReadTimer {
            article: id,
            shown: Duration::ZERO,
            armed: true,
        });
    }

    /// The article shown at start counts as read only once the user does something: a key
    /// arms its timer, reading it (scrolling, following a link) marks it at once.
    pub(super) fn hold_read_timer(&mut self) {
        if let Some(timer) = &mut self.read_timer {
            timer.armed = false;
        }
    }

    /// The user is at the screen: the open article's time shown counts from now on.
    pub(super) fn arm_read_timer_on_input(&mut self) {
        if let Some(timer) = &mut self.read_timer {
            timer.armed = true;
        }
    }

    /// Article `id` is read now, whatever its timer says: space moved on from it.
    pub(super) fn mark_read_now(&mut self, id: ArticleId) {
        if self.read_timer.is_some_and(|timer| timer.article == id) {
            self.read_timer = None;
        }
        self.remember(id, |r| r.read = true);
    }

    /// The user reads the open article (scrolls it, follows one of its links): it is read now
    /// if it was waiting for its time shown. One marked unread by hand has no timer and stays
    /// unread.
    pub(super) fn reading_the_open_article(&mut self) {
        if self.overlays.search().is_some() {
            return;
        }
        if let Some(timer) = self.read_timer
            && Some(timer.article) == self.current()
        {
            self.mark_read_now(timer.article);
        }
    }

    /// Counts time shown towards marking the open article read. A search's preview does not
    /// count: the user is choosing, not reading.
    pub(super) fn tick(&mut self, elapsed: Duration) {
        if self.overlays.search().is_some() {
            return;
        }
        let current = self.current();
        let Some(timer) = &mut self.read_timer else {
            return;
        };
        if Some(timer.article) != current || !timer.armed {
            return;
        }
        timer.shown = timer.shown.saturating_add(elapsed);
        if timer.shown >= READ_AFTER {
            let id = timer.article;
            self.read_timer = None;
            self.remember(id, |r| r.read = true);
        }
    }

    /// How much longer the open article must be shown to count as read, while its time
    /// counts (the same conditions as [`App::tick`]'s).
    pub(super) fn read_timer_left(&self) -> Option<Duration> {
        let timer = self.read_timer.filter(|timer| timer.armed)?;
        let counting = self.overlays.search().is_none() && Some(timer.article) == self.current();
        counting.then(|| READ_AFTER.saturating_sub(timer.shown))
    }

    /// An article scrolled to its end has been read, however quickly.
    pub(super) fn mark_read_at_the_end(&mut self) {
        let Some(timer) = self.read_timer else {
            return;
        };
        let max = self.max_scroll();
        // The end of a window is the story's end only in the last window.
        let last_window = (self.reader.wrapped.as_ref())
            .is_none_or(|wrapped| wrapped.window.as_ref().is_none_or(|window| window.at_end));
        let at_end = max.0 > 0 && self.reader.scroll >= max && last_window;
        let previewing = self.overlays.search().is_some();
        if at_end && !previewing && Some(timer.article) == self.current() {
            self.read_timer = None;
            self.remember(timer.article, |r| r.read = true);
        }
    }

    /// Records where the open article is scrolled to, for the next run.
    pub(super) fn remember_position(&mut self) {
        let Some(wrapped) = &self.reader.wrapped else {
            return;
        };
        let id = wrapped.article;
        let (scroll, lines) = self.position(wrapped);
        self.remember(id, |r| {
            r.scroll = scroll;
            r.lines = lines;
        });
    }
}
