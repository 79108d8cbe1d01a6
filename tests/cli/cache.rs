//! The metadata cache: each file read once, `--no-cache`, and a corrupt or planted cache
//! rebuilt.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::common::timeout;
use crate::{Sandbox, fixtures, stderr, stdout, success};

/// The metadata cache files below the sandbox's home folder.
fn cache_files(sandbox: &Sandbox) -> Vec<PathBuf> {
    let cache = sandbox.dir.path().join("home/.cache/readmore");
    let Ok(folders) = fs::read_dir(cache) else {
        return Vec::new();
    };
    folders
        .map(|folder| folder.unwrap().path().join("library-v1"))
        .filter(|file| file.exists())
        .collect()
}

/// `check` on the fixtures, with `extra` arguments.
fn check_args(extra: &[&str]) -> Vec<std::ffi::OsString> {
    let mut args = vec![
        "check".into(),
        "--articles".into(),
        fixtures().into_os_string(),
    ];
    args.extend(extra.iter().map(Into::into));
    args
}

/// `check`'s text with its timings line cut to the counts of files parsed and cached.
fn check_counts(out: &Output) -> (Vec<String>, String) {
    let text = stdout(out);
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let timings = lines.pop().expect("a timings line");
    let (_, counts) = timings.split_once("; ").expect("the files counted");
    (lines, counts.to_owned())
}

#[test]
fn check_reads_every_file_once_then_takes_them_from_the_cache() {
    let sandbox = Sandbox::new();
    let args = check_args(&[]);
    let first = sandbox.run(&args);
    let (report, counts) = check_counts(&first);
    assert_eq!(counts, "files parsed 5, from the cache 0");
    assert_eq!(
        cache_files(&sandbox).len(),
        1,
        "the cache is in $HOME/.cache/readmore"
    );
    let second = sandbox.run(&args);
    assert_eq!(first.status.code(), second.status.code());
    assert_eq!(
        check_counts(&second),
        (report, "files parsed 0, from the cache 5".to_owned())
    );
    assert_eq!(stderr(&second), "");
}

#[test]
fn no_cache_neither_reads_nor_writes_the_cache() {
    let sandbox = Sandbox::new();
    let out = sandbox.run(&check_args(&["--no-cache"]));
    assert_eq!(check_counts(&out).1, "files parsed 5, from the cache 0");
    assert!(cache_files(&sandbox).is_empty(), "nothing written");
    sandbox.run(&check_args(&[]));
    let file = &cache_files(&sandbox)[0];
    fs::write(file, "garbage").unwrap();
    let out = sandbox.run(&check_args(&["--no-cache"]));
    assert!(!stdout(&out).contains("metadata cache"), "{}", stdout(&out));
    assert_eq!(
        fs::read(file).unwrap(),
        b"garbage",
        "nothing read or replaced"
    );
}

#[test]
fn a_corrupt_cache_is_a_warning_and_the_report_is_the_same() {
    let sandbox = Sandbox::new();
    let args = check_args(&[]);
    let (report, _) = check_counts(&sandbox.run(&args));
    let file = &cache_files(&sandbox)[0];
    fs::write(file, b"readmore\x01\x00\x00\x00\x1b[2J\x1b]0;owned\x07").unwrap();
    let out = sandbox.run(&args);
    let (mut damaged, counts) = check_counts(&out);
    assert_eq!(counts, "files parsed 5, from the cache 0");
    let at = damaged
        .iter()
        .position(|line| line.contains("metadata cache not used"))
        .unwrap_or_else(|| panic!("a warning: {damaged:?}"));
    let warning = damaged.remove(at);
    assert!(
        warning.ends_with("library-v1: metadata cache not used: it is truncated; it is made again"),
        "{warning}"
    );
    assert!(!stdout(&out).contains('\u{1b}'));
    let warnings = |lines: &mut Vec<String>| {
        let at = lines
            .iter()
            .position(|line| line.starts_with("warnings: "))
            .unwrap();
        lines.remove(at)
    };
    assert_eq!(warnings(&mut damaged), "warnings: 1");
    let mut report = report;
    assert_eq!(warnings(&mut report), "warnings: 0");
    assert_eq!(damaged, report, "the same library");
    let (_, counts) = check_counts(&sandbox.run(&args));
    assert_eq!(counts, "files parsed 0, from the cache 5", "made again");
}

/// Runs `args` in `sandbox`, failing (not hanging) if it has not ended within [`timeout`]: a
/// guard against a hang, not a speed target.
fn run_guarded(sandbox: &Sandbox, args: &[std::ffi::OsString]) -> Output {
    let child = sandbox
        .command(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let id = child.id();
    let (done, answer) = std::sync::mpsc::channel();
    std::thread::spawn(move || done.send(child.wait_with_output()));
    let limit = timeout();
    match answer.recv_timeout(limit) {
        Ok(out) => out.unwrap(),
        Err(_) => {
            let pid = libc::pid_t::try_from(id).expect("a pid fits a pid_t");
            // SAFETY: kill(2) only sends a signal; it reads and writes no memory of this process.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("readmore {args:?} hung: still running after {limit:?}");
        }
    }
}

/// Puts a link to `/dev/zero` at `file`, in place of what is there.
fn plant_zero(file: &Path) {
    fs::remove_file(file).unwrap();
    std::os::unix::fs::symlink("/dev/zero", file).unwrap();
}

/// Puts a FIFO at `file`, in place of what is there.
fn plant_fifo(file: &Path) {
    fs::remove_file(file).unwrap();
    assert!(Command::new("mkfifo").arg(file).status().unwrap().success());
}

#[test]
fn fifos_and_devices_planted_in_the_cache_are_rebuilt_not_waited_on() {
    let sandbox = Sandbox::new();
    let check = check_args(&[]);
    let mut search: Vec<std::ffi::OsString> = vec!["search".into(), "bridge".into()];
    search.extend(["--articles".into(), fixtures().into_os_string()]);
    let (report, _) = check_counts(&sandbox.run(&check));
    let found = success(&sandbox.run(&search));
    let file = cache_files(&sandbox).remove(0);
    let meta = file.with_file_name("fulltext-v1").join("meta.json");
    assert!(meta.is_file(), "the full-text index is next to the cache");
    for (planted, plant) in [
        ("a FIFO", plant_fifo as fn(&Path)),
        ("a link to /dev/zero", plant_zero),
    ] {
        plant(&file);
        plant(&meta);
        let out = run_guarded(&sandbox, &check);
        let (lines, counts) = check_counts(&out);
        assert_eq!(counts, "files parsed 5, from the cache 0", "{planted}");
        let warning = lines
            .iter()
            .find(|line| line.contains("metadata cache not used"));
        assert!(
            warning.is_some_and(|line| line.contains("not a regular file")),
            "{planted}: {lines:?} (was {report:?})"
        );
        assert!(
            fs::metadata(&file).unwrap().is_file(),
            "{planted}: made again"
        );
        let out = run_guarded(&sandbox, &search);
        assert_eq!(out.status.code(), Some(0), "{planted}");
        assert_eq!(stdout(&out), found, "{planted}");
        assert!(
            stderr(&out).contains("meta.json: not a regular file")
                && stderr(&out).ends_with("rebuilt it\n"),
            "{planted}: {}",
            stderr(&out)
        );
        assert!(
            fs::symlink_metadata(&meta).unwrap().is_file(),
            "{planted}: rebuilt"
        );
    }
}
