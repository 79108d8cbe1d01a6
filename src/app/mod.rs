//! App state and the one place it changes.

pub mod geometry;
mod history;
mod jobs;
mod links;
mod list;
mod marks;
mod mouse;
mod navigation;
mod reload;
mod search;
mod state;
mod update;
mod views;

pub use crate::action::{Action, LinkNumber};
pub use marks::MarkChange;
pub use state::App;
pub use views::{
    ArticleList, Focus, LinkItem, ListFilter, ListPosition, ListRow, Mode, Reader, RelatedRow,
    SearchKind, SearchLine, TextHits,
};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_workers;
