//! The bottom line: position, focus, a message or key hints; the search line while searching.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::style::Styles;
use super::text::truncate;
use crate::app::keymap;
use crate::app::question::Question;
use crate::app::{App, FetchProgress, FindLine, Overlay, SearchKind, SearchLine};
use crate::domain::plural::counted;
use crate::domain::sanitize::one_line;

pub fn render(app: &App, styles: &Styles, area: Rect, buf: &mut Buffer) {
    match app.overlays.top() {
        Some(Overlay::Search(search)) => return render_search(app, search, styles, area, buf),
        Some(Overlay::Find(find)) => return render_find(app, find, styles, area, buf),
        Some(Overlay::Question(question)) => {
            return render_question(*question, styles, area, buf);
        }
        _ => {}
    }
    let width = usize::from(area.width);
    // Articles are counted, not rows: a folder's heading shows its folder instead.
    let (article, count) = app.list_place();
    let position = match article {
        Some(number) => format!("{number}/{count}"),
        None => format!("-/{count}"),
    };
    // While the full-text index builds, how far it has come: search and similar stories wait
    // for it, reading does not.
    let indexing = app
        .index_progress()
        .map(|(done, total)| format!("indexing {}/{} │ ", grouped(done), grouped(total)))
        .unwrap_or_default();
    // While feeds are fetched: how many answered, and the new stories they brought.
    let fetching = match app.fetch_progress() {
        None => String::new(),
        Some(FetchProgress::Started) => "fetching… │ ".to_owned(),
        Some(FetchProgress::Counting { done, total, new }) => format!(
            "fetching {}/{} · {} new │ ",
            grouped(done),
            grouped(total),
            grouped(new)
        ),
    };
    let left = format!(" {position} │ {} │ {indexing}{fetching}", app.focus.name());
    let room = width.saturating_sub(left.width());
    let right = match &app.message {
        // Messages quote paths and errors from the environment: sanitised like article text.
        Some(message) => Span::styled(truncate(&one_line(message), room), styles.heading),
        None => Span::styled(hints(app, room), styles.muted),
    };
    Paragraph::new(Line::from(vec![Span::raw(left), right])).render(area, buf);
}

/// "?:help /:search ..." from the panes' key table, so the hints follow the user's bindings; as many
/// whole hints as fit in `room` columns, the last ones dropped first (a hint cut short,
/// `q:qu…`, says nothing).
fn hints(app: &App, room: usize) -> String {
    let all = keymap::hints(app.focus.pane())
        .iter()
        .filter_map(|(action, label)| {
            let key = app.config.keymap.keys_for(action).first()?;
            Some(format!("{key}:{label}"))
        });
    let mut shown = String::new();
    for hint in all {
        let gap = if shown.is_empty() { "" } else { "  " };
        if shown.width() + gap.width() + hint.width() > room {
            break;
        }
        shown.push_str(gap);
        shown.push_str(&hint);
    }
    shown
}

/// A yes/no question, asked in full.
fn render_question(question: Question, styles: &Styles, area: Rect, buf: &mut Buffer) {
    let text = match question {
        Question::CatchUp { unread } => {
            let articles = if unread == 1 { "article" } else { "articles" };
            format!(
                " mark all read ({} unread {articles})? y/n ",
                grouped(unread)
            )
        }
    };
    let text = truncate(&text, usize::from(area.width));
    Paragraph::new(Line::styled(text, styles.heading)).render(area, buf);
}

/// The search line: the query with a cursor, the match count, and any message.
fn render_search(app: &App, search: &SearchLine, styles: &Styles, area: Rect, buf: &mut Buffer) {
    let width = usize::from(area.width);
    let count = match (&app.message, search.pending) {
        (Some(message), _) => format!(" {} ", one_line(message)),
        (None, Some(_)) if search.kind == SearchKind::FullText && app.indexing() => {
            match app.index_progress() {
                Some((done, total)) => {
                    format!(
                        " waiting for the index: {}/{} ",
                        grouped(done),
                        grouped(total)
                    )
                }
                None => " waiting for the index… ".to_owned(),
            }
        }
        (None, Some(_)) => " searching… ".to_owned(),
        // Said in full where it fits, else with the mark alone.
        (None, None) if search.closest && search.results.is_empty() => {
            let full = " not in library: none close ";
            if full.width() <= width / 2 {
                full.to_owned()
            } else {
                " ✗ none close ".to_owned()
            }
        }
        (None, None) if search.closest => {
            let full = format!(" not in library: {} closest ", search.results.len());
            if full.width() <= width / 2 {
                full
            } else {
                format!(" ✗ {} closest ", search.results.len())
            }
        }
        (None, None) => format!(" {} ", counted(search.total, "match", "matches")),
    };
    let prompt = match search.kind {
        SearchKind::Titles => "/",
        SearchKind::FullText => "text/",
    };
    query_line(prompt, &search.query, &count, styles, area, buf);
}

/// The line searching the open article: the query and how many hits it has.
fn render_find(app: &App, find: &FindLine, styles: &Styles, area: Rect, buf: &mut Buffer) {
    let hits = &app.reader.hits;
    let count = match (find.query.is_empty(), hits.cursor) {
        (true, _) => String::new(),
        _ if find.reopened => " enter: find again ".to_owned(),
        (false, None) => " not found ".to_owned(),
        (false, Some(cursor)) => format!(" hit {} of {} ", cursor + 1, hits.spans.len()),
    };
    query_line("find/", &find.query, &count, styles, area, buf);
}

/// A prompt, the query with a cursor after it, and `count` at the right end.
fn query_line(
    prompt: &str,
    query: &str,
    count: &str,
    styles: &Styles,
    area: Rect,
    buf: &mut Buffer,
) {
    let width = usize::from(area.width);
    let count = truncate(count, width / 2);
    let room = width.saturating_sub(prompt.width() + count.width() + 1);
    // Keep the end of a long query, where the typing happens, in view.
    let query = tail(query, room);
    let pad = width.saturating_sub(prompt.width() + query.width() + 1 + count.width());
    Paragraph::new(Line::from(vec![
        Span::styled(prompt.to_owned(), styles.heading),
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

/// `count` with its thousands grouped by commas, as `12,345`: a long count read at a glance.
fn grouped(count: usize) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (n, digit) in digits.chars().enumerate() {
        if n > 0 && (digits.len() - n).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::grouped;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(12_345), "12,345");
        assert_eq!(grouped(100_000), "100,000");
        assert_eq!(grouped(1_000_000), "1,000,000");
    }
}
