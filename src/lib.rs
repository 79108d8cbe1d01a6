//! readmore: a terminal reader for a folder of plain-text news articles.
//!
//! The folders are the layers, top to bottom: `tui` runs the loop and `cli` the subcommands;
//! `ui` draws the state; `app` is the state machine with its vocabulary (`app::action`,
//! `app::keymap`, `app::config`); `domain` (articles, libraries, feeds, search, marks) knows
//! nothing of terminals or the app.

pub mod app;
pub mod cli;
pub mod domain;
pub mod tui;
pub mod ui;
