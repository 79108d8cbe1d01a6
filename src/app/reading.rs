//! Marks and the list's filters and order: read, starred, the reading position, unread or
//! starred only, the sort order and folded folders; and what follows the reader's view
//! wherever it moves.

use std::time::Duration;

use super::focus::Focus;
use super::reader::{Moved, READ_AFTER, ReadTimer};
use super::state::App;
use crate::domain::library::ArticleId;
use crate::domain::store::Remembered;

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

    /// The reader's view moved (it scrolled, the article was laid out again, another one
    /// is shown): what follows the view is brought up to date here, where it moves, and
    /// nowhere else. Every change of the reader's scroll hands over its [`Moved`].
    pub(super) fn reader_moved(&mut self, _moved: Moved) {
        self.forget_hidden_link();
        self.mark_read_at_the_end();
        self.remember_position();
    }

    /// The reader's view was placed where the store keeps it (the first article at start):
    /// the selected link and the read mark follow it; the position is the store's already.
    pub(super) fn reader_placed(&mut self, _moved: Moved) {
        self.forget_hidden_link();
        self.mark_read_at_the_end();
    }

    /// The user chose the open article `id` (enter on it, or on its search result): it is
    /// read, and where it is read is remembered.
    pub(super) fn chose_the_open_article(&mut self, id: ArticleId) {
        self.remember(id, |r| r.read = true);
        self.remember_position();
    }

    /// An article scrolled to its end has been read, however quickly (not while a search
    /// previews it: the user is choosing, not reading).
    fn mark_read_at_the_end(&mut self) {
        let Some(timer) = self.read_timer else {
            return;
        };
        let at_end = self.reader.at_end(self.reader_height());
        let previewing = self.overlays.search().is_some();
        if at_end && !previewing && Some(timer.article) == self.current() {
            self.read_timer = None;
            self.remember(timer.article, |r| r.read = true);
        }
    }

    /// Records where the open article is scrolled to, for the next run.
    fn remember_position(&mut self) {
        let Some((id, scroll, lines)) = self.reader.position() else {
            return;
        };
        self.remember(id, |r| {
            r.scroll = scroll;
            r.lines = lines;
        });
    }

    /// Unselects the selected link once no line of it is in view, so that `Enter` never
    /// follows a link the user cannot see. With nothing drawn the selection is kept for when
    /// the panes come back.
    fn forget_hidden_link(&mut self) {
        let Some(link) = self.selected_link() else {
            return;
        };
        if self.areas.is_some() && !self.reader.shows_link(link, self.reader_height()) {
            self.related.link_cursor = None;
        }
    }
}
