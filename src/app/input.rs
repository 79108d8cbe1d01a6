//! Terminal events to actions, depending on the mode: the search line takes printable keys,
//! the help overlay only closes, everything else goes through the key map.

use ratatui::crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers, MouseEventKind};

use super::state::App;
use super::views::Mode;
use crate::action::Action;
use crate::keymap::Key;

/// The action a terminal event asks for, if any.
pub fn action_for(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            let key = Key::from_event(*key);
            match app.mode {
                Mode::Search(_) => search_key(app, key),
                Mode::Help => help_key(app, key),
                Mode::Normal => app.config.keymap.action(key),
            }
        }
        Event::Paste(text) if matches!(app.mode, Mode::Search(_)) => {
            Some(Action::SearchPaste(text.clone()))
        }
        Event::Mouse(mouse) => {
            let (column, row) = (mouse.column, mouse.row);
            match mouse.kind {
                MouseEventKind::Down(_) => Some(Action::Click { column, row }),
                MouseEventKind::ScrollDown => Some(Action::Scroll {
                    column,
                    row,
                    down: true,
                }),
                MouseEventKind::ScrollUp => Some(Action::Scroll {
                    column,
                    row,
                    down: false,
                }),
                _ => None,
            }
        }
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    }
}

fn search_key(app: &App, key: Key) -> Option<Action> {
    let plain = key.modifiers.difference(KeyModifiers::SHIFT).is_empty();
    match key.code {
        KeyCode::Esc => Some(Action::SearchCancel),
        KeyCode::Enter => Some(Action::SearchAccept),
        KeyCode::Up => Some(Action::Up),
        KeyCode::Down => Some(Action::Down),
        KeyCode::PageUp => Some(Action::PageUp),
        KeyCode::PageDown => Some(Action::PageDown),
        KeyCode::Backspace => Some(Action::SearchDeleteChar),
        KeyCode::Char('w') if key.modifiers == KeyModifiers::CONTROL => {
            Some(Action::SearchDeleteWord)
        }
        KeyCode::Char(c) if plain => Some(Action::SearchInput(c)),
        // Other keys with ctrl or alt (ctrl-c above all) keep a quit binding, so quitting
        // works from the search line too.
        _ => app
            .config
            .keymap
            .action(key)
            .filter(|action| *action == Action::Quit),
    }
}

/// In the help overlay, `esc`, the help key and a plain quit key (`q`) close it, as in `less`;
/// a quit key with ctrl (`ctrl-c`) still quits.
fn help_key(app: &App, key: Key) -> Option<Action> {
    if key.code == KeyCode::Esc {
        return Some(Action::Help);
    }
    match app.config.keymap.action(key)? {
        Action::Quit if key.modifiers.contains(KeyModifiers::CONTROL) => Some(Action::Quit),
        Action::Quit | Action::Help => Some(Action::Help),
        _ => None,
    }
}
