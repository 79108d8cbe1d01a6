//! The bottom line: position, focus, a message or key hints; the search line while searching.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::style::Styles;
use super::text::{counted, truncate};
use crate::app::{Action, App, Mode, SearchKind, SearchLine};
use crate::sanitize::sanitize;

/// The actions the status bar advertises, with their short labels.
const HINTS: &[(Action, &str)] = &[
    (Action::Help, "help"),
    (Action::Search, "search"),
    (Action::NextLink, "next link"),
    (Action::Back, "back"),
    (Action::Quit, "quit"),
];

pub fn render(app: &App, styles: &Styles, area: Rect, buf: &mut Buffer) {
    if let Mode::Search(search) = &app.mode {
        render_search(app, search, styles, area, buf);
        return;
    }
    let width = usize::from(area.width);
    let position = match app.list_len() {
        0 => "0/0".to_owned(),
        len => format!("{}/{len}", app.list.position.selected.0 + 1),
    };
    let left = format!(" {position} │ {} │ ", app.focus.name());
    let room = width.saturating_sub(left.width());
    let right = match &app.message {
        // Messages quote paths and errors from the environment: sanitised like article text.
        Some(message) => Span::styled(truncate(&one_line(message), room), styles.heading),
        None => Span::styled(truncate(&hints(app), room), styles.muted),
    };
    Paragraph::new(Line::from(vec![Span::raw(left), right])).render(area, buf);
}

/// `message` on one line and safe to print: line breaks become spaces, controls go.
fn one_line(message: &str) -> String {
    sanitize(&message.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// "?:help /:search ..." from the key map, so the hints follow the user's bindings.
fn hints(app: &App) -> String {
    HINTS
        .iter()
        .filter_map(|(action, label)| {
            let key = app.config.keymap.keys_for(action).first()?;
            Some(format!("{key}:{label}"))
        })
        .collect::<Vec<_>>()
        .join("  ")
}

/// The search line: the query with a cursor, the match count, and any message.
fn render_search(app: &App, search: &SearchLine, styles: &Styles, area: Rect, buf: &mut Buffer) {
    let width = usize::from(area.width);
    let count = match (&app.message, search.pending) {
        (Some(message), _) => format!(" {} {} ", one_line(message), search.results.len()),
        (None, Some(_)) if search.kind == SearchKind::FullText && app.indexing() => {
            " indexing… ".to_owned()
        }
        (None, Some(_)) => " searching… ".to_owned(),
        (None, None) => format!(" {} ", counted(search.results.len(), "match", "matches")),
    };
    let count = truncate(&count, width / 2);
    let room = width.saturating_sub(count.width() + 2);
    // Keep the end of a long query, where the typing happens, in view.
    let query = tail(&search.query, room);
    let prompt = match search.kind {
        SearchKind::Titles => "/",
        SearchKind::FullText => "text/",
    };
    let pad = width.saturating_sub(prompt.width() + query.width() + 1 + count.width());
    Paragraph::new(Line::from(vec![
        Span::styled(prompt, styles.heading),
        Span::raw(query),
        Span::styled(" ", styles.selected),
        Span::raw(" ".repeat(pad)),
        Span::styled(count, styles.muted),
    ]))
    .render(area, buf);
}

/// The last `width` columns of `text`.
fn tail(text: &str, width: usize) -> String {
    let mut used = 0;
    let mut start = text.len();
    for (at, c) in text.char_indices().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        start = at;
    }
    text[start..].to_owned()
}
