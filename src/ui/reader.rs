//! The reading pane: the open article, wrapped, with its links styled in place.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::style::Styles;
use super::text::truncate;
use crate::app::App;
use crate::app::geometry::text_area;
use crate::fulltext::{Query, hits_in};
use crate::wrap::LineKind;

pub fn render(app: &App, styles: &Styles, block: Block<'_>, area: Rect, buf: &mut Buffer) {
    let Some(wrapped) = &app.reader.wrapped else {
        let block = block.title(" Reading ");
        let inner = text_area(area);
        block.render(area, buf);
        let text = format!("No articles in {}", app.library.root().display());
        Paragraph::new(Line::styled(crate::sanitize::sanitize(&text), styles.muted))
            .render(inner, buf);
        return;
    };
    let height = app.reader_height();
    // The title stays in the border when the heading has scrolled away.
    let room = usize::from(area.width).saturating_sub(12);
    let title = &app.library.get(wrapped.article).article.title;
    let block = block.title(format!(" {} ", truncate(title, room))).title(
        Line::from(format!(
            " {} ",
            scroll_label(app.reader.scroll.0, wrapped.lines.len(), height)
        ))
        .right_aligned(),
    );
    let inner = text_area(area);
    block.render(area, buf);

    let targets = &app.library.get(wrapped.article).targets;
    let selected = app.selected_link();
    let lines: Vec<Line> = wrapped
        .lines
        .iter()
        .skip(app.reader.scroll.0)
        .take(height)
        .map(|line| {
            let style = match line.kind {
                LineKind::Title => styles.heading,
                LineKind::Link(link) if selected == Some(link) => styles.selected,
                LineKind::Link(link) if targets.get(link.0).copied().flatten().is_none() => {
                    styles.dangling
                }
                LineKind::Link(_) => styles.link,
                LineKind::Text | LineKind::Blank => ratatui::style::Style::new(),
            };
            match &app.reader.hits.query {
                Some(query) if !matches!(line.kind, LineKind::Link(_)) => {
                    highlight_hits(&line.text, query, style, styles.matched)
                }
                _ => Line::styled(line.text.as_str(), style),
            }
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

/// `text` with every hit of `query` in the `matched` style.
fn highlight_hits<'a>(text: &'a str, query: &Query, style: Style, matched: Style) -> Line<'a> {
    let mut spans = Vec::new();
    let mut at = 0;
    for hit in hits_in(text, query) {
        spans.push(Span::styled(&text[at..hit.start], style));
        spans.push(Span::styled(&text[hit.clone()], style.patch(matched)));
        at = hit.end;
    }
    spans.push(Span::styled(&text[at..], style));
    Line::from(spans)
}

/// Where the reader is in the article: `All` when it fits, else the scrolled percentage.
fn scroll_label(scroll: usize, total: usize, height: usize) -> String {
    let max = total.saturating_sub(height);
    match (scroll.min(max) * 100).checked_div(max) {
        Some(percent) => format!("{percent}%"),
        None => "All".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::scroll_label;

    #[test]
    fn scroll_label_is_a_percentage_of_the_scrollable_range() {
        assert_eq!(scroll_label(0, 10, 20), "All");
        assert_eq!(scroll_label(0, 100, 20), "0%");
        assert_eq!(scroll_label(40, 100, 20), "50%");
        assert_eq!(scroll_label(80, 100, 20), "100%");
    }
}
