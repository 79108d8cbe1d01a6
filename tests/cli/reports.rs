//! The command line's answers when there is little or too much to say: a search that finds
//! nothing, a title two files share, a name close to nothing, a library of orphans, the
//! manual's sections, and the library an installed binary opens where no folder is named.
//!
//! Every run has its own current folder and its own `HOME` and `XDG_*` folders, all temporary,
//! so no test reads or writes the real user's files.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use readmore::app::keymap::PANES;
use readmore::cli::manual::{ENVIRONMENT, EXIT_STATUS, FILES};
use tempfile::TempDir;

use crate::{Sandbox, fixtures, run_on, write};

/// The per-user library the sandbox's `XDG_DATA_HOME` gives.
fn user_library(sandbox: &Sandbox) -> PathBuf {
    sandbox.path("data").join("readmore/articles")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

/// Asserts the exit code and returns (stdout, stderr).
fn exited(out: &Output, code: i32) -> (String, String) {
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout: {stdout}\nstderr: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    (stdout, stderr)
}

#[test]
fn list_search_that_matches_nothing_exits_1_as_search_does() {
    for args in [
        &["list", "--search", "zzqqxx"][..],
        &["list", "--search", "zzqqxx", "--paths"],
        &["search", "zzqqxx"],
    ] {
        let (stdout, stderr) = exited(&run_on(&fixtures(), args), 1);
        assert_eq!((stdout.as_str(), stderr.as_str()), ("", ""), "{args:?}");
    }
    let (json, _) = exited(&run_on(&fixtures(), &["list", "-s", "zzqqxx", "--json"]), 1);
    assert_eq!(json.trim(), "[]");
    // A match, and a plain list, are a yes.
    let (found, _) = exited(&run_on(&fixtures(), &["list", "--search", "geneva"]), 0);
    assert_eq!(found, "Summit Opens in Geneva\n");
    exited(&run_on(&fixtures(), &["list"]), 0);
}

/// Two files with one title (in another case), and a third story.
fn shared_title() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    write(
        dir.path(),
        "one/dup.txt",
        "Breaking News\nThe first copy.\n",
    );
    write(
        dir.path(),
        "two/dup.txt",
        "breaking NEWS\nThe second copy.\n",
    );
    write(
        dir.path(),
        "other.txt",
        "Other Story\nRead More: Breaking News\n",
    );
    dir
}

#[test]
fn a_title_two_files_share_says_which_file_and_how_to_pick_the_other() {
    let library = shared_title();
    for command in ["show", "links"] {
        let (stdout, stderr) = exited(&run_on(library.path(), &[command, "Breaking News"]), 0);
        assert!(stdout.starts_with("Breaking News\n"), "{command}: {stdout}");
        assert_eq!(
            stderr,
            "readmore: 2 files are titled \"Breaking News\"; this is one/dup.txt, the other is \
             two/dup.txt (give its path to pick it)\n",
            "{command}"
        );
    }
    // The path the note gives picks the other copy, with no note.
    let (stdout, stderr) = exited(&run_on(library.path(), &["show", "two/dup.txt"]), 0);
    assert!(stdout.contains("The second copy."), "{stdout}");
    assert_eq!(stderr, "");
    // A title no other file has: nothing to say.
    let (_, stderr) = exited(&run_on(library.path(), &["show", "Other Story"]), 0);
    assert_eq!(stderr, "");
}

#[test]
fn an_unknown_title_lists_closest_titles_only_when_they_are_close() {
    let (stdout, stderr) = exited(&run_on(&fixtures(), &["show", "Nope"]), 1);
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        "error: no article titled \"Nope\" or at that path; no title is close (`readmore \
         list` prints them all)\n"
    );
    let (_, stderr) = exited(&run_on(&fixtures(), &["links", "Harbor Bridge Reopend"]), 1);
    assert!(
        stderr.contains("closest: \"Harbour Bridge Reopens\""),
        "{stderr}"
    );
    assert!(
        !stderr.contains("Talks Stall"),
        "only close titles: {stderr}"
    );
}

