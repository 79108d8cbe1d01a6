//! What a key means where it lands: the mode on top picks the context's table of keys
//! (`keymap`); a key no row takes does what the context does with other keys (the search
//! line types it, a question takes it as no, the panes say it is not bound).

use super::component::Component;
use super::state::App;
use crate::app::action::Command;
use crate::app::key::{Key, KeyCode, KeyModifiers};
use crate::app::keymap::{Context, types};

impl App {
    /// A key pressed: its command in the current context, else what the context does with
    /// other keys.
    pub(super) fn key(&mut self, key: Key) {
        match self.command_for(key) {
            Some(command) => self.command(command),
            None => match (self.context(), key.code) {
                (Context::Search, KeyCode::Char(c)) if types(key) => self.type_char(c),
                (Context::Question, _) => self.command(Command::No),
                (Context::Panes, _) => self.unbound(&key.to_string()),
                _ => {}
            },
        }
    }

    /// Where keys are read now: the overlay or line on top, else the panes.
    pub fn context(&self) -> Context {
        self.overlays.top().map_or(Context::Panes, Component::keys)
    }

    /// The command `key` gives in the current context, if any: over the panes, a plain quit
    /// key backs out first when `q_backs_out` is set and something is open.
    pub fn command_for(&self, key: Key) -> Option<Command> {
        match self.config.keymap.command_in(self.context(), key)? {
            Command::Quit
                if self.context() == Context::Panes
                    && self.config.q_backs_out
                    && !key.modifiers.contains(KeyModifiers::CONTROL)
                    && self.backs_out_before_quitting() =>
            {
                Some(Command::BackOut)
            }
            command => Some(command),
        }
    }
}

#[cfg(test)]
mod tests;
