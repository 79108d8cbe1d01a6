//! App state and the one place it changes, with the vocabulary that drives it: the actions,
//! the key map that names them and the config that binds them.

pub mod action;
mod catchup;
mod clock;
pub mod component;
pub mod config;
mod effects;
mod fetch_report;
mod fetching;
mod find;
pub mod geometry;
mod handoff;
pub mod help;
pub mod history;
mod jobs;
pub mod key;
pub mod keymap;
mod keys;
mod links;
mod list;
pub mod map;
mod marks;
mod mouse;
mod navigation;
pub mod overlays;
pub mod peek;
pub mod question;
pub mod related;
mod reload;
mod search;
mod sections;
mod session;
mod state;
mod update;
mod views;
mod window;

pub use action::{Answer, Command, Event, Input, LinkNumber, Motion, Msg};
pub use effects::Effects;
pub use fetching::FetchProgress;
pub use handoff::Handoff;
pub use key::Key;
pub use marks::MarkChange;
pub use overlays::{Overlay, Overlays};
pub use state::App;
pub use views::{
    ArticleList, FindLine, Focus, HitSpan, LinkItem, ListEntry, ListFilter, ListPosition, ListRow,
    Reader, RelatedRow, SearchKind, SearchLine, Section, SimilarStories, TextHits,
};

#[cfg(test)]
mod harness;
#[cfg(test)]
mod tests;
