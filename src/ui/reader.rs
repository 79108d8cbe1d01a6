//! The reading pane: the open article, wrapped, with its links styled in place.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::history::history_label;
use super::style::Styles;
use super::text::truncate;
use crate::app::App;
use crate::app::geometry::{text_area, text_column};
use crate::domain::wrap::{DisplayLine, LineKind, TextWindow};

pub fn render(app: &App, styles: &Styles, block: Block<'_>, area: Rect, buf: &mut Buffer) {
    let Some(wrapped) = &app.reader.wrapped() else {
        let block = block.title(" Reading ");
        let inner = text_area(area);
        block.render(area, buf);
        let text = format!("No articles in {}", app.library.root().display());
        Paragraph::new(Line::styled(
            crate::domain::sanitize::sanitize(&text),
            styles.muted,
        ))
        .render(inner, buf);
        return;
    };
    let height = app.reader_height();
    // The title stays in the border when the heading has scrolled away, after the history
    // of titles that led here.
    let room = usize::from(area.width).saturating_sub(12);
    let history = history_label(&app.history_titles(), room);
    // The file's path in the bottom border: which copy of a title, and where to find it.
    let path = &app.library.get(wrapped.article).path();
    let path_room = usize::from(area.width).saturating_sub(4);
    let block = block
        .title(format!(" {history} "))
        .title(
            Line::from(format!(
                " {} ",
                match &wrapped.window {
                    Some(window) => window_label(window, app.reader.scroll(), app.max_scroll()),
                    None => scroll_label(app.reader.scroll().0, wrapped.lines.len(), height),
                }
            ))
            .right_aligned(),
        )
        .title_bottom(Line::styled(
            format!(" {} ", truncate(path, path_room)),
            styles.muted,
        ));
    let inner = text_column(area, app.config.max_width, app.config.align);
    block.render(area, buf);

    let targets = &app.library.get(wrapped.article).targets();
    let selected = app.selected_link();
    let first = app.reader.scroll().0;
    let lines: Vec<Line> = wrapped
        .lines
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(index, line)| {
            let style = match line.kind {
                LineKind::Title => styles.heading,
                LineKind::Origin => styles.muted,
                LineKind::Link(link) if selected == Some(link) => styles.selected,
                LineKind::Link(link) if targets.get(link.0).copied().flatten().is_none() => {
                    styles.dangling
                }
                LineKind::Link(_) => styles.link,
                LineKind::Text | LineKind::Blank => ratatui::style::Style::new(),
            };
            highlight_hits(&line.text, app, DisplayLine(index), style, styles)
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

/// `text`, display line `line`, with its hits in the `matched` style and the current hit
/// (the one `n`/`N` went to) reversed as well, so it stands out from the others.
fn highlight_hits<'a>(
    text: &'a str,
    app: &App,
    line: DisplayLine,
    style: Style,
    styles: &Styles,
) -> Line<'a> {
    let hits = &app.reader.hits;
    let mut spans = Vec::new();
    let mut at = 0;
    for (index, hit) in hits.on_line(line) {
        let range = hit.range.clone();
        let Some(hit_text) = text.get(range.clone()).filter(|_| range.start >= at) else {
            continue;
        };
        let matched = if hits.cursor == Some(index) {
            styles.matched.add_modifier(Modifier::REVERSED)
        } else {
            styles.matched
        };
        spans.push(Span::styled(&text[at..range.start], style));
        spans.push(Span::styled(hit_text, style.patch(matched)));
        at = range.end;
    }
    spans.push(Span::styled(&text[at..], style));
    Line::from(spans)
}

/// Where the reader is in a story read in windows, as `less` says it: the percentage of the
/// file above the top line, 100% at the bottom of the last window.
fn window_label(window: &TextWindow, scroll: DisplayLine, max: DisplayLine) -> String {
    if window.at_end && scroll >= max {
        return "100%".to_owned();
    }
    format!("{}%", window.percent_at(scroll).min(99))
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
