//! The related-links pane: the open article's `Read More` links, numbered, then the articles
//! that link to it.
//!
//! Its rows are items (links, backlinks) with a heading line between the two groups; the row
//! maths lives in `app::geometry`, shared with mouse clicks.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::style::Styles;
use super::text::truncate;
use crate::app::geometry::{item_at_line, scroll_offset, text_area};
use crate::app::{App, Focus, LinkItem, RelatedRow};
use crate::library::ArticleId;

pub fn render(app: &App, styles: &Styles, block: Block<'_>, area: Rect, buf: &mut Buffer) {
    let block = block.title(" Related ");
    let inner = text_area(area);
    block.render(area, buf);
    let Some(id) = app.current() else { return };

    let outgoing = app.outgoing_count();
    let count = app.link_count();
    let height = usize::from(inner.height);
    let offset = scroll_offset(app.reader.link_cursor, outgoing, height);
    let heading_line = outgoing.max(1);
    let lines: Vec<Line> = (offset..offset + height)
        .map_while(|line| {
            if line == heading_line {
                let heading = format!("Linked from ({})", count - outgoing);
                return Some(Line::styled(heading, styles.heading));
            }
            if line == 0 && outgoing == 0 {
                return Some(Line::styled("No Read More links", styles.muted));
            }
            let row = item_at_line(line, outgoing, count)?;
            Some(item_line_text(
                app,
                id,
                row,
                styles,
                usize::from(inner.width),
            ))
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

/// The styled line for `row` of article `id`.
fn item_line_text(
    app: &App,
    id: ArticleId,
    row: RelatedRow,
    styles: &Styles,
    width: usize,
) -> Line<'static> {
    let (text, style) = match app.link_item(row) {
        Some(LinkItem::Outgoing {
            link,
            target: Some(target),
        }) => (
            format!("{}. {}", link.number(), app.library.get(target).title),
            styles.link,
        ),
        Some(LinkItem::Outgoing { link, target: None }) => {
            let text = app.library.get(id).links().nth(link.0).unwrap_or_default();
            // The mark first, so that it survives truncation and needs no colour.
            (
                format!("{}. ✗ (not in library) {text}", link.number()),
                styles.dangling,
            )
        }
        Some(LinkItem::Backlink(from)) => {
            (format!("  {}", app.library.get(from).title), Style::new())
        }
        None => (String::new(), Style::new()),
    };
    let style = match app.reader.link_cursor {
        Some(selected) if selected == row && app.focus == Focus::Links => styles.selected,
        Some(selected) if selected == row => styles.selected_inactive,
        _ => style,
    };
    Line::from(Span::styled(truncate(&text, width), style))
}
