//! Which command each key gives in each context, from one table per context
//! ([`tables`]). The input mapping, the help overlay, the status-bar hints and the names in
//! `config.toml` all read those tables, so the help can never disagree with what the keys do.
//! A command's name in the config is its variant's ([`Command::name`]), with the context in
//! front outside the panes (`search_cancel`, `help_close`).

mod tables;

use std::borrow::Cow;
use std::collections::HashMap;

use crate::app::action::Command;
pub use crate::app::key::{Key, ParseKeyError};
use crate::app::key::{KeyCode, KeyModifiers};
pub use tables::{PANES, hints};

/// Where a key is pressed: each context has its own table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, strum::IntoStaticStr, strum::EnumIter)]
#[strum(serialize_all = "snake_case")]
pub enum Context {
    /// The list, the reader and the links pane (the peek card has no keys of its own: `esc`
    /// backs out of it as from any pane).
    Panes,
    /// A search line: titles, full text, or find in the article.
    Search,
    /// A y/n question on the status line.
    Question,
    Help,
    /// The history of this run.
    History,
    /// The link map.
    Map,
}

impl Context {
    /// The context's table of keys.
    pub fn table(self) -> &'static [Binding] {
        match self {
            Self::Panes => tables::PANES,
            Self::Search => tables::SEARCH,
            Self::Question => tables::QUESTION,
            Self::Help => tables::HELP,
            Self::History => tables::HISTORY,
            Self::Map => tables::MAP,
        }
    }

    /// Every context, the panes first (the others can take keys from them).
    pub fn all() -> impl Iterator<Item = Self> {
        <Self as strum::IntoEnumIterator>::iter()
    }
}

/// A pane, for the hints the status line gives in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    List,
    Reader,
    Links,
}

/// Which of a panes command's keys a row of another context takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Any,
    /// Those with ctrl (`ctrl-c` still quits from an overlay).
    WithCtrl,
    /// Those without ctrl (a plain `q` closes an overlay).
    WithoutCtrl,
    /// Those that type nothing into a search line: not a character with at most shift.
    NotTyped,
}

impl Which {
    fn takes(self, key: Key) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match self {
            Self::Any => true,
            Self::WithCtrl => ctrl,
            Self::WithoutCtrl => !ctrl,
            Self::NotTyped => !types(key),
        }
    }
}

/// Whether `key` types its character into a search line: a character with no modifier but
/// shift.
pub fn types(key: Key) -> bool {
    matches!(key.code, KeyCode::Char(_)) && key.modifiers.difference(KeyModifiers::SHIFT).is_empty()
}

/// Where a row's keys come from.
#[derive(Debug)]
pub enum Keys {
    /// The default keys of `commands[i]` are `defaults[i]`; `config.toml` can replace them.
    Own(&'static [&'static [&'static str]]),
    /// Each command's keys are its keys over the panes, as the user has them there.
    FromPanes,
    /// Default keys of its own (which `config.toml` can replace), and the keys of other
    /// commands over the panes: an overlay closes with its own key and `esc`.
    Like {
        own: &'static [&'static str],
        like: &'static [(Command, Which)],
    },
    /// How an overlay opened by the panes' command `0` closes: with `esc` (which
    /// `config.toml` can replace), that command's keys, back out's, and a quit key without
    /// ctrl, as in `less`.
    Closes(Command),
}

/// One row of a context's table: a command, or a group of commands that differ only by a
/// number (follow link 1…9) and read better as one help row; its help text, if the help lists
/// it; and its keys.
#[derive(Debug)]
pub struct Binding {
    pub commands: &'static [Command],
    pub help: Option<&'static str>,
    pub keys: Keys,
}

impl Binding {
    /// A row the help lists.
    const fn listed(
        commands: &'static [Command],
        help: &'static str,
        defaults: &'static [&'static [&'static str]],
    ) -> Self {
        Self {
            commands,
            help: Some(help),
            keys: Keys::Own(defaults),
        }
    }

    /// A row the help does not list.
    const fn quiet(
        commands: &'static [Command],
        defaults: &'static [&'static [&'static str]],
    ) -> Self {
        Self {
            commands,
            help: None,
            keys: Keys::Own(defaults),
        }
    }

    /// Commands that take their keys from the panes.
    const fn from_panes(commands: &'static [Command]) -> Self {
        Self {
            commands,
            help: None,
            keys: Keys::FromPanes,
        }
    }

    /// A command with keys of its own and some of the panes'.
    const fn like(
        commands: &'static [Command; 1],
        own: &'static [&'static str],
        like: &'static [(Command, Which)],
    ) -> Self {
        Self {
            commands,
            help: None,
            keys: Keys::Like { own, like },
        }
    }

    /// The row that closes an overlay opened by the panes' command `opens`.
    const fn closes(opens: Command) -> Self {
        Self {
            commands: &[Command::Close],
            help: None,
            keys: Keys::Closes(opens),
        }
    }

    /// Each command of the row with its default keys, for those `config.toml` can set: a row
    /// with no keys of its own only follows the panes.
    fn defaults(&self) -> Vec<(Command, &'static [&'static str])> {
        match self.keys {
            Keys::Own(defaults) => self
                .commands
                .iter()
                .copied()
                .zip(defaults.iter().copied())
                .collect(),
            Keys::Like { own, .. } if !own.is_empty() => self
                .commands
                .iter()
                .map(|&command| (command, own))
                .collect(),
            Keys::Closes(_) => self
                .commands
                .iter()
                .map(|&command| (command, &["esc"] as &'static [&'static str]))
                .collect(),
            Keys::Like { .. } | Keys::FromPanes => Vec::new(),
        }
    }
}

