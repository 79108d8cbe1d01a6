//! What a key means where it lands: the mode on top decides (the search line takes printable
//! keys, an overlay only a few), the panes go through the key map.

use super::state::App;
use super::views::Mode;
use crate::action::{Command, Motion};
use crate::key::{Key, KeyCode, KeyModifiers};

impl App {
    /// A key pressed: its command in the current mode, else what the mode does with other
    /// keys (the search line types them, the panes say they are not bound).
    pub(super) fn key(&mut self, key: Key) {
        match self.command_for(key) {
            Some(command) => self.command(command),
            None => match (&self.mode, key.code) {
                (Mode::Search(_) | Mode::Find(_), KeyCode::Char(c)) if typed(key) => {
                    self.type_char(c);
                }
                (Mode::Normal, _) => self.unbound(&key.to_string()),
                _ => {}
            },
        }
    }

    /// The command `key` gives in the current mode, if any.
    pub fn command_for(&self, key: Key) -> Option<Command> {
        match self.mode {
            Mode::Search(_) | Mode::Find(_) => self.search_key(key),
            Mode::Help { .. } => self.help_key(key),
            Mode::Trail { .. } => self.trail_key(key),
            Mode::Map(_) => self.map_key(key),
            Mode::Confirm(_) => Some(self.confirm_key(key)),
            Mode::Normal => self.normal_key(key),
        }
    }

    /// Keys over the panes, through the key map: a plain quit key backs out first when
    /// `q_backs_out` is set and something is open.
    fn normal_key(&self, key: Key) -> Option<Command> {
        match self.config.keymap.command(key)? {
            Command::Quit
                if self.config.q_backs_out
                    && !key.modifiers.contains(KeyModifiers::CONTROL)
                    && self.backs_out_before_quitting() =>
            {
                Some(Command::BackOut)
            }
            command => Some(command),
        }
    }

    /// A y/n question: `y` says yes, a quit key with ctrl still quits, any other key says no.
    fn confirm_key(&self, key: Key) -> Command {
        match key.code {
            KeyCode::Char('y' | 'Y') if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                Command::Yes
            }
            _ if key.modifiers.contains(KeyModifiers::CONTROL)
                && self.config.keymap.command(key) == Some(Command::Quit) =>
            {
                Command::Quit
            }
            _ => Command::No,
        }
    }

    fn search_key(&self, key: Key) -> Option<Command> {
        match key.code {
            KeyCode::Esc => Some(Command::Cancel),
            KeyCode::Enter => Some(Command::Accept),
            KeyCode::Up => Some(Command::Move(Motion::Up)),
            KeyCode::Down => Some(Command::Move(Motion::Down)),
            KeyCode::PageUp => Some(Command::Move(Motion::PageUp)),
            KeyCode::PageDown => Some(Command::Move(Motion::PageDown)),
            KeyCode::Backspace => Some(Command::DeleteChar),
            KeyCode::Char('w') if key.modifiers == KeyModifiers::CONTROL => {
                Some(Command::DeleteWord)
            }
            KeyCode::Char(_) if typed(key) => None,
            // Other keys with ctrl or alt (ctrl-c above all) keep a quit binding, so quitting
            // works from the search line too.
            _ => self
                .config
                .keymap
                .command(key)
                .filter(|command| *command == Command::Quit),
        }
    }

    /// In the help overlay, `esc`, the help key and a plain quit key (`q`) close it, as in
    /// `less`; a quit key with ctrl (`ctrl-c`) still quits; the movement keys scroll it.
    fn help_key(&self, key: Key) -> Option<Command> {
        use Motion::*;
        let scroll = [
            Down,
            Up,
            PageDown,
            PageUp,
            HalfPageDown,
            HalfPageUp,
            Top,
            Bottom,
        ]
        .map(Command::Move);
        let mut passes = scroll.to_vec();
        passes.push(Command::ReadOn);
        self.overlay_key(key, Command::Help, &passes)
    }

    /// In the history list, `esc`, `T` and a plain quit key close it; a quit key with ctrl
    /// still quits; the movement keys move the selection and `enter` jumps to it.
    fn trail_key(&self, key: Key) -> Option<Command> {
        use Motion::*;
        let mut passes = [Down, Up, PageDown, PageUp, Top, Bottom]
            .map(Command::Move)
            .to_vec();
        passes.push(Command::Open);
        self.overlay_key(key, Command::Trail, &passes)
    }

    /// In the link map, `esc`, `M` and a plain quit key close it; a quit key with ctrl still
    /// quits; the movement keys move the selection and `enter` opens the selected story.
    fn map_key(&self, key: Key) -> Option<Command> {
        use Motion::*;
        let mut passes = [
            Down,
            Up,
            PageDown,
            PageUp,
            HalfPageDown,
            HalfPageUp,
            Top,
            Bottom,
        ]
        .map(Command::Move)
        .to_vec();
        passes.push(Command::Open);
        self.overlay_key(key, Command::LinkMap, &passes)
    }

    /// The keys of an overlay that `close` toggles: `esc`, its own key and a plain quit key
    /// give `close`, a quit key with ctrl still quits, the commands in `passes` go through,
    /// and every other key does nothing.
    fn overlay_key(&self, key: Key, close: Command, passes: &[Command]) -> Option<Command> {
        if key.code == KeyCode::Esc {
            return Some(close);
        }
        match self.config.keymap.command(key)? {
            Command::Quit if key.modifiers.contains(KeyModifiers::CONTROL) => Some(Command::Quit),
            command
                if command == Command::Quit || command == Command::BackOut || command == close =>
            {
                Some(close)
            }
            command if passes.contains(&command) => Some(command),
            _ => None,
        }
    }
}

/// Whether `key` types its character into a search line: no modifier but shift.
fn typed(key: Key) -> bool {
    key.modifiers.difference(KeyModifiers::SHIFT).is_empty()
}

#[cfg(test)]
mod tests;
