//! Keys, their names in `config.toml`, and the map from keys to actions.
//!
//! Bindings are data: [`BINDINGS`] names every bindable action with its help text and default
//! keys. The config, the help overlay and the status-bar hints all read that one table, so the
//! help can never disagree with what the keys do.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::app::Action;

/// A bindable action: its config name, what it does, and its default keys.
#[derive(Debug)]
pub struct Binding {
    pub name: &'static str,
    pub action: Action,
    pub help: &'static str,
    pub defaults: &'static [&'static str],
}

const fn binding(
    name: &'static str,
    action: Action,
    help: &'static str,
    defaults: &'static [&'static str],
) -> Binding {
    Binding {
        name,
        action,
        help,
        defaults,
    }
}

/// Every bindable action, in the order the help lists them.
pub const BINDINGS: &[Binding] = &[
    binding("focus_next", Action::FocusNext, "focus next pane", &["tab"]),
    binding(
        "focus_prev",
        Action::FocusPrev,
        "focus previous pane",
        &["shift-tab"],
    ),
    binding("down", Action::Down, "down / scroll down", &["j", "down"]),
    binding("up", Action::Up, "up / scroll up", &["k", "up"]),
    binding(
        "page_down",
        Action::PageDown,
        "page down",
        &["pagedown", "space"],
    ),
    binding("page_up", Action::PageUp, "page up", &["pageup"]),
    binding("top", Action::Top, "top", &["g", "home"]),
    binding("bottom", Action::Bottom, "bottom", &["G", "end"]),
    binding(
        "open",
        Action::Open,
        "open article / follow link",
        &["enter"],
    ),
    binding("next_link", Action::NextLink, "select next link", &["]"]),
    binding(
        "prev_link",
        Action::PrevLink,
        "select previous link",
        &["["],
    ),
    binding(
        "follow_link_1",
        Action::FollowLink(1),
        "follow link 1",
        &["1"],
    ),
    binding(
        "follow_link_2",
        Action::FollowLink(2),
        "follow link 2",
        &["2"],
    ),
    binding(
        "follow_link_3",
        Action::FollowLink(3),
        "follow link 3",
        &["3"],
    ),
    binding(
        "follow_link_4",
        Action::FollowLink(4),
        "follow link 4",
        &["4"],
    ),
    binding(
        "follow_link_5",
        Action::FollowLink(5),
        "follow link 5",
        &["5"],
    ),
    binding(
        "follow_link_6",
        Action::FollowLink(6),
        "follow link 6",
        &["6"],
    ),
    binding(
        "follow_link_7",
        Action::FollowLink(7),
        "follow link 7",
        &["7"],
    ),
    binding(
        "follow_link_8",
        Action::FollowLink(8),
        "follow link 8",
        &["8"],
    ),
    binding(
        "follow_link_9",
        Action::FollowLink(9),
        "follow link 9",
        &["9"],
    ),
    binding(
        "back",
        Action::Back,
        "back in history",
        &["backspace", "b", "alt-left"],
    ),
    binding(
        "forward",
        Action::Forward,
        "forward in history",
        &["f", "alt-right"],
    ),
    binding("search", Action::Search, "search titles", &["/"]),
    binding(
        "full_text_search",
        Action::FullTextSearch,
        "search all text",
        &["F"],
    ),
    binding("next_hit", Action::NextHit, "next text hit", &["n"]),
    binding("prev_hit", Action::PrevHit, "previous text hit", &["N"]),
    binding(
        "toggle_read",
        Action::ToggleRead,
        "mark read / unread",
        &["m"],
    ),
    binding("toggle_star", Action::ToggleStar, "star / unstar", &["s"]),
    binding(
        "filter_unread",
        Action::FilterUnread,
        "unread only / all",
        &["u"],
    ),
    binding(
        "filter_starred",
        Action::FilterStarred,
        "starred only / all",
        &["'"],
    ),
    binding("help", Action::Help, "show this help", &["?"]),
    binding("quit", Action::Quit, "quit", &["q", "ctrl-c"]),
];

/// The binding named `name` in `config.toml`.
pub fn binding_named(name: &str) -> Option<&'static Binding> {
    BINDINGS.iter().find(|binding| binding.name == name)
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
        first: &'static str,
        second: &'static str,
    },
    #[error("key \"{key}\" is listed twice for {action}")]
    Repeated { key: Key, action: &'static str },
}

