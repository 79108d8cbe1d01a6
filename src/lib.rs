//! readmore: a terminal reader for a folder of plain-text news articles.
//!
//! The domain modules (`article`, `library`, `search`, `wrap`) know nothing of terminals; the
//! `app` state machine knows nothing of crossterm; `ui` draws the state; `tui` runs the loop.

pub mod app;
pub mod article;
pub mod cli;
pub mod commands;
pub mod config;
pub mod corpus;
pub mod fulltext;
pub mod keymap;
pub mod library;
pub mod normalize;
pub mod parallel;
pub mod paths;
pub mod reading_state;
pub mod sanitize;
pub mod search;
pub mod state;
pub mod tui;
pub mod ui;
pub mod watch;
pub mod wrap;
