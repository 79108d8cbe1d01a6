//! The article list pane: every title, or the search results while searching.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::style::Styles;
use super::text::{counted, truncate};
use crate::app::{App, Focus, ListPosition, ListRow, Mode, SearchKind};
use crate::library::ArticleId;

pub fn render(app: &App, styles: &Styles, block: Block<'_>, area: Rect, buf: &mut Buffer) {
    let (ids, position, highlights, title): (&[ArticleId], ListPosition, &[Vec<usize>], String) =
        match &app.mode {
            Mode::Search(search) => (
                &search.results,
                search.position,
                &search.highlights,
                match search.kind {
                    SearchKind::FullText => counted(search.results.len(), "article", "articles"),
                    SearchKind::Titles => counted(search.results.len(), "match", "matches"),
                },
            ),
            _ => (
                &[],
                app.list.position,
                &[],
                format!(
                    "Articles {}/{} unread{}",
                    app.unread_count(),
                    app.library.len(),
                    filter_label(app)
                ),
            ),
        };
    let searching = matches!(app.mode, Mode::Search(_));
    let len = if searching { ids.len() } else { app.list_len() };
    // The border keeps a corner and a space each side; a title too long for it ends in `…`.
    let room = usize::from(area.width).saturating_sub(4);
    let block = block.title(format!(" {} ", truncate(&title, room)));
    let inner = block.inner(area);
    block.render(area, buf);

    let width = usize::from(inner.width);
    let height = app.list_height();
    let snippets = match &app.mode {
        Mode::Search(search) if search.kind == SearchKind::FullText => Some(&search.snippets),
        _ => None,
    };
    let first = position.offset.0;
    let rows = (first..len.min(first + height)).flat_map(|index| {
        let id = if searching {
            Some(ids[index])
        } else {
            app.article_at(ListRow(index))
        };
        let Some(id) = id else {
            return vec![Line::raw("")];
        };
        let title = &app.library.get(id).article.title;
        let remembered = app.remembered(id);
        let current = if app.current() == Some(id) {
            '▸'
        } else {
            ' '
        };
        let mark = match (remembered.starred, remembered.read) {
            (true, _) => '★',
            (false, false) => '•',
            (false, true) => ' ',
        };
        let text = truncate(title, width.saturating_sub(3));
        let matched = highlights.get(index - first).map_or(&[][..], Vec::as_slice);
        let mut spans = vec![Span::raw(format!("{current}{mark} "))];
        spans.extend(highlighted(text, matched, styles));
        let mut line = Line::from(spans);
        if !remembered.read {
            line = line.style(styles.unread);
        }
        let is_selected = index == position.selected.0;
        let line = if is_selected && (app.focus == Focus::List || searching) {
            line.patch_style(styles.selected)
        } else if is_selected {
            line.patch_style(styles.selected_inactive)
        } else {
            line
        };
        // Full-text results show where the words were found, on a second row.
        match snippets.and_then(|snippets| snippets.get(index)) {
            Some(snippet) => {
                let snippet = truncate(snippet, width.saturating_sub(3));
                vec![line, Line::styled(format!("   {snippet}"), styles.muted)]
            }
            None => vec![line],
        }
    });
    let mut lines: Vec<Line> = rows.collect();
    if len == 0 {
        let empty = if searching {
            "no matches"
        } else {
            "no articles"
        };
        lines.push(Line::styled(empty, styles.muted));
    }
    Paragraph::new(lines).render(inner, buf);
}

/// " · unread only" and the like, for the border, when a filter is on.
fn filter_label(app: &App) -> &'static str {
    match (app.list.filter.unread_only, app.list.filter.starred_only) {
        (false, false) => "",
        (true, false) => " · unread only",
        (false, true) => " · starred only",
        (true, true) => " · unread starred",
    }
}

/// Splits `text` into spans, styling the chars at `matched` positions.
fn highlighted(text: String, matched: &[usize], styles: &Styles) -> Vec<Span<'static>> {
    if matched.is_empty() {
        return vec![Span::raw(text)];
    }
    text.chars()
        .enumerate()
        .map(|(n, c)| {
            if matched.binary_search(&n).is_ok() {
                Span::styled(c.to_string(), styles.matched)
            } else {
                Span::raw(c.to_string())
            }
        })
        .collect()
}