/// A command of one context that `config.toml` can give keys to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Bindable {
    pub context: Context,
    pub command: Command,
}

impl From<Command> for Bindable {
    /// A command over the panes.
    fn from(command: Command) -> Self {
        Self {
            context: Context::Panes,
            command,
        }
    }
}

impl Bindable {
    /// The name in `config.toml`: the command's, with the context in front outside the panes.
    pub fn name(self) -> Cow<'static, str> {
        match self.context {
            Context::Panes => self.command.name(),
            context => {
                let context: &str = context.into();
                Cow::Owned(format!("{context}_{}", self.command.name()))
            }
        }
    }
}

/// Every command `config.toml` can bind, with its default key names, context by context in
/// table order.
pub fn bindable() -> impl Iterator<Item = (Bindable, &'static [&'static str])> {
    Context::all().flat_map(|context| {
        context.table().iter().flat_map(move |binding| {
            binding
                .defaults()
                .into_iter()
                .map(move |(command, keys)| (Bindable { context, command }, keys))
        })
    })
}

/// Names `config.toml` used before a command was renamed, with the name it has now: an old
/// config still binds.
const RENAMED: &[(&str, &str)] = &[("trail", "history"), ("trail_close", "history_close")];

/// The bindable command called `name` in `config.toml` (or an older name of it).
pub fn command_named(name: &str) -> Option<Bindable> {
    let name = (RENAMED.iter())
        .find(|(old, _)| *old == name)
        .map_or(name, |(_, new)| *new);
    bindable()
        .map(|(bindable, _)| bindable)
        .find(|bindable| bindable.name() == name)
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

/// Which command each key gives in each context, and which keys each command has there.
#[derive(Debug, Clone)]
pub struct KeyMap {
    by_key: HashMap<(Context, Key), Command>,
    /// Every command of every context with its keys, in table order.
    keys: Vec<(Context, Command, Vec<Key>)>,
}

impl Default for KeyMap {
    fn default() -> Self {
        Self::with_overrides(Vec::<(Command, _)>::new())
            .expect("the default bindings are conflict-free")
    }
}

impl KeyMap {
    /// The default bindings with some commands' keys replaced. A key the user gives to one
    /// command is taken away from any default binding of another in its context; two user
    /// bindings of one key in one context are a conflict.
    pub fn with_overrides<B: Into<Bindable>>(
        overrides: Vec<(B, Vec<Key>)>,
    ) -> Result<Self, KeyMapError> {
        let overrides: Vec<(Bindable, Vec<Key>)> = overrides
            .into_iter()
            .map(|(bindable, keys)| (bindable.into(), keys))
            .collect();
        let mut by_key: HashMap<(Context, Key), Command> = HashMap::new();
        for (bindable, keys) in &overrides {
            for (i, key) in keys.iter().enumerate() {
                if keys[..i].contains(key) {
                    return Err(KeyMapError::Repeated {
                        key: *key,
                        action: bindable.name().into_owned(),
                    });
                }
                let context = bindable.context;
                if let Some(first) = by_key.insert((context, *key), bindable.command) {
                    return Err(KeyMapError::Conflict {
                        key: *key,
                        first: Bindable {
                            context,
                            command: first,
                        }
                        .name()
                        .into_owned(),
                        second: bindable.name().into_owned(),
                    });
                }
            }
        }
        let mut map = Self {
            by_key,
            keys: Vec::new(),
        };
        for context in Context::all() {
            for binding in context.table() {
                map.bind_row(context, binding, &overrides);
            }
        }
        Ok(map)
    }

    /// Binds the keys of one row: the user's, else the defaults not taken, then what the row
    /// takes from the panes (already bound: the panes come first).
    fn bind_row(
        &mut self,
        context: Context,
        binding: &Binding,
        overrides: &[(Bindable, Vec<Key>)],
    ) {
        let own = binding.defaults();
        for &command in binding.commands {
            let bindable = Bindable { context, command };
            let defaults = own
                .iter()
                .find(|(own, _)| *own == command)
                .map(|(_, keys)| *keys);
            let mut bound: Vec<Key> = match overrides.iter().find(|(b, _)| *b == bindable) {
                Some((_, user_keys)) => user_keys.clone(),
                None => (defaults.unwrap_or_default().iter())
                    .map(|name| name.parse().expect("default key names parse"))
                    .filter(|key| !self.by_key.contains_key(&(context, *key)))
                    .collect(),
            };
            let like: Vec<Key> = match binding.keys {
                Keys::Own(_) => Vec::new(),
                Keys::FromPanes => self.keys_in(Context::Panes, &command).to_vec(),
                Keys::Like { like, .. } => self.panes_keys(like),
                Keys::Closes(opens) => self.panes_keys(&[
                    (opens, Which::Any),
                    (Command::BackOut, Which::Any),
                    (Command::Quit, Which::WithoutCtrl),
                ]),
            };
            let taken =
                |key: &Key| bound.contains(key) || self.by_key.contains_key(&(context, *key));
            let like: Vec<Key> = like.into_iter().filter(|key| !taken(key)).collect();
            bound.extend(like);
            for key in &bound {
                self.by_key.entry((context, *key)).or_insert(command);
            }
            self.keys.push((context, command, bound));
        }
    }

    /// The keys of some of the panes' commands, as the user has them there.
    fn panes_keys(&self, like: &[(Command, Which)]) -> Vec<Key> {
        (like.iter())
            .flat_map(|&(of, which)| {
                (self.keys_in(Context::Panes, &of).iter().copied())
                    .filter(move |key| which.takes(*key))
            })
            .collect()
    }

    /// The command `key` gives over the panes, if any.
    pub fn command(&self, key: Key) -> Option<Command> {
        self.command_in(Context::Panes, key)
    }

    /// The command `key` gives in `context`, if any.
    pub fn command_in(&self, context: Context, key: Key) -> Option<Command> {
        self.by_key.get(&(context, key)).copied()
    }

    /// Whether `key` quits while the library is still loading: `esc` or a quit key.
    pub fn quits_while_loading(&self, key: Key) -> bool {
        key.code == KeyCode::Esc || self.command(key) == Some(Command::Quit)
    }

    /// Whether `key` suspends the reader as in any shell job: ctrl-z, unless it is bound.
    pub fn suspends(&self, key: Key) -> bool {
        key == Key::new(KeyCode::Char('z'), KeyModifiers::CONTROL) && self.command(key).is_none()
    }

    /// Every command over the panes with its keys, in table order.
    pub fn bindings(&self) -> impl Iterator<Item = (&Command, &[Key])> {
        (self.keys.iter())
            .filter(|(context, ..)| *context == Context::Panes)
            .map(|(_, command, keys)| (command, keys.as_slice()))
    }

    /// The keys of `command` over the panes, for hints such as "?:help".
    pub fn keys_for(&self, command: &Command) -> &[Key] {
        self.keys_in(Context::Panes, command)
    }

    /// The keys of `command` in `context`.
    pub fn keys_in(&self, context: Context, command: &Command) -> &[Key] {
        (self.keys.iter())
            .find(|(c, bound, _)| *c == context && bound == command)
            .map_or(&[], |(_, _, keys)| keys.as_slice())
    }
}

#[cfg(test)]
mod tests;
