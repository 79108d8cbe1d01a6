//! The related-links pane: the open article's `Read More` links, numbered, then the articles
//! that link to it.
//!
//! Its rows are items (links, backlinks) with a heading line between the two groups; the
//! helpers below map between item indices and display lines for drawing and for mouse clicks.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::style::Styles;
use super::text::truncate;
use crate::app::{App, Focus, LinkItem};
use crate::library::ArticleId;

/// The display line of item `index`, given `outgoing` outgoing links.
fn item_line(index: usize, outgoing: usize) -> usize {
    if index < outgoing {
        index
    } else {
        outgoing.max(1) + 1 + (index - outgoing)
    }
}

/// The item shown on display line `line`, if any (headings are not items).
pub fn item_at_line(line: usize, outgoing: usize, items: usize) -> Option<usize> {
    if line < outgoing {
        return Some(line);
    }
    let first_backlink = outgoing.max(1) + 1;
    let index = outgoing + line.checked_sub(first_backlink)?;
    (index < items).then_some(index)
}

/// First visible line: just enough scroll to keep the cursor's line on screen.
pub fn scroll_offset(cursor: Option<usize>, outgoing: usize, height: usize) -> usize {
    let line = cursor.map_or(0, |index| item_line(index, outgoing));
    (line + 1).saturating_sub(height.max(1))
}

pub fn render(app: &App, styles: &Styles, block: Block<'_>, area: Rect, buf: &mut Buffer) {
    let block = block.title(" Related ");
    let inner = super::layout::text_area(area);
    block.render(area, buf);
    let Some(id) = app.current() else { return };

    let outgoing = app.outgoing_count();
    let count = app.link_count();
    let height = usize::from(inner.height);
    let offset = scroll_offset(app.link_cursor, outgoing, height);
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
            let cursor = item_at_line(line, outgoing, count)?;
            Some(item_line_text(
                app,
                id,
                cursor,
                styles,
                usize::from(inner.width),
            ))
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

/// The styled row for item `cursor` of article `id`.
fn item_line_text(
    app: &App,
    id: ArticleId,
    cursor: usize,
    styles: &Styles,
    width: usize,
) -> Line<'static> {
    let (text, style) = match app.link_item(cursor) {
        Some(LinkItem::Outgoing {
            index,
            target: Some(target),
        }) => (
            format!("{}. {}", index + 1, app.library.get(target).article.title),
            styles.link,
        ),
        Some(LinkItem::Outgoing {
            index,
            target: None,
        }) => {
            let text = app
                .library
                .get(id)
                .article
                .links()
                .nth(index)
                .unwrap_or_default();
            (
                format!("{}. {text} — not in library", index + 1),
                styles.dangling,
            )
        }
        Some(LinkItem::Backlink(from)) => (
            format!("  {}", app.library.get(from).article.title),
            Style::new(),
        ),
        None => (String::new(), Style::new()),
    };
    let style = match app.link_cursor {
        Some(selected) if selected == cursor && app.focus == Focus::Links => styles.selected,
        Some(selected) if selected == cursor => styles.selected_inactive,
        _ => style,
    };
    Line::from(Span::styled(truncate(&text, width), style))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_items_map_both_ways() {
        // Two links, a heading, three backlinks.
        for index in 0..5 {
            assert_eq!(item_at_line(item_line(index, 2), 2, 5), Some(index));
        }
        assert_eq!(item_at_line(2, 2, 5), None, "the heading");
        assert_eq!(item_at_line(6, 2, 5), None, "past the end");
        // No links: a placeholder line, the heading, then backlinks.
        assert_eq!(item_line(0, 0), 2);
        assert_eq!(item_at_line(2, 0, 1), Some(0));
        assert_eq!(item_at_line(0, 0, 1), None);
    }

    #[test]
    fn scrolls_only_as_far_as_the_cursor_needs() {
        assert_eq!(scroll_offset(None, 3, 4), 0);
        assert_eq!(scroll_offset(Some(3), 3, 4), 1);
        assert_eq!(scroll_offset(Some(5), 3, 4), 3);
    }
}
