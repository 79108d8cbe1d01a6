//! Habits from newsboat and less: backing out one level with Esc, the previous unread story,
//! catching up (a folder, or everything after a y/n question), and saying so when a key does
//! nothing.

use super::focus::Focus;
use super::overlays::Overlay;
use super::question::Question;
use super::state::App;
use crate::app::action::Command;
use crate::domain::library::ArticleId;
use crate::domain::plural::counted;

impl App {
    /// Esc: closes what is on top (an overlay, the search line, the peek card, a question),
    /// else takes the focus back to the list. In the list with nothing on top it does nothing.
    pub(super) fn back_out(&mut self) {
        if self.back_out_of_overlay() {
            return;
        }
        if self.peek_card().is_some() {
            self.select_related(None);
        } else {
            self.focus_on(Focus::List);
        }
    }

    /// Whether the quit key, with `q_backs_out` set, backs out instead of quitting: something
    /// is on top, or a pane other than the list has focus.
    pub fn backs_out_before_quitting(&self) -> bool {
        !self.overlays.is_empty() || self.focus != Focus::List || self.peek_card().is_some()
    }

    /// `P`: the unread article before the open one in list order, going round.
    pub(super) fn prev_unread(&mut self) {
        match self.unread_from(self.current(), false) {
            Some(id) => {
                self.open_article(id);
                let title = &self.library.get(id).title();
                self.message = Some(format!("previous unread: {title}"));
            }
            None => self.message = Some("no other unread articles".to_owned()),
        }
    }

    /// `A`: marks read every article of the selected row's folder that the filter lets
    /// through (the whole list when the library has one folder).
    pub(super) fn mark_folder_read(&mut self) {
        let Some(section) = self.list.selected_section() else {
            self.message = Some("no folder selected".to_owned());
            return;
        };
        let ids: Vec<ArticleId> = (self.list.sections[section].articles.iter())
            .copied()
            .filter(|&id| self.passes_filter(id))
            .collect();
        let marked = self.mark_all_read(&ids);
        let folder = &self.list.sections[section].folder;
        let articles = counted(marked, "article", "articles");
        self.message = Some(if self.list.sections.len() > 1 {
            let folder = if folder.is_empty() { "." } else { folder };
            format!("marked {articles} read in {folder}")
        } else {
            format!("marked {articles} read")
        });
    }

    /// `C`: asks whether to mark the whole library read.
    pub(super) fn ask_catch_up(&mut self) {
        let unread = self.unread_count();
        if unread == 0 {
            self.message = Some("every article is read already".to_owned());
            return;
        }
        (self.overlays).push(Overlay::Question(Question::CatchUp { unread }));
    }

    /// Yes to catching up: marks every article of the library read.
    pub(super) fn catch_up(&mut self) {
        let ids: Vec<ArticleId> = self.library.ids().collect();
        let marked = self.mark_all_read(&ids);
        let articles = counted(marked, "article", "articles");
        self.message = Some(format!("caught up: marked {articles} read"));
    }

    /// Marks `ids` read; says how many were unread.
    fn mark_all_read(&mut self, ids: &[ArticleId]) -> usize {
        let mut marked = 0;
        for &id in ids {
            if !self.remembered(id).read {
                self.mark_read_now(id);
                marked += 1;
            }
        }
        marked
    }

    /// A key no action is bound to: said once on the status line, with where to look.
    pub(super) fn unbound(&mut self, key: &str) {
        let help = self.config.keymap.keys_for(&Command::Help).first();
        self.message = Some(match help {
            Some(help) => format!("{key} is not bound — {help} for help"),
            None => format!("{key} is not bound"),
        });
    }
}
