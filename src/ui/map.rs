//! The link map (`M`): the open article's neighbourhood as a tree over the panes.
//!
//! ```text
//! ┌ Link map ────────────────────────────────────────────────┐
//! │ Summit in Singapore                                      │
//! │ ├─ → Rally in Pyongyang                                  │
//! │ │   ├─ → Talks resume                                    │
//! │ │   └─ ← Summit in Singapore  (cycle, shown above)       │
//! │ ├─ → Missing story ✗ not in library                      │
//! │ └─ ← Backlink title                                      │
//! └──────────────────────────────────── enter:open  esc:back ┘
//! ```

use ratatui::buffer::Buffer;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::style::{Styles, popup_frame};
use super::text::truncate;
use crate::app::App;
use crate::app::map::{LinkMap, MapNode, MapRow, Repeat, map_area};

/// Draws `map` over everything but the status line.
pub fn render(app: &App, map: &LinkMap, styles: &Styles, buf: &mut Buffer) {
    let area = map_area(app.screen);
    let inner = popup_frame(" Link map ", " enter:open  esc:back ", styles, area, buf);
    let width = usize::from(inner.width);
    let mut lines: Vec<Line> = (map.rows.iter().enumerate())
        .skip(map.position.offset.0)
        .take(usize::from(inner.height))
        .map(|(index, row)| {
            let line = row_line(app, row, styles, width);
            if index == map.position.selected.0 {
                let pad = width.saturating_sub(line.width());
                let mut line = line.patch_style(styles.selected);
                line.spans
                    .push(Span::styled(" ".repeat(pad), styles.selected));
                line
            } else {
                line
            }
        })
        .collect();
    // Only the article itself: say so rather than show an empty tree.
    if map.rows.len() == 1 {
        lines.push(Line::styled(
            "  No links to or from this story",
            styles.muted,
        ));
    }
    Paragraph::new(lines).render(inner, buf);
}

/// The mark of a story shown elsewhere: in words when `room` columns are left after the
/// title, else an arrow, so that a narrow map keeps the titles.
fn repeat_mark(repeat: Option<Repeat>, room: usize) -> &'static str {
    let (long, short) = match repeat {
        Some(Repeat::Cycle) => ("  (cycle, shown above)", " ↻"),
        Some(Repeat::Above) => ("  (shown above)", " ↑"),
        Some(Repeat::Below) => ("  (shown below)", " ↓"),
        None => return "",
    };
    if long.width() <= room { long } else { short }
}

/// One row: the tree drawing, the link's direction, the story and any mark, in `width`
/// columns (the title is what gets cut).
fn row_line(app: &App, row: &MapRow, styles: &Styles, width: usize) -> Line<'static> {
    let mut lead = format!(" {}", row.prefix());
    if let Some(direction) = row.direction {
        lead.push_str(direction.arrow());
        lead.push(' ');
    }
    let (name, style, mark, mark_style) = match &row.node {
        MapNode::Story(id) => {
            let style = if row.depth == 0 {
                styles.heading
            } else {
                ratatui::style::Style::new()
            };
            let title = app.library.get(*id).title().to_owned();
            let room = width.saturating_sub(lead.width() + title.width());
            (title, style, repeat_mark(row.repeat, room), styles.muted)
        }
        MapNode::Missing(name) => {
            let room = width.saturating_sub(lead.width() + name.width());
            let mark = " ✗ not in library";
            let mark = if mark.width() <= room { mark } else { " ✗" };
            (name.clone(), styles.dangling, mark, styles.dangling)
        }
        MapNode::More(count) => (format!("… {count} more"), styles.muted, "", styles.muted),
    };
    let room = width.saturating_sub(lead.width() + mark.width()).max(4);
    Line::from(vec![
        Span::raw(lead),
        Span::styled(truncate(&name, room), style),
        Span::styled(mark, mark_style),
    ])
}
