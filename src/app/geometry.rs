//! Screen geometry: pane areas and the related-links pane's row maths. `update` needs them
//! for paging, wrapping and mouse hit-testing, and `ui` draws with the same numbers.

use ratatui::layout::{Constraint, Layout, Margin, Rect};

use super::views::RelatedRow;

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

// The related-links pane's lines: its rows (outgoing links, then backlinks) with a heading line
// between the two groups, and a placeholder line when there are no outgoing links. Lines are
// plain numbers counted from the pane's first line, rows are `RelatedRow`s.

/// The pane line showing `row`, given `outgoing` outgoing links.
pub fn item_line(row: RelatedRow, outgoing: usize) -> usize {
    if row.0 < outgoing {
        row.0
    } else {
        outgoing.max(1) + 1 + (row.0 - outgoing)
    }
}

/// The row shown on pane line `line` out of `rows`, if any (headings are not rows).
pub fn item_at_line(line: usize, outgoing: usize, rows: usize) -> Option<RelatedRow> {
    if line < outgoing {
        return Some(RelatedRow(line));
    }
    let first_backlink = outgoing.max(1) + 1;
    let index = outgoing + line.checked_sub(first_backlink)?;
    (index < rows).then_some(RelatedRow(index))
}

/// First visible pane line: just enough scroll to keep the cursor's line on screen.
pub fn scroll_offset(cursor: Option<RelatedRow>, outgoing: usize, height: usize) -> usize {
    let line = cursor.map_or(0, |row| item_line(row, outgoing));
    (line + 1).saturating_sub(height.max(1))
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

    #[test]
    fn lines_and_items_map_both_ways() {
        // Two links, a heading, three backlinks.
        for index in 0..5 {
            let row = RelatedRow(index);
            assert_eq!(item_at_line(item_line(row, 2), 2, 5), Some(row));
        }
        assert_eq!(item_line(RelatedRow(2), 2), 3, "the first backlink");
        assert_eq!(item_at_line(2, 2, 5), None, "the heading");
        assert_eq!(item_at_line(6, 2, 5), None, "past the end");
        // No links: a placeholder line, the heading, then backlinks.
        assert_eq!(item_line(RelatedRow(0), 0), 2);
        assert_eq!(item_at_line(2, 0, 1), Some(RelatedRow(0)));
        assert_eq!(item_at_line(0, 0, 1), None);
    }

    #[test]
    fn scrolls_only_as_far_as_the_cursor_needs() {
        assert_eq!(scroll_offset(None, 3, 4), 0);
        assert_eq!(scroll_offset(Some(RelatedRow(3)), 3, 4), 1);
        assert_eq!(scroll_offset(Some(RelatedRow(5)), 3, 4), 3);
    }
}
