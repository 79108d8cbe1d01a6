//! Styles for each part of the screen, from the theme, or without colour under `NO_COLOR`,
//! and the framed look the popups share.

use std::ffi::OsStr;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Widget};

use crate::app::config::{Colour, Theme};

/// Whether colour may be used, given the value of `NO_COLOR`: set to anything but the empty
/// string, it turns colour off (<https://no-color.org>).
pub fn color_allowed(no_color: Option<&OsStr>) -> bool {
    no_color.is_none_or(OsStr::is_empty)
}

/// The terminal's colour for a theme's [`Colour`].
pub fn terminal_color(colour: Colour) -> Color {
    match colour {
        Colour::Reset => Color::Reset,
        Colour::Black => Color::Black,
        Colour::Red => Color::Red,
        Colour::Green => Color::Green,
        Colour::Yellow => Color::Yellow,
        Colour::Blue => Color::Blue,
        Colour::Magenta => Color::Magenta,
        Colour::Cyan => Color::Cyan,
        Colour::Gray => Color::Gray,
        Colour::DarkGray => Color::DarkGray,
        Colour::LightRed => Color::LightRed,
        Colour::LightGreen => Color::LightGreen,
        Colour::LightYellow => Color::LightYellow,
        Colour::LightBlue => Color::LightBlue,
        Colour::LightMagenta => Color::LightMagenta,
        Colour::LightCyan => Color::LightCyan,
        Colour::White => Color::White,
        Colour::Rgb(r, g, b) => Color::Rgb(r, g, b),
        Colour::Indexed(index) => Color::Indexed(index),
    }
}

/// Every style the panes use, worked out once per frame from the theme.
#[derive(Debug, Clone, Copy)]
pub struct Styles {
    pub border: Style,
    pub border_focused: Style,
    pub heading: Style,
    pub link: Style,
    pub dangling: Style,
    /// A selected row or link; also what marks the selection when colour is off.
    pub selected: Style,
    /// The selection of a pane that does not have focus.
    pub selected_inactive: Style,
    pub matched: Style,
    pub muted: Style,
    /// Titles not read yet.
    pub unread: Style,
}

impl Styles {
    pub fn new(theme: &Theme, color: bool) -> Self {
        if !color {
            return Self {
                border: Style::new(),
                border_focused: Style::new().add_modifier(Modifier::BOLD),
                heading: Style::new().add_modifier(Modifier::BOLD),
                link: Style::new().add_modifier(Modifier::UNDERLINED),
                dangling: Style::new().add_modifier(Modifier::ITALIC),
                selected: Style::new().add_modifier(Modifier::REVERSED),
                selected_inactive: Style::new().add_modifier(Modifier::UNDERLINED),
                matched: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                muted: Style::new(),
                unread: Style::new().add_modifier(Modifier::BOLD),
            };
        }
        let fg = |colour| Style::new().fg(terminal_color(colour));
        Self {
            border: fg(theme.muted),
            border_focused: fg(theme.accent),
            heading: fg(theme.accent).add_modifier(Modifier::BOLD),
            link: fg(theme.link).add_modifier(Modifier::UNDERLINED),
            dangling: fg(theme.dangling).add_modifier(Modifier::ITALIC),
            selected: Style::new()
                .bg(terminal_color(theme.selection))
                .add_modifier(Modifier::BOLD),
            selected_inactive: Style::new().bg(terminal_color(theme.muted)),
            matched: fg(theme.matched).add_modifier(Modifier::BOLD),
            muted: fg(theme.muted),
            unread: Style::new().add_modifier(Modifier::BOLD),
        }
    }
}

/// Clears `area` for a popup and draws its border, with `title` on top and the keys it takes
/// (`keys`) at the bottom right; returns the area inside the border.
pub fn popup_frame(title: &str, keys: &str, styles: &Styles, area: Rect, buf: &mut Buffer) -> Rect {
    Clear.render(area, buf);
    let block = Block::bordered()
        .title(title.to_owned())
        .title_bottom(Line::from(keys.to_owned()).right_aligned())
        .border_style(styles.border_focused);
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

#[cfg(test)]
mod tests;
