//! The related-links pane: the open article's `Read More` links, numbered, then the articles
//! that link to it, then the stories closest to it in content.
//!
//! Its rows are items (links, backlinks, similar stories) with a heading line between the
//! groups; the row maths lives in `app::geometry`, shared with mouse clicks.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::style::Styles;
use super::text::{truncate, truncate_words};
use crate::app::geometry::text_area;
use crate::app::{App, Focus, LinkItem, RelatedRow};
use crate::domain::library::ArticleId;

pub fn render(app: &App, styles: &Styles, block: Block<'_>, area: Rect, buf: &mut Buffer) {
    let block = block.title(" Related ");
    let inner = text_area(area);
    block.render(area, buf);
    let Some(id) = app.current() else { return };

    let counts = app.related_counts();
    let height = usize::from(inner.height);
    let offset = counts.scroll_offset(app.related.link_cursor, height);
    let width = usize::from(inner.width);
    // Every line ends in `…` where the pane cuts it, at a word's end where it can.
    let placeholder = |text: &str| Some(Line::styled(truncate_words(text, width), styles.muted));
    let heading = |text: &str| Some(Line::styled(truncate_words(text, width), styles.heading));
    let lines: Vec<Line> = (offset..offset + height)
        .map_while(|line| {
            if line == 0 && counts.unlinked() {
                return placeholder("No links to or from this story");
            }
            if Some(line) == counts.backlinks_heading() {
                return heading(&format!("Linked from ({})", counts.backlinks));
            }
            if line == counts.similar_heading() {
                return heading("Similar");
            }
            if line == 0 && counts.outgoing == 0 {
                return placeholder("No Read More links");
            }
            if line == counts.similar_heading() + 1 && counts.similar == 0 {
                return match app.related.similar.ids {
                    None => placeholder("finding similar stories…"),
                    Some(_) => placeholder("No similar stories"),
                };
            }
            let row = counts.item_at_line(line)?;
            Some(item_line_text(app, id, row, styles, width))
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
            format!("{}. {}", link.number(), app.library.get(target).title()),
            styles.link,
        ),
        Some(LinkItem::Outgoing { link, target: None }) => {
            let text = app.library.get(id).links().nth(link.0).unwrap_or_default();
            // The mark first, as in the reader, so that it survives truncation and needs no
            // colour.
            (format!("{}. ✗ {text}", link.number()), styles.dangling)
        }
        Some(LinkItem::Backlink(from) | LinkItem::Similar(from)) => {
            (format!("  {}", app.library.get(from).title()), Style::new())
        }
        None => (String::new(), Style::new()),
    };
    let style = match app.related.link_cursor {
        Some(selected) if selected == row && app.focus == Focus::Links => styles.selected,
        Some(selected) if selected == row => styles.selected_inactive,
        _ => style,
    };
    Line::from(Span::styled(truncate(&text, width), style))
}
