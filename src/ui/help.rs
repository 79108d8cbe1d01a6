//! The help overlay: every binding, generated from the key map.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::style::Styles;
use super::text::truncate;
use crate::app::{Action, App};
use crate::keymap::BINDINGS;

/// Keys of the search line; fixed, so that typing can never trigger a command.
const SEARCH_KEYS: &[(&str, &str)] = &[
    ("type", "the query (titles, or all text)"),
    ("up / down", "move in the results"),
    ("enter", "open the selected match"),
    ("esc", "cancel, restore the list"),
    ("backspace / ctrl-w", "delete a char / a word"),
];

pub fn render(app: &App, styles: &Styles, area: Rect, buf: &mut Buffer) {
    let keymap = &app.config.keymap;
    let mut rows: Vec<(String, &str)> = BINDINGS
        .iter()
        .map(|binding| {
            let names = match binding.actions {
                [action] => keymap
                    .keys_for(action)
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>(),
                // A group shows each member's first key: "1 2 3 … 9".
                group => group
                    .iter()
                    .map(|action| {
                        keymap
                            .keys_for(action)
                            .first()
                            .map_or_else(|| "-".to_owned(), ToString::to_string)
                    })
                    .collect(),
            };
            let names = if names.is_empty() {
                "(unbound)".to_owned()
            } else {
                names.join(" ")
            };
            (names, binding.help)
        })
        .collect();
    let key_width = rows
        .iter()
        .map(|(keys, _)| keys.width())
        .chain(SEARCH_KEYS.iter().map(|(keys, _)| keys.width()))
        .max()
        .unwrap_or(0);
    let bindings: Vec<Line> = rows
        .drain(..)
        .map(|(keys, help)| row(&keys, help, key_width, styles))
        .collect();
    let mut search: Vec<Line> = vec![Line::styled(" In the search line", styles.heading)];
    search.extend(
        SEARCH_KEYS
            .iter()
            .map(|(keys, help)| row(keys, help, key_width, styles)),
    );
    search.push(Line::raw(""));
    let help_key = app
        .config
        .keymap
        .keys_for(&Action::Help)
        .first()
        .map_or_else(String::new, |key| format!("{key} or "));
    search.push(Line::styled(
        format!(" {help_key}esc closes this help"),
        styles.muted,
    ));

    // One column when it fits the height, else the search keys go beside the bindings.
    let column = key_width + 34;
    let one_column = bindings.len() + 1 + search.len() + 2 <= usize::from(area.height);
    let (columns, rows) = if one_column {
        (1, bindings.len() + 1 + search.len())
    } else {
        (2, bindings.len().max(search.len()))
    };
    let width = u16::try_from(column * columns)
        .unwrap_or(u16::MAX)
        .min(area.width);
    let height = u16::try_from(rows + 2).unwrap_or(u16::MAX).min(area.height);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(popup);
    Clear.render(popup, buf);
    let block = Block::bordered()
        .title(" Keys ")
        .border_style(styles.border_focused);
    let inner = block.inner(popup);
    block.render(popup, buf);
    if one_column {
        let mut lines = bindings;
        lines.push(Line::raw(""));
        lines.extend(search);
        render_column(lines, inner, buf);
    } else {
        let [left, right] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(inner);
        render_column(bindings, left, buf);
        render_column(search, right, buf);
    }
}

/// Draws `lines` in `area`, cutting any that are too wide.
fn render_column(lines: Vec<Line<'_>>, area: Rect, buf: &mut Buffer) {
    let width = usize::from(area.width);
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|line| {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            if text.width() <= width {
                line
            } else {
                Line::raw(truncate(&text, width))
            }
        })
        .collect();
    Paragraph::new(lines).render(area, buf);
}

fn row<'a>(keys: &str, help: &'a str, key_width: usize, styles: &Styles) -> Line<'a> {
    let pad = key_width.saturating_sub(keys.width());
    Line::from(vec![
        Span::styled(format!(" {keys}{} ", " ".repeat(pad)), styles.link),
        Span::raw(help),
    ])
}
