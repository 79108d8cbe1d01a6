//! The help overlay: every binding, generated from the key map.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::style::Styles;
use super::text::truncate;
use crate::app::{Action, App};

/// Keys of the search line; fixed, so that typing can never trigger a command.
const SEARCH_KEYS: &[(&str, &str)] = &[
    ("type", "filter titles"),
    ("up / down", "move in the results"),
    ("enter", "open the selected match"),
    ("esc", "cancel, restore the list"),
    ("backspace / ctrl-w", "delete a char / a word"),
];

pub fn render(app: &App, styles: &Styles, area: Rect, buf: &mut Buffer) {
    let mut rows: Vec<(String, &str)> = Vec::new();
    let mut follow_keys: Vec<String> = Vec::new();
    for (binding, keys) in app.config.keymap.bindings() {
        if let Action::FollowLink(_) = binding.action {
            // Nine rows that differ by a digit read better as one.
            follow_keys.push(
                keys.first()
                    .map_or_else(|| "-".to_owned(), ToString::to_string),
            );
            if follow_keys.len() == 1 {
                rows.push((String::new(), "follow link N"));
            }
            continue;
        }
        let names: Vec<String> = keys.iter().map(ToString::to_string).collect();
        let names = if names.is_empty() {
            "(unbound)".to_owned()
        } else {
            names.join(" ")
        };
        rows.push((names, binding.help));
    }
    if let Some(row) = rows.iter_mut().find(|(_, help)| *help == "follow link N") {
        row.0 = follow_keys.join(" ");
    }
    let key_width = rows
        .iter()
        .map(|(keys, _)| keys.width())
        .chain(SEARCH_KEYS.iter().map(|(keys, _)| keys.width()))
        .max()
        .unwrap_or(0);
    let mut lines: Vec<Line> = rows
        .drain(..)
        .map(|(keys, help)| row(&keys, help, key_width, styles))
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(" In the search line", styles.heading));
    lines.extend(
        SEARCH_KEYS
            .iter()
            .map(|(keys, help)| row(keys, help, key_width, styles)),
    );
    lines.push(Line::raw(""));
    lines.push(Line::styled(" ? or esc closes this help", styles.muted));

    let width = u16::try_from(key_width + 34)
        .unwrap_or(u16::MAX)
        .min(area.width);
    let height = u16::try_from(lines.len() + 2)
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
    let text_width = usize::from(inner.width);
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|line| {
            let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
            if text.width() <= text_width {
                line
            } else {
                Line::raw(truncate(&text, text_width))
            }
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

fn row<'a>(keys: &str, help: &'a str, key_width: usize, styles: &Styles) -> Line<'a> {
    let pad = key_width.saturating_sub(keys.width());
    Line::from(vec![
        Span::styled(format!(" {keys}{} ", " ".repeat(pad)), styles.link),
        Span::raw(help),
    ])
}