/// Which action each key triggers, and which keys each action has.
#[derive(Debug, Clone)]
pub struct KeyMap {
    by_key: HashMap<Key, &'static Binding>,
    keys: Vec<(&'static Binding, Vec<Key>)>,
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
    pub fn with_overrides(
        overrides: Vec<(&'static Binding, Vec<Key>)>,
    ) -> Result<Self, KeyMapError> {
        let mut by_key: HashMap<Key, &'static Binding> = HashMap::new();
        for (binding, keys) in &overrides {
            for (i, key) in keys.iter().enumerate() {
                if keys[..i].contains(key) {
                    return Err(KeyMapError::Repeated {
                        key: *key,
                        action: binding.name,
                    });
                }
                if let Some(first) = by_key.insert(*key, binding) {
                    return Err(KeyMapError::Conflict {
                        key: *key,
                        first: first.name,
                        second: binding.name,
                    });
                }
            }
        }
        let mut keys = Vec::with_capacity(BINDINGS.len());
        for binding in BINDINGS {
            let bound = match overrides.iter().find(|(b, _)| b.name == binding.name) {
                Some((_, user_keys)) => user_keys.clone(),
                None => binding
                    .defaults
                    .iter()
                    .map(|name| name.parse().expect("default key names parse"))
                    .filter(|key| !by_key.contains_key(key))
                    .collect(),
            };
            for key in &bound {
                by_key.entry(*key).or_insert(binding);
            }
            keys.push((binding, bound));
        }
        Ok(Self { by_key, keys })
    }

    /// The action bound to `key`, if any.
    pub fn action(&self, key: Key) -> Option<Action> {
        self.by_key.get(&key).map(|binding| binding.action.clone())
    }

    /// Every bindable action with its keys, in help order.
    pub fn bindings(&self) -> impl Iterator<Item = (&'static Binding, &[Key])> {
        self.keys
            .iter()
            .map(|(binding, keys)| (*binding, keys.as_slice()))
    }

    /// The keys of `action`, for hints such as "?:help".
    pub fn keys_for(&self, action: &Action) -> &[Key] {
        self.keys
            .iter()
            .find(|(binding, _)| binding.action == *action)
            .map_or(&[], |(_, keys)| keys.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> Key {
        name.parse().unwrap()
    }

    #[test]
    fn key_names_parse_to_what_the_terminal_sends() {
        assert_eq!(key("g"), Key::new(KeyCode::Char('g'), KeyModifiers::NONE));
        assert_eq!(key("G"), Key::new(KeyCode::Char('G'), KeyModifiers::SHIFT));
        assert_eq!(key("shift-g"), key("G"));
        assert_eq!(
            key("ctrl-c"),
            Key::new(KeyCode::Char('c'), KeyModifiers::CONTROL)
        );
        assert_eq!(key("Ctrl-C"), key("ctrl-c"));
        assert_eq!(key("alt-left"), Key::new(KeyCode::Left, KeyModifiers::ALT));
        assert_eq!(
            key("shift-tab"),
            Key::new(KeyCode::BackTab, KeyModifiers::SHIFT)
        );
        assert_eq!(key("pgdn"), key("PageDown"));
        assert_eq!(
            key("space"),
            Key::new(KeyCode::Char(' '), KeyModifiers::NONE)
        );
        assert_eq!(key("-"), Key::new(KeyCode::Char('-'), KeyModifiers::NONE));
        assert_eq!(
            key("alt--"),
            Key::new(KeyCode::Char('-'), KeyModifiers::ALT)
        );
        assert_eq!(key("f5"), Key::new(KeyCode::F(5), KeyModifiers::NONE));
    }

    #[test]
    fn bad_key_names_are_errors() {
        for name in ["", "ctrl-", "hyper-x", "f0", "f99", "pagedownn", "\u{1b}"] {
            assert!(name.parse::<Key>().is_err(), "{name:?} should not parse");
        }
    }

    #[test]
    fn key_names_round_trip_through_display() {
        for binding in BINDINGS {
            for name in binding.defaults {
                assert_eq!(key(&key(name).to_string()), key(name), "{name}");
            }
        }
    }

    #[test]
    fn defaults_bind_every_key_in_the_table() {
        let map = KeyMap::default();
        assert_eq!(map.action(key("q")), Some(Action::Quit));
        assert_eq!(map.action(key("ctrl-c")), Some(Action::Quit));
        assert_eq!(map.action(key("3")), Some(Action::FollowLink(3)));
        assert_eq!(map.action(key("shift-tab")), Some(Action::FocusPrev));
        assert_eq!(map.action(key("x")), None);
    }

    #[test]
    fn overrides_replace_an_actions_keys_and_steal_from_defaults() {
        let map =
            KeyMap::with_overrides(vec![(binding_named("back").unwrap(), vec![key("q")])]).unwrap();
        assert_eq!(map.action(key("q")), Some(Action::Back));
        assert_eq!(map.action(key("b")), None);
        assert_eq!(map.keys_for(&Action::Quit), &[key("ctrl-c")]);
    }

    #[test]
    fn two_user_bindings_of_one_key_conflict() {
        let err = KeyMap::with_overrides(vec![
            (binding_named("back").unwrap(), vec![key("x")]),
            (binding_named("quit").unwrap(), vec![key("x")]),
        ])
        .unwrap_err();
        assert_eq!(err.to_string(), "key \"x\" is bound to both back and quit");
        let err = KeyMap::with_overrides(vec![(
            binding_named("quit").unwrap(),
            vec![key("x"), key("x")],
        )])
        .unwrap_err();
        assert_eq!(err.to_string(), "key \"x\" is listed twice for quit");
    }
}
