//! Screen geometry: pane areas. `update` needs them
//! for paging, wrapping and mouse hit-testing, and `ui` draws with the same numbers.

use ratatui::layout::{Constraint, Layout, Margin, Rect};

use super::focus::Focus;
use crate::app::config::Align;
use crate::domain::worker::SIMILAR_STORIES;

/// Below this many columns or rows the panes cannot be drawn usefully.
pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 8;

/// What the split of the screen depends on besides its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shape {
    /// Width of the list, in percent of the screen.
    pub list_width: u16,
    /// Most of the right column the related-links pane may take, in percent.
    pub links_height: u16,
    /// Lines the related-links pane has to show (see [`related_lines`](super::related::related_lines)).
    pub related_lines: usize,
    /// The pane zoomed to the whole screen, if any.
    pub zoom: Option<Focus>,
}

/// The related-links pane shows at least this many lines, so it reads as a pane.
pub const MIN_RELATED_LINES: usize = 3;
/// Similar stories the related pane makes room for beyond its share of the column, when the
/// reader keeps at least half: a short screen still shows that there are some.
const SIMILAR_IN_VIEW: usize = 2;

/// Where each part of the screen goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub list: Rect,
    pub reader: Rect,
    pub links: Rect,
    /// The bottom line: status bar, or the search line while searching.
    pub status: Rect,
    /// The pane drawn over the others, on the whole screen but the status line. The hidden
    /// panes keep their places, so that paging and wrapping go on as before.
    pub zoom: Option<Focus>,
}

impl Areas {
    /// Splits `screen`; `None` when it is too small to draw the panes.
    pub fn new(screen: Rect, shape: &Shape) -> Option<Self> {
        if screen.width < MIN_WIDTH || screen.height < MIN_HEIGHT {
            return None;
        }
        let [main, status] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(screen);
        let [list, right] = Layout::horizontal([
            Constraint::Percentage(shape.list_width),
            Constraint::Fill(1),
        ])
        .areas(main);
        // Only the lines the pane needs, between a few and its share of the column; more, up
        // to half the column, when that brings the first similar stories into view.
        let share = usize::from(right.height) * usize::from(shape.links_height) / 100;
        let to_similar = (shape.related_lines + SIMILAR_IN_VIEW)
            .saturating_sub(SIMILAR_STORIES)
            .saturating_add(2);
        let most = if to_similar <= usize::from(right.height) / 2 {
            share.max(to_similar)
        } else {
            share
        };
        let wanted = shape.related_lines.max(MIN_RELATED_LINES).saturating_add(2);
        let links_height = u16::try_from(wanted.min(most)).unwrap_or(u16::MAX);
        let [reader, links] =
            Layout::vertical([Constraint::Fill(1), Constraint::Length(links_height)]).areas(right);
        let mut areas = Self {
            list,
            reader,
            links,
            status,
            zoom: shape.zoom,
        };
        match shape.zoom {
            Some(Focus::List) => areas.list = main,
            Some(Focus::Reader) => areas.reader = main,
            Some(Focus::Links) => areas.links = main,
            None => {}
        }
        Some(areas)
    }

    /// The pane drawn at `position`, if any.
    pub fn pane_at(&self, position: ratatui::layout::Position) -> Option<Focus> {
        [
            (self.list, Focus::List),
            (self.reader, Focus::Reader),
            (self.links, Focus::Links),
        ]
        .into_iter()
        .filter(|(_, focus)| self.shows(*focus))
        .find(|(area, _)| area.contains(position))
        .map(|(_, focus)| focus)
    }

    /// Whether `pane` is drawn (all are, unless another one is zoomed).
    pub fn shows(&self, pane: Focus) -> bool {
        self.zoom.is_none_or(|zoomed| zoomed == pane)
    }
}

