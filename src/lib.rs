//! readmore: a terminal reader for a folder of plain-text news articles.
//!
//! The domain modules (`article`, `library`, `search`, `wrap`) know nothing of terminals; every
//! input becomes an `action::Action` (a leaf module); the `app` state machine applies actions
//! and owns the geometry it needs; `ui` draws the state; `tui` runs the loop.

pub mod action;
pub mod app;
pub mod article;
pub mod cli;
pub mod config;
#[cfg(test)]
mod corpus;
pub mod feeds;
pub mod fulltext;
pub mod keymap;
pub mod library;
pub mod normalize;
pub mod own_files;
pub mod paths;
pub mod sanitize;
pub mod search;
pub mod state;
pub mod tui;
pub mod ui;
pub mod watch;
pub mod worker;
pub mod wrap;
