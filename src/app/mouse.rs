//! Clicks and the mouse wheel, hit-tested against the same geometry the panes are drawn with.

use ratatui::layout::Position;

use super::geometry::{self, inner, text_area};
use super::state::App;
use super::views::{Focus, ListRow, Mode, SearchKind};
use crate::wrap::{DisplayLine, LineKind};

/// Lines the mouse wheel scrolls per notch.
const WHEEL_LINES: isize = 3;

impl App {
    /// The pane under a screen position.
    pub(super) fn pane_at(&self, position: Position) -> Option<Focus> {
        let areas = self.areas?;
        [
            (areas.list, Focus::List),
            (areas.reader, Focus::Reader),
            (areas.links, Focus::Links),
        ]
        .into_iter()
        .find(|(area, _)| area.contains(position))
        .map(|(_, focus)| focus)
    }

    /// The wheel scrolls the pane under the pointer, whatever has focus.
    pub(super) fn wheel(&mut self, position: Position, down: bool) {
        if let Some(focus) = self.pane_at(position) {
            let delta = if down { WHEEL_LINES } else { -WHEEL_LINES };
            self.move_in(focus, delta);
        }
    }

    /// A click focuses the pane under it and selects the row clicked.
    pub(super) fn click(&mut self, position: Position) {
        let (Some(areas), Some(focus)) = (self.areas, self.pane_at(position)) else {
            return;
        };
        if matches!(self.mode, Mode::Help { .. }) {
            return;
        }
        self.focus = focus;
        match focus {
            Focus::List => {
                let area = inner(areas.list);
                if !area.contains(position) {
                    return;
                }
                let row = usize::from(position.y - area.y);
                let height = self.list_height();
                match &mut self.mode {
                    Mode::Search(search) => {
                        let per_result = match search.kind {
                            SearchKind::Titles => 1,
                            SearchKind::FullText => 2,
                        };
                        let index = search.position.offset.0 + row / per_result;
                        if index < search.results.len() {
                            search.position.select(ListRow(index), height);
                            self.preview();
                        }
                    }
                    _ => {
                        let index = self.list.position.offset.0 + row;
                        if index < self.list_len() {
                            self.list.position.select(ListRow(index), height);
                        }
                    }
                }
            }
            Focus::Reader => {
                let area = text_area(areas.reader);
                let line = self.reader.scroll.0 + usize::from(position.y.saturating_sub(area.y));
                let kind = self
                    .reader
                    .wrapped
                    .as_ref()
                    .and_then(|w| w.line(DisplayLine(line)))
                    .map(|l| l.kind);
                if let Some(LineKind::Link(link)) = kind {
                    self.reader.link_cursor = Some(link.into());
                }
            }
            Focus::Links => {
                let area = text_area(areas.links);
                let line = usize::from(position.y.saturating_sub(area.y));
                let outgoing = self.outgoing_count();
                let cursor = self.reader.link_cursor;
                let offset = geometry::scroll_offset(cursor, outgoing, usize::from(area.height));
                if let Some(row) =
                    geometry::item_at_line(offset + line, outgoing, self.link_count())
                {
                    self.reader.link_cursor = Some(row);
                    if let Some(link) = self.selected_link() {
                        self.scroll_to_link(link);
                    }
                }
            }
        }
    }
}
