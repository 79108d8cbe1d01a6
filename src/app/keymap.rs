//! Keys, their names in `config.toml`, and the map from keys to actions.
//!
//! Bindings are data: [`BINDINGS`] lists every bindable action with its help text and default
//! keys. The config, the help overlay and the status-bar hints all read that one table, so the
//! help can never disagree with what the keys do. An action's name in the config is its serde
//! name (see [`crate::app::action`]).

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use serde::de::IntoDeserializer;

use crate::app::action::Action;
use crate::domain::wrap::LinkNumber;

/// One row of the bindings table: an action, or a group of actions that differ only by a
/// number (follow link 1…9) and read better as one help row; its help text; and the default
/// keys of each action.
#[derive(Debug)]
pub struct Binding {
    pub actions: &'static [Action],
    pub help: &'static str,
    /// The default keys of `actions[i]` are `defaults[i]`.
    pub defaults: &'static [&'static [&'static str]],
}

const fn follow(number: usize) -> Action {
    match LinkNumber::new(number) {
        Some(number) => Action::FollowLink(number),
        None => panic!("links are numbered from 1"),
    }
}

/// Every bindable action, in the order the help lists them.
pub const BINDINGS: &[Binding] = &[
    Binding {
        actions: &[Action::FocusNext],
        help: "focus next pane",
        defaults: &[&["tab", "l", "right"]],
    },
    Binding {
        actions: &[Action::FocusPrev],
        help: "focus previous pane",
        defaults: &[&["shift-tab", "h", "left"]],
    },
    Binding {
        actions: &[Action::BackOut],
        help: "back out: close overlay, else go to list",
        defaults: &[&["esc"]],
    },
    Binding {
        actions: &[Action::Down],
        help: "down / scroll down",
        defaults: &[&["j", "down"]],
    },
    Binding {
        actions: &[Action::Up],
        help: "up / scroll up",
        defaults: &[&["k", "up"]],
    },
    Binding {
        actions: &[Action::PageDown],
        help: "page down",
        defaults: &[&["pagedown", "f"]],
    },
    Binding {
        actions: &[Action::PageUp],
        help: "page up",
        defaults: &[&["pageup", "b"]],
    },
    Binding {
        actions: &[Action::HalfPageDown],
        help: "half a page down",
        defaults: &[&["ctrl-d"]],
    },
    Binding {
        actions: &[Action::HalfPageUp],
        help: "half a page up",
        defaults: &[&["ctrl-u"]],
    },
    Binding {
        actions: &[Action::ReadOn],
        help: "read on: page down, at the end the next unread",
        defaults: &[&["space"]],
    },
    Binding {
        actions: &[Action::PrevUnread],
        help: "open the previous unread article",
        defaults: &[&["P"]],
    },
    Binding {
        actions: &[Action::NextArticle],
        help: "open the next article",
        defaults: &[&["J"]],
    },
    Binding {
        actions: &[Action::PrevArticle],
        help: "open the previous article",
        defaults: &[&["K"]],
    },
    Binding {
        actions: &[Action::Top],
        help: "top",
        defaults: &[&["g", "home"]],
    },
    Binding {
        actions: &[Action::Bottom],
        help: "bottom",
        defaults: &[&["G", "end"]],
    },
    Binding {
        actions: &[Action::Open],
        help: "open article / follow link",
        defaults: &[&["enter"]],
    },
    Binding {
        actions: &[Action::NextLink],
        help: "select next link",
        defaults: &[&["]"]],
    },
    Binding {
        actions: &[Action::PrevLink],
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
        actions: &[Action::Back],
        help: "back in history",
        defaults: &[&["backspace", "alt-left", "H"]],
    },
    Binding {
        actions: &[Action::Forward],
        help: "forward in history",
        defaults: &[&["alt-right", "L"]],
    },
    Binding {
        actions: &[Action::Trail],
        help: "history of this run: jump back to any point",
        defaults: &[&["T"]],
    },
    Binding {
        actions: &[Action::TogglePeek],
        help: "peek at the selected link's story: on / off",
        defaults: &[&["p"]],
    },
    Binding {
        actions: &[Action::LinkMap],
        help: "map of the links around the article",
        defaults: &[&["M"]],
    },
    Binding {
        actions: &[Action::Search],
        help: "search titles (from any pane)",
        defaults: &[&["t"]],
    },
    Binding {
        actions: &[Action::Find],
        help: "find in the article (reader), else titles",
        defaults: &[&["/"]],
    },
    Binding {
        actions: &[Action::FullTextSearch],
        help: "search all text",
        defaults: &[&["F"]],
    },
    Binding {
        actions: &[Action::NextHit],
        help: "next hit",
        defaults: &[&["n"]],
    },
    Binding {
        actions: &[Action::PrevHit],
        help: "previous hit (search backward)",
        defaults: &[&["N"]],
    },
    Binding {
        actions: &[Action::ToggleRead],
        help: "mark read / unread",
        defaults: &[&["m"]],
    },
    Binding {
        actions: &[Action::ToggleStar],
        help: "star / unstar",
        defaults: &[&["s"]],
    },
    Binding {
        actions: &[Action::FilterUnread],
        help: "unread only / all",
        defaults: &[&["u"]],
    },
    Binding {
        actions: &[Action::FilterStarred],
        help: "starred only / all",
        defaults: &[&["'"]],
    },
    Binding {
        actions: &[Action::MarkAllRead],
        help: "mark the folder read (what the filter shows)",
        defaults: &[&["A"]],
    },
    Binding {
        actions: &[Action::CatchUp],
        help: "catch up: mark everything read (y/n)",
        defaults: &[&["C"]],
    },
    Binding {
        actions: &[Action::OpenInPager],
        help: "open the file in $PAGER (less)",
        defaults: &[&["o"]],
    },
    Binding {
        actions: &[Action::OpenInEditor],
        help: "edit the file in $VISUAL/$EDITOR (vi)",
        defaults: &[&["e"]],
    },
    Binding {
        actions: &[Action::CopyTitle],
        help: "copy the title",
        defaults: &[&["y"]],
    },
    Binding {
        actions: &[Action::CopyPath],
        help: "copy the path",
        defaults: &[&["Y"]],
    },
    Binding {
        actions: &[Action::OpenSource],
        help: "open the story's source page in $BROWSER",
        defaults: &[&["w"]],
    },
    Binding {
        actions: &[Action::FetchFeeds],
        help: "fetch all feeds in the background",
        defaults: &[&["R"]],
    },
    Binding {
        actions: &[Action::CycleSort],
        help: "sort by path / title / newest / unread",
        defaults: &[&["O"]],
    },
    Binding {
        actions: &[Action::ToggleSection],
        help: "collapse / expand the folder",
        defaults: &[&["-"]],
    },
    Binding {
        actions: &[Action::Zoom],
        help: "zoom the focused pane / all panes",
        defaults: &[&["z"]],
    },
    Binding {
        actions: &[Action::Help],
        help: "show this help",
        defaults: &[&["?"]],
    },
    Binding {
        actions: &[Action::Quit],
        help: "quit",
        defaults: &[&["q", "ctrl-c"]],
    },
];

/// Every bindable action with its default key names, in table order.
fn bindable() -> impl Iterator<Item = (&'static Action, &'static [&'static str])> {
    BINDINGS
        .iter()
        .flat_map(|binding| binding.actions.iter().zip(binding.defaults.iter().copied()))
}

/// The bindable action called `name` in `config.toml`.
pub fn action_named(name: &str) -> Option<Action> {
    let name: serde::de::value::StrDeserializer<serde::de::value::Error> = name.into_deserializer();
    let action = Action::deserialize(name).ok()?;
    bindable()
        .any(|(bindable, _)| *bindable == action)
        .then_some(action)
}

/// The name of `action` in `config.toml`, from its serde name.
pub fn action_name(action: &Action) -> String {
    match serde_json::to_value(action) {
        Ok(serde_json::Value::String(name)) => name,
        _ => format!("{action:?}"),
    }
}

/// A key with its modifiers, normalised so that a config name and a terminal event for the same
/// key compare equal (`G` is `G`, not `shift-g`; `shift-tab` is the back-tab key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
}

impl Key {
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> Self {
        let mut modifiers =
            modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            other => other,
        };
        if matches!(code, KeyCode::Char(_) | KeyCode::BackTab) {
            modifiers.remove(KeyModifiers::SHIFT);
        }
        Self { code, modifiers }
    }

