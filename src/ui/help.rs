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
    ("type", "the query"),
    ("up down", "move in the results"),
    ("enter", "open the selected match"),
    ("esc", "cancel, restore the list"),
    ("backspace ctrl-w", "delete a char / a word"),
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
    // One column when it fits the height, else the search keys go beside the bindings.
    let search_rows = SEARCH_KEYS.len() + 3;
    let one_column = rows.len() + 1 + search_rows + 2 <= usize::from(area.height);
    let keys_width = |keys: &mut dyn Iterator<Item = &str>| keys.map(str::width).max().unwrap_or(0);
    let binding_keys = keys_width(&mut rows.iter().map(|(keys, _)| keys.as_str()));
    let search_keys = keys_width(&mut SEARCH_KEYS.iter().map(|(keys, _)| *keys));
    // Stacked, the two lists align their descriptions; side by side, each fits its own keys.
    let (binding_keys, search_keys) = if one_column {
        let both = binding_keys.max(search_keys);
        (both, both)
    } else {
        (binding_keys, search_keys)
    };
    let bindings: Vec<Line> = rows
        .drain(..)
        .map(|(keys, help)| row(&keys, help, binding_keys, styles))
        .collect();
    let mut search: Vec<Line> = vec![Line::styled(" In the search line", styles.heading)];
    search.extend(
        SEARCH_KEYS
            .iter()
            .map(|(keys, help)| row(keys, help, search_keys, styles)),
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

    // Each column is as wide as its widest line and a margin.
    let column_width = |lines: &[Line]| lines.iter().map(Line::width).max().unwrap_or(0) + 1;
    let (left_width, right_width) = (column_width(&bindings), column_width(&search));
    let (content_width, content_height) = if one_column {
        (
            left_width.max(right_width),
            bindings.len() + 1 + search.len(),
        )
    } else {
        (left_width + right_width, bindings.len().max(search.len()))
    };
    let width = u16::try_from(content_width + 2)
        .unwrap_or(u16::MAX)
        .min(area.width);
    let height = u16::try_from(content_height + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
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
        let left_width = u16::try_from(left_width).unwrap_or(u16::MAX);
        let [left, right] =
            Layout::horizontal([Constraint::Length(left_width), Constraint::Fill(1)]).areas(inner);
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
        Span::styled(format!(" {keys}{}  ", " ".repeat(pad)), styles.link),
        Span::raw(help),
    ])
}
