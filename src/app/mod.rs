//! App state and the one place it changes.

mod catchup;
mod fetching;
mod find;
pub mod geometry;
mod handoff;
pub mod help;
mod history;
mod jobs;
mod links;
mod list;
pub mod map;
mod marks;
mod mouse;
mod navigation;
pub mod peek;
mod reload;
mod search;
mod sections;
mod session;
mod state;
mod trail;
mod update;
mod views;
mod window;

pub use crate::action::{Action, LinkNumber};
pub use fetching::FetchProgress;
pub use handoff::Handoff;
pub use marks::MarkChange;
pub use state::App;
pub use views::{
    ArticleList, FindLine, Focus, HitSpan, LinkItem, LinkMap, ListEntry, ListFilter, ListPosition,
    ListRow, Mode, Question, Reader, RelatedRow, SearchKind, SearchLine, Section, SimilarStories,
    TextHits,
};

/// "1 match", "2 matches": a count with its noun in the right number.
pub fn counted(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_fetch;
#[cfg(test)]
mod tests_flow;
#[cfg(test)]
mod tests_related;
#[cfg(test)]
mod tests_workers;
