//! The reading pane of a story too large to lay out whole: a window of it is laid out on the
//! wrap lane around where the reader is, and scrolling near the window's edge, `G` and `g`
//! ask for the next one, as `less` pages through a huge file. Positions are kept as a
//! fraction of the file, so they survive windows, widths and runs.

use crate::app::action::{Command, Motion};
use crate::domain::wrap::{Around, DisplayLine};

/// The window asked for last: around what, how far below that block's first line the top of
/// the pane was then, and, when the reader scrolled the window asked from, the pane's top line
/// then (what the reader scrolls before the answer comes is added to the place).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Asked {
    pub around: Around,
    pub lines_into: usize,
    pub scroll: Option<DisplayLine>,
}

/// A jump to an end of the story, which the window must follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jump {
    Top,
    Bottom,
}

impl Jump {
    /// The jump `command` makes in the reading pane, if any (`reading`: the reader has the
    /// focus, nothing on top).
    pub fn of(command: Command, reading: bool) -> Option<Self> {
        match command {
            Command::Move(Motion::Top) if reading => Some(Self::Top),
            Command::Move(Motion::Bottom) if reading => Some(Self::Bottom),
            _ => None,
        }
    }
}
