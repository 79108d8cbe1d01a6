//! End-to-end tests: the real `readmore` binary in a pseudo terminal, driven by the pty driver
//! in `tests/common/pty.rs`. One test binary, one module per topic.

#![cfg(unix)]

#[path = "../common/mod.rs"]
mod common;
#[path = "../common/fixtures.rs"]
mod fixtures;
#[path = "../common/pty.rs"]
mod pty;

mod big_article;
mod feeds;
mod flow;
mod handoff;
mod hostile;
mod input;
mod reading;
mod signals;
mod state;
mod terminal;
