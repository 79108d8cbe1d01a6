//! App state and the one place it changes.

mod action;
mod history;
mod search;
mod state;
mod update;

pub use action::Action;
pub use state::{App, Filter, Focus, LinkItem, ListPosition, Mode, Search, SearchKind};

#[cfg(test)]
mod tests;
