//! The overlays' commands: the help, the history and the link map each take the few commands
//! their key tables give (moving, closing, opening) and ignore the rest, so that no command
//! reaches the panes under them.

use ratatui::layout::Rect;

use super::help;
use super::state::App;
use super::views::Mode;
use crate::app::action::{Command, Motion};

impl App {
    /// A command while the help is open: it scrolls and closes.
    pub(super) fn help_command(&mut self, command: Command) {
        let page = self.help_page();
        match command {
            Command::Close => self.mode = Mode::Normal,
            Command::Move(motion) => self.scroll_help(motion.rows(page, page / 2)),
            Command::ReadOn => self.scroll_help(Motion::PageDown.rows(page, page / 2)),
            _ => {}
        }
    }

    /// A command while the history is open: it moves, jumps to the visit chosen, and closes.
    pub(super) fn trail_command(&mut self, command: Command) {
        match command {
            Command::Close => self.mode = Mode::Normal,
            Command::Trail => self.toggle_trail(),
            Command::Move(motion) => {
                let page = self.page();
                self.move_in_trail(motion.rows(page, page / 2));
            }
            Command::Open => self.jump_in_trail(),
            _ => {}
        }
    }

    /// A command while the link map is open: it moves, opens the story chosen, and closes.
    pub(super) fn map_command(&mut self, command: Command) {
        match command {
            Command::Close => self.mode = Mode::Normal,
            Command::Trail => self.toggle_trail(),
            Command::LinkMap => self.toggle_map(),
            Command::Move(motion) => {
                let page = self.map_page();
                self.move_in_map(motion.rows(page, page / 2));
            }
            Command::Open => self.open_from_map(),
            _ => {}
        }
    }

    /// Rows in one page of the link map, less one for context.
    fn map_page(&self) -> isize {
        isize::try_from(self.map_height().saturating_sub(1).max(1)).unwrap_or(1)
    }

    /// Lines in one page of the help, less one for context.
    fn help_page(&self) -> isize {
        let visible = self.help_layout(self.screen, 0).visible();
        isize::try_from(visible.saturating_sub(1).max(1)).unwrap_or(1)
    }

    /// The help overlay on `screen`, scrolled to `scroll`, ending with what the last fetch
    /// has to say and the library's problems.
    pub fn help_layout(&self, screen: Rect, scroll: usize) -> help::HelpLayout {
        let appendices = [
            self.fetch_appendix(),
            help::Appendix::problems(&self.library),
        ];
        help::layout(&self.config, &appendices, screen, scroll)
    }

    fn scroll_help(&mut self, delta: isize) {
        if let Mode::Help { scroll } = self.mode {
            let wanted = scroll.saturating_add_signed(delta);
            let scroll = self.help_layout(self.screen, wanted).scroll;
            self.mode = Mode::Help { scroll };
        }
    }
}
