//! Styles for each part of the screen, from the theme, or without colour under `NO_COLOR`.

use std::ffi::OsStr;

use ratatui::style::{Modifier, Style};

use crate::app::config::Theme;

/// Whether colour may be used, given the value of `NO_COLOR`: set to anything but the empty
/// string, it turns colour off (<https://no-color.org>).
pub fn color_allowed(no_color: Option<&OsStr>) -> bool {
    no_color.is_none_or(OsStr::is_empty)
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
        Self {
            border: Style::new().fg(theme.muted),
            border_focused: Style::new().fg(theme.accent),
            heading: Style::new().fg(theme.accent).add_modifier(Modifier::BOLD),
            link: Style::new()
                .fg(theme.link)
                .add_modifier(Modifier::UNDERLINED),
            dangling: Style::new()
                .fg(theme.dangling)
                .add_modifier(Modifier::ITALIC),
            selected: Style::new()
                .bg(theme.selection)
                .add_modifier(Modifier::BOLD),
            selected_inactive: Style::new().bg(theme.muted),
            matched: Style::new().fg(theme.matched).add_modifier(Modifier::BOLD),
            muted: Style::new().fg(theme.muted),
            unread: Style::new().add_modifier(Modifier::BOLD),
        }
    }
}
