//! Closed, full and thrown-away standard output and error.

use std::ffi::OsStr;
use std::fmt::Debug;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::{Sandbox, fixtures, many_articles, one_error_line, stderr};

#[test]
fn closing_stdout_early_exits_quietly() {
    let dir = many_articles(5000, |n| {
        format!("Generated article number {n:05} about the river\n\nBody.\nRead More: Gone {n}\n")
    });
    let sandbox = Sandbox::new();
    let library = dir.path().as_os_str();
    let commands: [&[&str]; 3] = [&["list"], &["list", "--json"], &["check"]];
    for command in commands {
        let mut args: Vec<&OsStr> = command.iter().map(OsStr::new).collect();
        args.extend([OsStr::new("--articles"), library]);
        quiet_after_one_line(sandbox.command(&args), &command);
    }
}

/// Runs `command`, reads one line of its output and closes the pipe: the run must still end
/// successfully with nothing on stderr. `what` names the run in a failure.
pub(crate) fn quiet_after_one_line(mut command: Command, what: &dyn Debug) {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn readmore");
    let mut reader = BufReader::new(child.stdout.take().expect("piped stdout"));
    let mut first = String::new();
    reader.read_line(&mut first).expect("read a line");
    assert!(!first.is_empty(), "{what:?}: no output");
    drop(reader);
    let out = child.wait_with_output().expect("wait for readmore");
    let err = stderr(&out);
    assert!(out.status.success(), "{what:?}: {:?} {err}", out.status);
    assert_eq!(err, "", "{what:?}");
}

/// Runs `readmore ARGS --articles FIXTURE` through `sh`, with the shell redirection `redirect`
/// (such as `2>&-`) applied to it: the standard library cannot spawn with a closed descriptor.
#[cfg(unix)]
pub(crate) fn run_redirected(redirect: &str, args: &[&str]) -> Output {
    let sandbox = Sandbox::new();
    let fixture = fixtures();
    let script = format!("exec \"$0\" \"$@\" {redirect}");
    let mut all: Vec<&OsStr> = vec![
        OsStr::new("-c"),
        OsStr::new(&script),
        OsStr::new(env!("CARGO_BIN_EXE_readmore")),
    ];
    all.extend(args.iter().map(OsStr::new));
    all.extend([OsStr::new("--articles"), fixture.as_os_str()]);
    Command::new("sh")
        .args(all)
        .current_dir(sandbox.cwd())
        .env("XDG_CONFIG_HOME", sandbox.dir.path().join("xdg"))
        .env("HOME", sandbox.dir.path().join("home"))
        .stdin(Stdio::null())
        .output()
        .expect("run sh")
}

#[cfg(unix)]
#[test]
fn a_closed_or_full_stderr_keeps_the_exit_code() {
    let runs: [(&[&str], i32); 3] = [
        (&["show", "nope"], 1),
        (&["links", "nope"], 1),
        (&["list", "--config", "missing.toml"], 2),
    ];
    for (args, code) in runs {
        for redirect in ["2>&-", "2>/dev/full"] {
            if redirect.contains("full") && !Path::new("/dev/full").exists() {
                continue;
            }
            let out = run_redirected(redirect, args);
            // Exit code 101 would be a panic on the failed write.
            assert_eq!(out.status.code(), Some(code), "{args:?} {redirect}");
            assert!(out.stdout.is_empty(), "{args:?} {redirect}");
        }
    }
}

/// A standard output closed at start (`>&-`) is what the standard library makes of it before
/// `main`: /dev/null. Output vanishes as with `>/dev/null`, as in ripgrep and fd.
#[cfg(unix)]
#[test]
fn a_closed_stdout_is_taken_as_dev_null() {
    let runs: [&[&str]; 4] = [&["list"], &["check", "--json"], &["--help"], &["--version"]];
    for args in runs {
        let closed = run_redirected(">&-", args);
        let null = run_redirected(">/dev/null", args);
        assert_eq!(closed.status.code(), null.status.code(), "{args:?}");
        assert_eq!(stderr(&closed), stderr(&null), "{args:?}");
        assert!(!stderr(&closed).contains("panicked"), "{args:?}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_stdout_is_an_error() {
    for args in [
        &["list"][..],
        &["show", "Harbour Bridge Reopens"],
        &["--help"],
        &["completions", "bash"],
        &["man"],
    ] {
        let out = run_redirected(">/dev/full", args);
        let line = one_error_line(&out, 2);
        assert!(
            line.starts_with("error: cannot write to standard output: "),
            "{args:?}: {line}"
        );
        let out = run_redirected(">/dev/full 2>/dev/full", args);
        assert_eq!(out.status.code(), Some(2), "{args:?}, both full");
    }
}

#[test]
fn output_thrown_away_on_purpose_is_not_an_error() {
    let out = Sandbox::new()
        .command(&[
            OsStr::new("list"),
            OsStr::new("--articles"),
            fixtures().as_os_str(),
        ])
        .stdout(Stdio::null())
        .output()
        .expect("run readmore");
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
}
