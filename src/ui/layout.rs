//! Screen geometry, shared by drawing and by `update` (which needs pane sizes for paging,
//! wrapping and mouse hit-testing).
//!
//! ```text
//! ┌ Articles 17/18 unread ─┐┌ Harbourton Port Records Busiest Year … ─── 0% ┐
//! │ • Bakery Cooperative … ││ Harbourton Port Records Busiest Year in a …   │
//! │▸  Harbourton Port Re…  ││ …                                             │
//! │ ★ Tech Startup Tidew…  │└───────────────────────────────────────────────┘
//! │                        │┌ Related ──────────────────────────────────────┐
//! │                        ││ 1. Fishermen’s Market Extends Weekend Hours   │
//! └────────────────────────┘└───────────────────────────────────────────────┘
//!  3/18 │ reader │ ?:help /:search ]:next link b:back q:quit     (or a message)
//! ```

use ratatui::layout::{Constraint, Layout, Margin, Rect};

/// Below this many columns or rows the panes cannot be drawn usefully.
pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 8;

/// Where each part of the screen goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub list: Rect,
    pub reader: Rect,
    pub links: Rect,
    /// The bottom line: status bar, or the search line while searching.
    pub status: Rect,
}

impl Areas {
    /// Splits `screen`; `None` when it is too small to draw the panes.
    pub fn new(screen: Rect, list_width: u16, links_height: u16) -> Option<Self> {
        if screen.width < MIN_WIDTH || screen.height < MIN_HEIGHT {
            return None;
        }
        let [main, status] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(screen);
        let [list, right] =
            Layout::horizontal([Constraint::Percentage(list_width), Constraint::Fill(1)])
                .areas(main);
        let [reader, links] =
            Layout::vertical([Constraint::Fill(1), Constraint::Percentage(links_height)])
                .areas(right);
        Some(Self {
            list,
            reader,
            links,
            status,
        })
    }
}

/// The inside of a bordered pane.
pub fn inner(pane: Rect) -> Rect {
    pane.inner(Margin::new(1, 1))
}

/// The inside of a bordered pane of running text, with a column of padding each side.
pub fn text_area(pane: Rect) -> Rect {
    pane.inner(Margin::new(2, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_tile_the_screen_without_overlap() {
        let screen = Rect::new(0, 0, 120, 35);
        let areas = Areas::new(screen, 35, 30).unwrap();
        assert_eq!(areas.status, Rect::new(0, 34, 120, 1));
        assert_eq!(areas.list.width + areas.reader.width, 120);
        assert_eq!(areas.reader.width, areas.links.width);
        assert_eq!(areas.reader.height + areas.links.height, 34);
        assert!(!areas.list.intersects(areas.reader));
        assert!(!areas.reader.intersects(areas.links));
    }

    #[test]
    fn too_small_is_none() {
        assert!(Areas::new(Rect::new(0, 0, MIN_WIDTH - 1, 40), 35, 30).is_none());
        assert!(Areas::new(Rect::new(0, 0, 100, MIN_HEIGHT - 1), 35, 30).is_none());
        assert!(Areas::new(Rect::new(0, 0, MIN_WIDTH, MIN_HEIGHT), 35, 30).is_some());
    }
}