#[test]
fn check_summarises_many_orphans_and_drops_empty_headings() {
    let dir = TempDir::new().expect("temp dir");
    for n in 1..=12 {
        write(
            dir.path(),
            &format!("news/{n:02}.txt"),
            format!("Story {n}\nText.\n"),
        );
    }
    let (report, _) = exited(&run_on(dir.path(), &["check"]), 0);
    assert!(
        report.contains("orphans (no link in or out): 12\n"),
        "{report}"
    );
    let listed = report.lines().filter(|l| l.starts_with("  news/")).count();
    assert_eq!(listed, 5, "the first few: {report}");
    assert!(
        report.contains("  … and 7 more (`readmore check --all` lists every one)\n"),
        "{report}"
    );
    assert!(
        !report.contains("most linked"),
        "no empty heading: {report}"
    );

    let (all, _) = exited(&run_on(dir.path(), &["check", "--all"]), 0);
    assert_eq!(all.lines().filter(|l| l.starts_with("  news/")).count(), 12);
    assert!(!all.contains("more ("), "{all}");
    let (json, _) = exited(&run_on(dir.path(), &["check", "--json"]), 0);
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(json["orphans"].as_array().map(Vec::len), Some(12));

    // With links, the heading has something under it again.
    let (linked, _) = exited(&run_on(&fixtures(), &["check"]), 1);
    assert!(linked.contains("most linked (backlinks):\n"), "{linked}");
}

#[test]
fn the_manual_has_keys_files_environment_and_exit_status_from_the_help_tables() {
    let sandbox = Sandbox::with_xdg_homes();
    let (page, _) = exited(&sandbox.run(&["man"]), 0);
    for heading in [
        ".SH KEYS",
        ".SH FILES",
        ".SH ENVIRONMENT",
        ".SH \"EXIT STATUS\"",
    ] {
        assert!(page.contains(heading), "{heading} missing");
    }
    assert!(
        !page.contains(".SH EXTRA"),
        "the tables are sections, not an extra"
    );
    // roff escapes a few characters (an apostrophe is `\*(Aq`); compare the words.
    let words = |text: &str| -> String {
        text.replace("\\*(Aq", "")
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == ' ')
            .collect::<String>()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let keys = words(&page[page.find(".SH KEYS").expect("keys")..]);
    for binding in PANES {
        let help = binding.help.unwrap();
        assert!(keys.contains(&words(help)), "{:?} in KEYS", help);
    }
    let (help, _) = exited(&sandbox.run(&["--help"]), 0);
    let (page_words, help_words) = (words(&page), words(&help));
    for (name, meaning) in FILES.iter().chain(ENVIRONMENT).chain(EXIT_STATUS) {
        for shown in [&page_words, &help_words] {
            assert!(shown.contains(&words(name)), "{name}");
            assert!(shown.contains(&words(meaning)), "{meaning}");
        }
    }
}

#[test]
fn with_no_articles_folder_a_per_user_library_is_made_with_a_welcome_story() {
    let sandbox = Sandbox::with_xdg_homes();
    let (listed, stderr) = exited(&sandbox.run(&["list"]), 0);
    assert_eq!(
        (listed.as_str(), stderr.as_str()),
        ("Welcome to readmore\n", "")
    );
    let welcome = user_library(&sandbox).join("welcome.txt");
    let story = fs::read_to_string(&welcome).expect("the welcome story");
    for said in [
        "readmore feeds add https://example.com/feed.xml",
        "readmore fetch",
        "--articles DIR",
    ] {
        assert!(story.contains(said), "{said}: {story}");
    }
    let (shown, _) = exited(&sandbox.run(&["show", "Welcome to readmore"]), 0);
    assert!(shown.contains("readmore fetch"), "{shown}");

    // The library is the user's now: an edited story stays as edited, a deleted one gone.
    fs::write(&welcome, "My Notes\nMine.\n").expect("edit");
    let (listed, _) = exited(&sandbox.run(&["list"]), 0);
    assert_eq!(listed, "My Notes\n");
    fs::remove_file(&welcome).expect("delete");
    exited(&sandbox.run(&["list"]), 0);
    assert!(!welcome.exists(), "not made again");
}

