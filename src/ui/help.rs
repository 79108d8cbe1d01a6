//! The help overlay: every binding, generated from the key map, laid out by `app::help` so
//! that scrolling and drawing agree. A mark on the border says when more lies below.

use ratatui::buffer::Buffer;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::style::Styles;
use super::text::truncate;
use crate::app::help::{HelpKind, HelpLayout, HelpLine};

pub fn render(help: &HelpLayout, styles: &Styles, buf: &mut Buffer) {
    let popup = help.popup;
    Clear.render(popup, buf);
    let mut block = Block::bordered()
        .title(" Keys ")
        .border_style(styles.border_focused);
    if help.scroll > 0 {
        block = block.title(Line::from(" ↑ more above ").right_aligned());
    }
    if help.more_below() {
        block = block.title_bottom(Line::from(" ↓ more below: j/space ").right_aligned());
    }
    let inner = block.inner(popup);
    block.render(popup, buf);
    let width = usize::from(inner.width);
    let lines: Vec<Line> = help
        .lines
        .iter()
        .skip(help.scroll)
        .take(help.visible())
        .map(|line| styled(line, help.keys_width, width, styles))
        .collect();
    Paragraph::new(lines).render(inner, buf);
}

/// One help line, cut to `width` columns.
fn styled(line: &HelpLine, keys_width: usize, width: usize, styles: &Styles) -> Line<'static> {
    let style = match line.kind {
        HelpKind::Row => styles.link,
        HelpKind::Heading => styles.heading,
        HelpKind::Note => styles.muted,
    };
    if line.kind != HelpKind::Row || line.keys.is_empty() {
        let style = if line.kind == HelpKind::Row {
            ratatui::style::Style::new()
        } else {
            style
        };
        return Line::styled(truncate(&format!(" {}", line.text), width), style);
    }
    if keys_width == 0 {
        return Line::styled(truncate(&format!(" {}", line.keys), width), style);
    }
    let pad = keys_width.saturating_sub(line.keys.width());
    let keys = format!(" {}{}  ", line.keys, " ".repeat(pad));
    if keys.width() + line.text.width() > width {
        return Line::raw(truncate(&format!("{keys}{}", line.text), width));
    }
    Line::from(vec![
        Span::styled(keys, style),
        Span::raw(line.text.clone()),
    ])
}
