//! Drawing: a pure function of the app state. Nothing here changes the state; `update` has
//! already computed what drawing needs (layout, wrapped text, search highlights).
//!
//! ```text
//! ┌ Articles 17/18 unread ─┐┌ Harbourton Port Records Busiest Year … ─── 0% ┐
//! │ • Bakery Cooperative … ││ Harbourton Port Records Busiest Year in a …   │
//! │▸  Harbourton Port Re…  ││ …                                             │
//! │ ★ Tech Startup Tidew…  │└───────────────────────────────────────────────┘
//! │                        │┌ Related ──────────────────────────────────────┐
//! │                        ││ 1. Fishermen’s Market Extends Weekend Hours   │
//! └────────────────────────┘└───────────────────────────────────────────────┘
//!  3/18 │ reader │ ?:help space:read /:find ]:next link backspace:back q:quit  (or a message)
//! ```

mod help;
mod history;
mod links;
mod list;
pub mod loading;
mod map;
mod peek;
mod reader;
mod status;
mod style;
mod text;

pub use style::color_allowed;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use crate::app::geometry::{MIN_HEIGHT, MIN_WIDTH};
use crate::app::{App, Focus, Overlay};
use style::Styles;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let styles = Styles::new(&self.config.theme, self.color);
        let Some(areas) = self.areas else {
            let lines = too_small(area)
                .into_iter()
                .map(Line::raw)
                .collect::<Vec<_>>();
            Paragraph::new(lines).render(area, buf);
            return;
        };
        let pane = |focus: Focus| {
            let style = if self.focus == focus {
                styles.border_focused
            } else {
                styles.border
            };
            Block::bordered().border_style(style)
        };
        // A zoomed pane is the only one drawn; the others keep their places unseen.
        if areas.shows(Focus::List) {
            list::render(self, &styles, pane(Focus::List), areas.list, buf);
        }
        if areas.shows(Focus::Reader) {
            reader::render(self, &styles, pane(Focus::Reader), areas.reader, buf);
        }
        if areas.shows(Focus::Links) {
            links::render(self, &styles, pane(Focus::Links), areas.links, buf);
        }
        status::render(self, &styles, areas.status, buf);
        if let Some(card) = self.peek_card()
            && areas.shows(Focus::Reader)
        {
            peek::render(self, card, &styles, areas.reader, buf);
        }
        match self.overlays.top() {
            Some(Overlay::Map(map)) => map::render(self, map, &styles, buf),
            Some(Overlay::Help(help)) => {
                let help = help.layout(&self.component_context(), area);
                help::render(&help, &styles, buf);
            }
            Some(Overlay::History(list)) => {
                history::render(self, list.selected(), &styles, area, buf);
            }
            _ => {}
        }
    }
}

/// The notice for a terminal smaller than the panes need, in the longest form that fits
/// `area`: it always names the size needed, cut only where not even that fits.
fn too_small(area: Rect) -> Vec<String> {
    let size = format!("{MIN_WIDTH}x{MIN_HEIGHT}");
    let forms = [
        vec![format!("terminal too small: {size} needed")],
        vec!["terminal too small:".to_owned(), format!("{size} needed")],
        vec!["too small:".to_owned(), format!("{size} needed")],
        vec![format!("{size} needed")],
        vec![format!("need {size}")],
    ];
    let (width, height) = (usize::from(area.width), usize::from(area.height));
    forms
        .into_iter()
        .find(|lines| lines.len() <= height && lines.iter().all(|line| line.width() <= width))
        .unwrap_or_else(|| vec![text::truncate(&size, width)])
}
