//! Keys, their names in `config.toml`, and the map from keys to actions.
//!
//! Bindings are data: [`BINDINGS`] lists every bindable command with its help text and default
//! keys. The config, the help overlay and the status-bar hints all read that one table, so the
//! help can never disagree with what the keys do. A command's name in the config is its
//! variant's (see [`crate::action::Command::name`]).

use std::collections::HashMap;

use crate::action::{Command, LinkNumber, Motion};
pub use crate::key::{Key, ParseKeyError};
use crate::key::{KeyCode, KeyModifiers};

/// One row of the bindings table: an action, or a group of actions that differ only by a
/// number (follow link 1…9) and read better as one help row; its help text; and the default
/// keys of each action.
#[derive(Debug)]
pub struct Binding {
    pub actions: &'static [Command],
    pub help: &'static str,
    /// The default keys of `actions[i]` are `defaults[i]`.
    pub defaults: &'static [&'static [&'static str]],
}

const fn follow(number: usize) -> Command {
    match LinkNumber::new(number) {
        Some(number) => Command::FollowLink(number),
        None => panic!("links are numbered from 1"),
    }
}

/// Every bindable action, in the order the help lists them.
pub const BINDINGS: &[Binding] = &[
    Binding {
        actions: &[Command::FocusNext],
        help: "focus next pane",
        defaults: &[&["tab", "l", "right"]],
    },
    Binding {
        actions: &[Command::FocusPrev],
        help: "focus previous pane",
        defaults: &[&["shift-tab", "h", "left"]],
    },
    Binding {
        actions: &[Command::BackOut],
        help: "back out: close overlay, else go to list",
        defaults: &[&["esc"]],
    },
    Binding {
        actions: &[Command::Move(Motion::Down)],
        help: "down / scroll down",
        defaults: &[&["j", "down"]],
    },
    Binding {
        actions: &[Command::Move(Motion::Up)],
        help: "up / scroll up",
        defaults: &[&["k", "up"]],
    },
    Binding {
        actions: &[Command::Move(Motion::PageDown)],
        help: "page down",
        defaults: &[&["pagedown", "f"]],
    },
    Binding {
        actions: &[Command::Move(Motion::PageUp)],
        help: "page up",
        defaults: &[&["pageup", "b"]],
    },
    Binding {
        actions: &[Command::Move(Motion::HalfPageDown)],
        help: "half a page down",
        defaults: &[&["ctrl-d"]],
    },
    Binding {
        actions: &[Command::Move(Motion::HalfPageUp)],
        help: "half a page up",
        defaults: &[&["ctrl-u"]],
    },
    Binding {
        actions: &[Command::ReadOn],
        help: "read on: page down, at the end the next unread",
        defaults: &[&["space"]],
    },
    Binding {
        actions: &[Command::PrevUnread],
        help: "open the previous unread article",
        defaults: &[&["P"]],
    },
    Binding {
        actions: &[Command::NextArticle],
        help: "open the next article",
        defaults: &[&["J"]],
    },
    Binding {
        actions: &[Command::PrevArticle],
        help: "open the previous article",
        defaults: &[&["K"]],
    },
    Binding {
        actions: &[Command::Move(Motion::Top)],
        help: "top",
        defaults: &[&["g", "home"]],
    },
    Binding {
        actions: &[Command::Move(Motion::Bottom)],
        help: "bottom",
        defaults: &[&["G", "end"]],
    },
    Binding {
        actions: &[Command::Open],
        help: "open article / follow link",
        defaults: &[&["enter"]],
    },
    Binding {
        actions: &[Command::NextLink],
        help: "select next link",
        defaults: &[&["]"]],
    },
    Binding {
        actions: &[Command::PrevLink],
        help: "select previous link",
        defaults: &[&["["]],
    },
    Binding {
        actions: &[
            follow(1),
            follow(2),
            follow(3),
            follow(4),
            follow(5),
            follow(6),
            follow(7),
            follow(8),
            follow(9),
        ],
        help: "follow link N",
        defaults: &[
            &["1"],
            &["2"],
            &["3"],
            &["4"],
            &["5"],
            &["6"],
            &["7"],
            &["8"],
            &["9"],
        ],
    },
    Binding {
        actions: &[Command::Back],
        help: "back in history",
        defaults: &[&["backspace", "alt-left", "H"]],
    },
    Binding {
        actions: &[Command::Forward],
        help: "forward in history",
        defaults: &[&["alt-right", "L"]],
    },
    Binding {
        actions: &[Command::Trail],
        help: "history of this run: jump back to any point",
        defaults: &[&["T"]],
    },
    Binding {
        actions: &[Command::TogglePeek],
        help: "peek at the selected link's story: on / off",
        defaults: &[&["p"]],
    },
    Binding {
        actions: &[Command::LinkMap],
        help: "map of the links around the article",
        defaults: &[&["M"]],
    },
    Binding {
        actions: &[Command::Search],
        help: "search titles (from any pane)",
        defaults: &[&["t"]],
    },
    Binding {
        actions: &[Command::Find],
        help: "find in the article (reader), else titles",
        defaults: &[&["/"]],
    },
    Binding {
        actions: &[Command::FullTextSearch],
        help: "search all text",
        defaults: &[&["F"]],
    },
    Binding {
        actions: &[Command::NextHit],
        help: "next hit",
        defaults: &[&["n"]],
    },
    Binding {
        actions: &[Command::PrevHit],
        help: "previous hit (search backward)",
        defaults: &[&["N"]],
    },
    Binding {
        actions: &[Command::ToggleRead],
        help: "mark read / unread",
        defaults: &[&["m"]],
    },
    Binding {
        actions: &[Command::ToggleStar],
        help: "star / unstar",
        defaults: &[&["s"]],
    },
    Binding {
        actions: &[Command::FilterUnread],
        help: "unread only / all",
        defaults: &[&["u"]],
    },
    Binding {
        actions: &[Command::FilterStarred],
        help: "starred only / all",
        defaults: &[&["'"]],
    },
    Binding {
        actions: &[Command::MarkAllRead],
        help: "mark the folder read (what the filter shows)",
        defaults: &[&["A"]],
    },
    Binding {
        actions: &[Command::CatchUp],
        help: "catch up: mark everything read (y/n)",
        defaults: &[&["C"]],
    },
    Binding {
        actions: &[Command::OpenInPager],
        help: "open the file in $PAGER (less)",
        defaults: &[&["o"]],
    },
    Binding {
        actions: &[Command::OpenInEditor],
        help: "edit the file in $VISUAL/$EDITOR (vi)",
        defaults: &[&["e"]],
    },
    Binding {
        actions: &[Command::CopyTitle],
        help: "copy the title",
        defaults: &[&["y"]],
    },
    Binding {
        actions: &[Command::CopyPath],
        help: "copy the path",
        defaults: &[&["Y"]],
    },
    Binding {
        actions: &[Command::OpenSource],
        help: "open the story's source page in $BROWSER",
        defaults: &[&["w"]],
    },
    Binding {
        actions: &[Command::FetchFeeds],
        help: "fetch all feeds in the background",
        defaults: &[&["R"]],
    },
    Binding {
        actions: &[Command::CycleSort],
        help: "sort by path / title / newest / unread",
        defaults: &[&["O"]],
    },
    Binding {
        actions: &[Command::ToggleSection],
        help: "collapse / expand the folder",
        defaults: &[&["-"]],
    },
    Binding {
        actions: &[Command::Zoom],
        help: "zoom the focused pane / all panes",
        defaults: &[&["z"]],
    },
    Binding {
        actions: &[Command::Help],
        help: "show this help",
        defaults: &[&["?"]],
    },
    Binding {
        actions: &[Command::Quit],
        help: "quit",
        defaults: &[&["q", "ctrl-c"]],
    },
];

/// Every bindable action with its default key names, in table order.
fn bindable() -> impl Iterator<Item = (&'static Command, &'static [&'static str])> {
    BINDINGS
        .iter()
        .flat_map(|binding| binding.actions.iter().zip(binding.defaults.iter().copied()))
}

/// The bindable command called `name` in `config.toml`.
pub fn command_named(name: &str) -> Option<Command> {
    let command = Command::named(name)?;
    bindable()
        .any(|(bindable, _)| *bindable == command)
        .then_some(command)
}

/// Why a set of bindings cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyMapError {
    #[error("key \"{key}\" is bound to both {first} and {second}")]
    Conflict {
        key: Key,
        first: String,
        second: String,
    },
    #[error("key \"{key}\" is listed twice for {action}")]
    Repeated { key: Key, action: String },
}

/// Which action each key triggers, and which keys each action has.
#[derive(Debug, Clone)]
pub struct KeyMap {
    by_key: HashMap<Key, Command>,
    /// Every bindable action with its keys, in table order.
    keys: Vec<(Command, Vec<Key>)>,
}

impl Default for KeyMap {
    fn default() -> Self {
        Self::with_overrides(Vec::new()).expect("the default bindings are conflict-free")
    }
}

impl KeyMap {
    /// The default bindings with some actions' keys replaced. A key the user gives to one
    /// action is taken away from any default binding of another; two user bindings of one key
    /// are a conflict.
    pub fn with_overrides(overrides: Vec<(Command, Vec<Key>)>) -> Result<Self, KeyMapError> {
        let mut by_key: HashMap<Key, Command> = HashMap::new();
        for (action, keys) in &overrides {
            for (i, key) in keys.iter().enumerate() {
                if keys[..i].contains(key) {
                    return Err(KeyMapError::Repeated {
                        key: *key,
                        action: action.name().into_owned(),
                    });
                }
                if let Some(first) = by_key.insert(*key, *action) {
                    return Err(KeyMapError::Conflict {
                        key: *key,
                        first: first.name().into_owned(),
                        second: action.name().into_owned(),
                    });
                }
            }
        }
        let mut keys = Vec::new();
        for (action, defaults) in bindable() {
            let bound = match overrides
                .iter()
                .find(|(overridden, _)| overridden == action)
            {
                Some((_, user_keys)) => user_keys.clone(),
                None => defaults
                    .iter()
                    .map(|name| name.parse().expect("default key names parse"))
                    .filter(|key| !by_key.contains_key(key))
                    .collect(),
            };
            for key in &bound {
                by_key.entry(*key).or_insert_with(|| *action);
            }
            keys.push((*action, bound));
        }
        Ok(Self { by_key, keys })
    }

    /// The command bound to `key`, if any.
    pub fn command(&self, key: Key) -> Option<Command> {
        self.by_key.get(&key).cloned()
    }

    /// Whether `key` quits while the library is still loading: `esc` or a quit key.
    pub fn quits_while_loading(&self, key: Key) -> bool {
        key.code == KeyCode::Esc || self.command(key) == Some(Command::Quit)
    }

    /// Whether `key` suspends the reader as in any shell job: ctrl-z, unless it is bound.
    pub fn suspends(&self, key: Key) -> bool {
        key == Key::new(KeyCode::Char('z'), KeyModifiers::CONTROL) && self.command(key).is_none()
    }

    /// Every bindable action with its keys, in table order.
    pub fn bindings(&self) -> impl Iterator<Item = (&Command, &[Key])> {
        self.keys
            .iter()
            .map(|(action, keys)| (action, keys.as_slice()))
    }

    /// The keys of `action`, for hints such as "?:help".
    pub fn keys_for(&self, action: &Command) -> &[Key] {
        self.keys
            .iter()
            .find(|(bound, _)| bound == action)
            .map_or(&[], |(_, keys)| keys.as_slice())
    }
}

#[cfg(test)]
mod tests;