#[test]
fn the_feed_commands_work_on_the_library_the_reader_opens() {
    // The welcome story says `readmore feeds add URL`: in any folder, that subscribes the
    // per-user library, not an `articles` folder made wherever the command ran.
    let sandbox = Sandbox::with_xdg_homes();
    let url = "http://127.0.0.1:9/feed.xml";
    let out = (sandbox.command(&["feeds", "add", url]))
        .env("no_proxy", "127.0.0.1")
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("all_proxy")
        .env_remove("ALL_PROXY")
        .output()
        .expect("run readmore");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let subscriptions = user_library(&sandbox).join(".readmore/feeds.toml");
    let kept = fs::read_to_string(&subscriptions).expect("subscribed in the user library");
    assert!(kept.contains(url), "{kept}");
    assert!(!sandbox.path("cwd").join("articles").exists());
    let (listed, _) = exited(&sandbox.run(&["feeds", "list"]), 0);
    assert!(listed.contains(url), "{listed}");
}

#[test]
fn an_articles_folder_where_readmore_starts_comes_before_the_user_library() {
    let sandbox = Sandbox::with_xdg_homes();
    write(
        &sandbox.path("cwd"),
        "articles/here.txt",
        "Here Story\nText.\n",
    );
    let (listed, _) = exited(&sandbox.run(&["list"]), 0);
    assert_eq!(listed, "Here Story\n");
    assert!(!sandbox.path("data").join("readmore").exists());
}

#[test]
fn without_any_library_the_error_names_where_it_looked_and_what_to_do() {
    let sandbox = Sandbox::with_xdg_homes();
    // A data folder that cannot be made: its parent is a file.
    let blocked = sandbox.path("data-file");
    fs::write(&blocked, "").expect("a file");
    let out = sandbox
        .command(&["list"])
        .env("XDG_DATA_HOME", &blocked)
        .output()
        .expect("run");
    let (stdout, stderr) = exited(&out, 2);
    assert_eq!(stdout, "");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let cwd_articles = sandbox.path("cwd").join("articles");
    for said in [
        "articles folder not found",
        &cwd_articles.display().to_string(),
        &blocked.join("readmore/articles").display().to_string(),
        "--articles DIR",
        &sandbox
            .path("xdg")
            .join("readmore/config.toml")
            .display()
            .to_string(),
    ] {
        assert!(stderr.contains(said), "{said:?} in {stderr}");
    }
}

#[test]
fn a_folder_the_config_names_must_exist_and_is_never_replaced_by_the_user_library() {
    let sandbox = Sandbox::with_xdg_homes();
    write(&sandbox.path("cwd"), "config.toml", "articles = \"news\"\n");
    let (_, stderr) = exited(&sandbox.run(&["list"]), 2);
    assert!(stderr.contains("config.toml: articles: "), "{stderr}");
    assert!(!sandbox.path("data").join("readmore").exists());
}

#[test]
fn the_repository_still_opens_its_own_articles_with_its_own_config() {
    let sandbox = Sandbox::with_xdg_homes();
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = sandbox
        .command(&["list", "--paths"])
        .current_dir(repository)
        .output()
        .expect("run");
    let (listed, _) = exited(&out, 0);
    let shipped = fs::read_dir(repository.join("articles"))
        .expect("the shipped articles")
        .flatten()
        .flat_map(|entry| fs::read_dir(entry.path()).into_iter().flatten().flatten())
        .filter(|file| file.path().extension() == Some(OsStr::new("txt")))
        .count();
    assert!(shipped > 0);
    assert_eq!(listed.lines().count(), shipped, "{listed}");
    assert!(!sandbox.path("data").join("readmore").exists());
}