/// The column the article's text is drawn in: the pane's text area, at most `max_width`
/// wide, on the left or in the middle.
pub fn text_column(pane: Rect, max_width: u16, align: Align) -> Rect {
    let area = text_area(pane);
    let width = area.width.min(max_width);
    let x = match align {
        Align::Left => area.x,
        Align::Center => area.x + (area.width - width) / 2,
    };
    Rect { x, width, ..area }
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
    use crate::app::related::RelatedRow;
    use crate::app::related::{RelatedCounts, related_lines};

    fn shape(related_lines: usize, zoom: Option<Focus>) -> Shape {
        Shape {
            list_width: 35,
            links_height: 30,
            related_lines,
            zoom,
        }
    }

    #[test]
    fn panes_tile_the_screen_without_overlap() {
        let screen = Rect::new(0, 0, 120, 35);
        let areas = Areas::new(screen, &shape(40, None)).unwrap();
        assert_eq!(areas.status, Rect::new(0, 34, 120, 1));
        assert_eq!(areas.list.width + areas.reader.width, 120);
        assert_eq!(areas.reader.width, areas.links.width);
        assert_eq!(areas.reader.height + areas.links.height, 34);
        assert!(!areas.list.intersects(areas.reader));
        assert!(!areas.reader.intersects(areas.links));
    }

    #[test]
    fn too_small_is_none() {
        let shape = shape(3, None);
        assert!(Areas::new(Rect::new(0, 0, MIN_WIDTH - 1, 40), &shape).is_none());
        assert!(Areas::new(Rect::new(0, 0, 100, MIN_HEIGHT - 1), &shape).is_none());
        assert!(Areas::new(Rect::new(0, 0, MIN_WIDTH, MIN_HEIGHT), &shape).is_some());
    }

    #[test]
    fn the_related_pane_takes_the_lines_it_needs_from_three_up_to_its_share() {
        let screen = Rect::new(0, 0, 120, 35);
        let height = |lines| {
            Areas::new(screen, &shape(lines, None))
                .unwrap()
                .links
                .height
        };
        assert_eq!(height(0), 5, "three lines and the borders");
        assert_eq!(height(3), 5);
        assert_eq!(height(6), 8);
        // 30% of the 34 rows above the status line.
        assert_eq!(height(50), 10);
        assert_eq!(related_lines(2, 1), 4 + 1 + SIMILAR_STORIES);
        assert_eq!(
            related_lines(0, 2),
            4 + 1 + SIMILAR_STORIES,
            "the placeholder, the headings, the backlinks and room for the similar stories"
        );
    }

    #[test]
    fn at_80x24_the_related_pane_grows_to_show_the_first_similar_stories() {
        let screen = Rect::new(0, 0, 80, 24);
        // Two links and a backlink: links, heading, backlink, heading, two similar stories.
        let lines = related_lines(2, 1);
        let links = Areas::new(screen, &shape(lines, None)).unwrap().links;
        let inside = usize::from(inner(links).height);
        let counts = counts(2, 1, SIMILAR_STORIES);
        let second = counts.item_line(RelatedRow(2 + 1 + 1));
        assert!(
            second < inside,
            "the second similar story (line {second}) fits in {inside} lines"
        );
        // Not at the cost of more than half the column.
        let many = related_lines(20, 10);
        let links = Areas::new(screen, &shape(many, None)).unwrap().links;
        assert_eq!(links.height, 6, "30% of 23 rows");
    }

    #[test]
    fn a_zoomed_pane_covers_the_others_which_keep_their_places() {
        let screen = Rect::new(0, 0, 120, 35);
        let normal = Areas::new(screen, &shape(4, None)).unwrap();
        let zoomed = Areas::new(screen, &shape(4, Some(Focus::Links))).unwrap();
        assert_eq!(zoomed.links, Rect::new(0, 0, 120, 34));
        assert_eq!((zoomed.list, zoomed.reader), (normal.list, normal.reader));
        let position = ratatui::layout::Position::new(2, 2);
        assert_eq!(normal.pane_at(position), Some(Focus::List));
        assert_eq!(zoomed.pane_at(position), Some(Focus::Links));
        assert!(!zoomed.shows(Focus::List) && zoomed.shows(Focus::Links));
    }

    #[test]
    fn the_text_column_is_centred_only_when_asked_and_wider_than_max_width() {
        let pane = Rect::new(10, 0, 104, 20);
        assert_eq!(text_column(pane, 80, Align::Left), Rect::new(12, 1, 80, 18));
        assert_eq!(
            text_column(pane, 80, Align::Center),
            Rect::new(22, 1, 80, 18)
        );
        assert_eq!(text_column(pane, 200, Align::Center), text_area(pane));
    }

    fn counts(outgoing: usize, backlinks: usize, similar: usize) -> RelatedCounts {
        RelatedCounts {
            outgoing,
            backlinks,
            similar,
        }
    }

    #[test]
    fn lines_and_items_map_both_ways() {
        // Two links, a heading, three backlinks, a heading, two similar stories.
        let pane = counts(2, 3, 2);
        for index in 0..7 {
            let row = RelatedRow(index);
            assert_eq!(pane.item_at_line(pane.item_line(row)), Some(row));
        }
        assert_eq!(pane.item_line(RelatedRow(2)), 3, "the first backlink");
        assert_eq!(pane.item_at_line(2), None, "the heading");
        assert_eq!(pane.item_at_line(6), None, "the similar heading");
        assert_eq!(pane.item_line(RelatedRow(5)), 7, "the first similar story");
        assert_eq!(pane.item_at_line(9), None, "past the end");
        // No links: a placeholder line, the heading, then backlinks.
        let pane = counts(0, 1, 0);
        assert_eq!(pane.item_line(RelatedRow(0)), 2);
        assert_eq!(pane.item_at_line(2), Some(RelatedRow(0)));
        assert_eq!(pane.item_at_line(0), None);
        assert_eq!(
            pane.item_at_line(4),
            None,
            "the placeholder of similar stories"
        );
    }

    #[test]
    fn without_links_or_backlinks_one_line_says_so_and_the_similar_stories_follow() {
        // "No links to or from this story", "Similar", then the stories.
        let pane = counts(0, 0, 3);
        assert!(pane.unlinked());
        assert_eq!(pane.backlinks_heading(), None);
        assert_eq!(pane.similar_heading(), 1);
        assert_eq!(pane.item_at_line(0), None);
        assert_eq!(pane.item_at_line(1), None);
        for index in 0..3 {
            assert_eq!(pane.item_at_line(2 + index), Some(RelatedRow(index)));
            assert_eq!(pane.item_line(RelatedRow(index)), 2 + index);
        }
        assert_eq!(pane.item_at_line(5), None);
        assert_eq!(related_lines(0, 0), 2 + SIMILAR_STORIES);
        // A backlink alone keeps both sections.
        let pane = counts(0, 1, 1);
        assert_eq!(pane.backlinks_heading(), Some(1));
        assert_eq!(pane.similar_heading(), 3);
        assert_eq!(pane.item_at_line(4), Some(RelatedRow(1)));
    }

    #[test]
    fn scrolls_only_as_far_as_the_cursor_needs() {
        let pane = counts(3, 3, 0);
        assert_eq!(pane.scroll_offset(None, 4), 0);
        assert_eq!(pane.scroll_offset(Some(RelatedRow(3)), 4), 1);
        assert_eq!(pane.scroll_offset(Some(RelatedRow(5)), 4), 3);
        let pane = counts(1, 0, 5);
        assert_eq!(
            pane.scroll_offset(Some(RelatedRow(5)), 4),
            4,
            "line 7: the last story"
        );
    }
}