    pub fn from_event(event: KeyEvent) -> Self {
        Self::new(event.code, event.modifiers)
    }
}

/// A key name in the config that is not a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown key name {0:?} (examples: \"g\", \"G\", \"ctrl-c\", \"alt-left\", \"shift-tab\", \"pagedown\", \"f5\")"
)]
pub struct ParseKeyError(pub String);

const NAMED_KEYS: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("space", KeyCode::Char(' ')),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pgup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("pgdn", KeyCode::PageDown),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("ins", KeyCode::Insert),
];

// Our own parser rather than `crokey::parse`: crokey lowercases the whole name, so "G" would
// bind `g` (our defaults and users' configs write capitals for shifted letters, as the
// terminal sends them), and its error names only the raw string, with no hint of what would
// parse. The config reports the line and column either
// way (from the TOML span), so crokey would give worse messages for the same ~60 lines.
impl FromStr for Key {
    type Err = ParseKeyError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        let error = || ParseKeyError(name.to_owned());
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = name;
        while let Some((head, tail)) = rest.split_once('-') {
            let modifier = match head.to_ascii_lowercase().as_str() {
                "ctrl" | "control" => KeyModifiers::CONTROL,
                "alt" | "meta" => KeyModifiers::ALT,
                "shift" => KeyModifiers::SHIFT,
                _ => break,
            };
            if tail.is_empty() {
                break;
            }
            modifiers |= modifier;
            rest = tail;
        }
        let code = key_code(rest).ok_or_else(error)?;
        let code = match code {
            KeyCode::Tab if modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::SHIFT) => {
                KeyCode::Char(c.to_uppercase().next().unwrap_or(c))
            }
            other => other,
        };
        Ok(Self::new(code, modifiers))
    }
}

