//! The `readmore` binary as a user or a script runs it: every command, its output formats, its
//! errors and what it refuses to print; the feed commands against servers on 127.0.0.1; the
//! reading state's export and import. One test binary, one module per topic.
//!
//! Each run happens in its own sandbox: an empty current folder (so no stray `./config.toml` or
//! `./articles` is picked up), an empty `XDG_CONFIG_HOME` and a temporary `HOME`.

#[path = "../common/mod.rs"]
mod common;

mod cache;
mod check_kept;
mod config;
mod control;
mod dot;
mod feeds;
mod graph;
mod links_check;
mod list_show;
mod oddities;
mod pipes;
mod reports;
mod scripting;
mod search;
mod similar;
mod state;
mod state_streams;

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;
use tempfile::TempDir;

/// The fixture titles, in path order.
const FIXTURE_TITLES: [&str; 5] = [
    "Festival of Lights Draws Crowds",
    "Harbour Bridge Reopens",
    "東京の朝市がにぎわう",
    "Summit Opens in Geneva",
    "Talks Stall Over Water Rights",
];

/// The fixture paths, in path order, as the library reports them.
const FIXTURE_PATHS: [&str; 5] = [
    "local/festival-of-lights.txt",
    "local/harbour-bridge-reopens.txt",
    "local/tokyo-market.txt",
    "world/summit-opens-in-geneva.txt",
    "world/talks-stall-over-water-rights.txt",
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/library")
}

/// A temporary current folder, config home and home folder for one or more runs.
struct Sandbox {
    dir: TempDir,
    /// Whether the runs' data, state and cache homes are set to folders here, or left to
    /// their defaults below `HOME`.
    xdg_homes: bool,
}

impl Sandbox {
    fn new() -> Self {
        Self::make(false)
    }

    /// A sandbox whose runs have `XDG_DATA_HOME`, `XDG_STATE_HOME` and `XDG_CACHE_HOME` set to
    /// its folders `data`, `state` and `cache`.
    fn with_xdg_homes() -> Self {
        Self::make(true)
    }

    fn make(xdg_homes: bool) -> Self {
        let dir = TempDir::new().expect("temp dir");
        for sub in ["cwd", "xdg", "home", "data", "state", "cache"] {
            fs::create_dir(dir.path().join(sub)).expect("sandbox folder");
        }
        Self { dir, xdg_homes }
    }

    fn path(&self, sub: &str) -> PathBuf {
        self.dir.path().join(sub)
    }

    /// The current folder of every run.
    fn cwd(&self) -> PathBuf {
        self.path("cwd")
    }

    fn command<S: AsRef<OsStr>>(&self, args: &[S]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_readmore"));
        command
            .args(args)
            .current_dir(self.cwd())
            .env("XDG_CONFIG_HOME", self.path("xdg"))
            .env("HOME", self.path("home"))
            // The encoding of a file that is not UTF-8 is guessed for the locale's region.
            .env("LC_ALL", "en_GB.UTF-8")
            .stdin(Stdio::null());
        for (variable, sub) in [
            ("XDG_DATA_HOME", "data"),
            ("XDG_STATE_HOME", "state"),
            ("XDG_CACHE_HOME", "cache"),
        ] {
            if self.xdg_homes {
                command.env(variable, self.path(sub));
            } else {
                command.env_remove(variable);
            }
        }
        command
    }

    fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Output {
        self.command(args).output().expect("run readmore")
    }
}

/// Runs `readmore ARGS --articles LIBRARY` in a fresh sandbox.
fn run_on(library: &Path, args: &[&str]) -> Output {
    let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    all.extend([OsStr::new("--articles"), library.as_os_str()]);
    Sandbox::new().run(&all)
}

fn run_fixture(args: &[&str]) -> Output {
    run_on(&fixtures(), args)
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

/// Asserts a successful run with nothing on stderr and returns stdout.
fn success(out: &Output) -> String {
    answer(out, 0)
}

/// Asserts a run that exited with `code` (0 or 1: a report whose answer is yes or no) with
/// nothing on stderr, and returns stdout.
fn answer(out: &Output, code: i32) -> String {
    assert_eq!(out.status.code(), Some(code), "stderr: {}", stderr(out));
    assert_eq!(stderr(out), "", "stderr of a run that reported");
    stdout(out)
}

fn json_of(out: &Output) -> Value {
    json_answer(out, 0)
}

fn json_answer(out: &Output, code: i32) -> Value {
    serde_json::from_str(&answer(out, code)).expect("stdout is JSON")
}

/// Asserts a failed run with `code`, no stdout and exactly one `error:` line on stderr; returns
/// that line without its newline.
fn one_error_line(out: &Output, code: i32) -> String {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    assert!(out.stdout.is_empty(), "stdout: {}", stdout(out));
    assert!(!err.contains("panicked"), "panic: {err}");
    assert!(err.ends_with('\n'), "newline-terminated: {err:?}");
    assert_eq!(err.lines().count(), 1, "one line: {err:?}");
    assert!(err.starts_with("error: "), "{err:?}");
    err.trim_end().to_owned()
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// A library of `count` articles `a00000.txt`, `a00001.txt`, … holding `text(n)`: enough
/// output that a reader can stop before the end.
fn many_articles(count: usize, text: impl Fn(usize) -> String) -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    for n in 0..count {
        write(dir.path(), &format!("a{n:05}.txt"), text(n));
    }
    dir
}

/// Writes `text` to `dir/relative`, creating folders on the way.
fn write(dir: &Path, relative: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(relative);
    fs::create_dir_all(path.parent().expect("has a parent")).expect("create folders");
    fs::write(path, text).expect("write file");
}
