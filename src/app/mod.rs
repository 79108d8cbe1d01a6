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
mod find_line;
mod focus;
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
pub mod question;
mod reader;
mod reading;
pub mod related;
mod reload;
mod rows;
mod search;
mod search_line;
mod sections;
mod session;
mod state;
mod update;
mod window;

pub use action::{Answer, Command, Event, Input, LinkNumber, Motion, Msg};
pub use effects::Effects;
pub use fetching::FetchProgress;
pub use find_line::FindLine;
pub use focus::Focus;
pub use handoff::Handoff;
pub use key::Key;
pub use list::{ArticleList, ListEntry, ListFilter, ListPosition, ListRow, Section};
pub use marks::MarkChange;
pub use overlays::{Overlay, Overlays};
pub use reader::{HitSpan, Reader, TextHits};
pub use related::{LinkItem, Related, RelatedRow, SimilarStories};
pub use search_line::{SearchKind, SearchLine};
pub use state::{App, Prepared};

#[cfg(test)]
mod harness;
#[cfg(test)]
mod tests;