fn key_code(name: &str) -> Option<KeyCode> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return (!c.is_control()).then_some(KeyCode::Char(c));
    }
    let lower = name.to_ascii_lowercase();
    if let Some(&(_, code)) = NAMED_KEYS.iter().find(|(key, _)| *key == lower) {
        return Some(code);
    }
    let number = lower.strip_prefix('f')?.parse::<u8>().ok()?;
    (1..=24).contains(&number).then_some(KeyCode::F(number))
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.modifiers.contains(KeyModifiers::CONTROL) {
            f.write_str("ctrl-")?;
        }
        if self.modifiers.contains(KeyModifiers::ALT) {
            f.write_str("alt-")?;
        }
        if self.modifiers.contains(KeyModifiers::SHIFT) {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::BackTab => f.write_str("shift-tab"),
            KeyCode::F(n) => write!(f, "f{n}"),
            code => {
                let name = NAMED_KEYS
                    .iter()
                    .find(|(_, named)| *named == code)
                    .map_or("?", |(name, _)| name);
                f.write_str(name)
            }
        }
    }
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
    by_key: HashMap<Key, Action>,
    /// Every bindable action with its keys, in table order.
    keys: Vec<(Action, Vec<Key>)>,
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
    pub fn with_overrides(overrides: Vec<(Action, Vec<Key>)>) -> Result<Self, KeyMapError> {
        let mut by_key: HashMap<Key, Action> = HashMap::new();
        for (action, keys) in &overrides {
            for (i, key) in keys.iter().enumerate() {
                if keys[..i].contains(key) {
                    return Err(KeyMapError::Repeated {
                        key: *key,
                        action: action_name(action),
                    });
                }
                if let Some(first) = by_key.insert(*key, action.clone()) {
                    return Err(KeyMapError::Conflict {
                        key: *key,
                        first: action_name(&first),
                        second: action_name(action),
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
                by_key.entry(*key).or_insert_with(|| action.clone());
            }
            keys.push((action.clone(), bound));
        }
        Ok(Self { by_key, keys })
    }

    /// The action bound to `key`, if any.
    pub fn action(&self, key: Key) -> Option<Action> {
        self.by_key.get(&key).cloned()
    }

    /// Every bindable action with its keys, in table order.
    pub fn bindings(&self) -> impl Iterator<Item = (&Action, &[Key])> {
        self.keys
            .iter()
            .map(|(action, keys)| (action, keys.as_slice()))
    }

    /// The keys of `action`, for hints such as "?:help".
    pub fn keys_for(&self, action: &Action) -> &[Key] {
        self.keys
            .iter()
            .find(|(bound, _)| bound == action)
            .map_or(&[], |(_, keys)| keys.as_slice())
    }
}

#[cfg(test)]
mod tests;
