//! The reading pane of a story too large to lay out whole: the windows asked of the wrap lane.

use super::App;
use crate::app::reader::Moved;
use crate::app::window::{Asked, Jump};
use crate::domain::library::{ArticleId, READ_WHOLE_MAX};
use crate::domain::worker::Job;
use crate::domain::wrap::{Around, DisplayLine, Targets, Wrapped, wrap_head};
use std::sync::Arc;

impl App {
    /// Whether article `id` is read in windows: a file larger than the library reads whole.
    pub(in crate::app) fn windowed(&self, id: ArticleId) -> bool {
        self.library.get(id).size() > READ_WHOLE_MAX
    }

    /// Lays out the first screen of windowed article `id` now, read no further than it shows,
    /// and asks the wrap lane for the window where the reader is (or was last time).
    pub(in crate::app) fn lay_out_window(&mut self, id: ArticleId, width: usize) -> Wrapped {
        let shown = (self.reader.wrapped()).filter(|wrapped| wrapped.article == id);
        let scroll = self.reader.scroll();
        let asked = match shown.and_then(|wrapped| wrapped.window.as_ref()) {
            Some(window) => {
                let around = window.offset_at(scroll);
                let first = window.line_of(around).unwrap_or(scroll);
                Asked {
                    around: Around::Offset(around),
                    lines_into: scroll.0.saturating_sub(first.0),
                    // A new width or height lays the first screen out again: no scrolling.
                    scroll: None,
                }
            }
            None => {
                let size = self.library.get(id).size();
                let offset = self.remembered(id).scroll_for(size as usize) as u64;
                Asked {
                    around: Around::Offset(offset),
                    lines_into: 0,
                    scroll: None,
                }
            }
        };
        self.ask_window(id, width, asked);
        let lines = 2 * self.reader_height();
        wrap_head(&self.library, id, width, Targets::WhenDifferent, lines)
    }

    fn ask_window(&mut self, id: ArticleId, width: usize, asked: Asked) {
        let library = Arc::clone(&self.library);
        let job = Job::Wrap {
            library,
            id,
            width,
            around: Some(asked.around),
        };
        self.background.wrap_from = None;
        self.background.window = Some(asked);
        self.background.wrap = Some(self.submit(job));
    }

    /// Puts the reader where it was asked to be in a window that arrived: the block it was
    /// around, as far into it as the reader was, plus what the reader scrolled meanwhile.
    pub(in crate::app) fn place_in_window(&mut self) -> Option<Moved> {
        let asked = self.background.window?;
        let window = self.reader.wrapped()?.window.as_ref()?;
        let line = match asked.around {
            Around::End => usize::MAX,
            // The story's top, its title included.
            Around::Offset(0) => 0,
            Around::Offset(offset) => {
                let first = window.line_of(offset).map_or(0, |line| line.0);
                let moved = asked
                    .scroll
                    .map_or(0, |then| self.reader.scroll().0 as isize - then.0 as isize);
                (first + asked.lines_into).saturating_add_signed(moved)
            }
        };
        Some(
            self.reader
                .scroll_to(DisplayLine(line), self.reader_height()),
        )
    }

    /// After every action: asks for the next window when the reader nears an edge of the one
    /// shown that is not the story's, or jumped to an end of the story.
    pub(in crate::app) fn follow_window(&mut self, jump: Option<Jump>) {
        let Some(wrapped) = self.reader.wrapped() else {
            return;
        };
        if !self.windowed(wrapped.article) {
            return;
        }
        let window = wrapped.window.as_ref();
        let (scroll, height) = (self.reader.scroll(), self.reader_height());
        let around = match (jump, window) {
            // A jump is asked for at once, even over a window still being laid out (the first
            // screen has no window yet): the newer job's answer is the one taken.
            (Some(Jump::Bottom), _) if window.is_none_or(|window| !window.at_end) => Around::End,
            (Some(Jump::Top), Some(window)) if !window.at_start => Around::Offset(0),
            (_, Some(window)) if self.background.wrap.is_none() => {
                let near_end = !window.at_end && scroll.0 + 2 * height >= wrapped.lines.len();
                let near_start = !window.at_start && scroll.0 < height;
                if !near_end && !near_start {
                    return;
                }
                Around::Offset(window.offset_at(scroll))
            }
            _ => return,
        };
        // A window asked around the block on top that still leaves it near the edge (one
        // block longer than the window) is not asked for again.
        if self.background.window.map(|asked| asked.around) == Some(around) {
            return;
        }
        let first = match (around, window) {
            (Around::Offset(offset), Some(window)) => window.line_of(offset).unwrap_or(scroll),
            _ => scroll,
        };
        let asked = Asked {
            around,
            lines_into: scroll.0.saturating_sub(first.0),
            scroll: Some(scroll),
        };
        let (id, width) = (wrapped.article, wrapped.width);
        self.ask_window(id, width, asked);
    }
}
