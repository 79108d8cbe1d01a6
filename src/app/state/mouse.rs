//! Clicks and the mouse wheel, hit-tested against the same geometry the panes are drawn with.

use super::App;
use crate::app::focus::Focus;
use crate::app::geometry::{inner, text_area};
use crate::app::list::ListRow;
use crate::app::mouse::{ClickTarget, WHEEL_LINES};
use crate::app::overlays::Overlay;
use crate::app::search_line::SearchKind;
use crate::domain::wrap::{DisplayLine, LineKind};
use ratatui::layout::Position;

impl App {
    /// The pane under a screen position.
    pub(in crate::app) fn pane_at(&self, position: Position) -> Option<Focus> {
        self.areas?.pane_at(position)
    }

    /// The wheel scrolls the pane under the pointer, whatever has focus.
    pub(in crate::app) fn wheel(&mut self, position: Position, down: bool) {
        if let Some(focus) = self.pane_at(position) {
            let delta = if down { WHEEL_LINES } else { -WHEEL_LINES };
            self.move_in(focus, delta);
        }
    }

    /// A click focuses the pane under it and selects the row clicked; a click on what the
    /// previous click selected opens the article or follows the link, as `Enter` would.
    pub(in crate::app) fn click(&mut self, position: Position, previous: Option<ClickTarget>) {
        let (Some(areas), Some(focus)) = (self.areas, self.pane_at(position)) else {
            return;
        };
        if matches!(self.overlays.top(), Some(Overlay::Help(_))) {
            return;
        }
        self.focus_on(focus);
        let target = match focus {
            Focus::List => self.click_list(inner(areas.list), position),
            Focus::Reader => {
                let area = text_area(areas.reader);
                let line = self.reader.scroll().0 + usize::from(position.y.saturating_sub(area.y));
                let kind = (self.reader.wrapped())
                    .and_then(|w| w.line(DisplayLine(line)))
                    .map(|l| l.kind);
                match kind {
                    Some(LineKind::Link(link)) => {
                        self.select_related(Some(link.into()));
                        Some(ClickTarget::ReaderLink(link.0))
                    }
                    _ => None,
                }
            }
            Focus::Links => {
                let area = text_area(areas.links);
                let line = usize::from(position.y.saturating_sub(area.y));
                let counts = self.related_counts();
                let offset =
                    counts.scroll_offset(self.related.link_cursor, usize::from(area.height));
                let row = counts.item_at_line(offset + line);
                if let Some(row) = row {
                    self.select_row(row);
                }
                row.map(|row| ClickTarget::Related(row.0))
            }
        };
        if target.is_some() && target == previous {
            match self.overlays.search() {
                Some(_) => self.accept_search(),
                None => self.open_selected(),
            }
        } else {
            self.last_click = target;
        }
    }

    /// Selects the list row (or search result) under `position` in the list's inner `area`.
    fn click_list(
        &mut self,
        area: ratatui::layout::Rect,
        position: Position,
    ) -> Option<ClickTarget> {
        if !area.contains(position) {
            return None;
        }
        let row = usize::from(position.y - area.y);
        let height = self.list_height();
        let index = match self.overlays.search_mut() {
            Some(search) => {
                let per_result = match search.kind {
                    SearchKind::Titles => 1,
                    SearchKind::FullText => 2,
                };
                let index = search.position.offset.0 + row / per_result;
                if index >= search.results.len() {
                    return None;
                }
                search.position.select(ListRow(index), height);
                self.preview();
                index
            }
            _ => {
                let index = self.list.position.offset.0 + row;
                if index >= self.list_len() {
                    return None;
                }
                self.list.position.select(ListRow(index), height);
                index
            }
        };
        Some(ClickTarget::ListRow(index))
    }
}
