//! App state and the one place it changes.

pub mod geometry;
mod history;
mod input;
mod search;
mod state;
mod update;

pub use crate::action::{Action, LinkNumber};
pub use input::action_for;
pub use state::{App, Filter, Focus, LinkItem, ListPosition, Mode, Search, SearchKind};

#[cfg(test)]
mod tests;
