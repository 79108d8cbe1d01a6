//! Fatal errors, where the config and the articles folder come from, and config files that are
//! too large or not text.

use std::ffi::OsStr;
use std::fs;
use std::path::Path;

use crate::{
    FIXTURE_TITLES, Sandbox, fixtures, lines, one_error_line, run_fixture, run_on, success, write,
};

#[test]
fn missing_articles_folder_is_a_one_line_error() {
    let out = Sandbox::new().run(&["list", "--articles", "/nonexistent/readmore-articles"]);
    let line = one_error_line(&out, 2);
    assert!(line.contains("/nonexistent/readmore-articles"), "{line}");
    assert!(line.contains("not found"), "{line}");
}

#[test]
fn articles_that_is_a_file_is_a_one_line_error() {
    let file = fixtures().join("local/harbour-bridge-reopens.txt");
    let out = run_on(&file, &["list"]);
    let line = one_error_line(&out, 2);
    assert!(line.contains(&file.display().to_string()), "{line}");
    assert!(line.contains("not a folder"), "{line}");
}

#[test]
fn missing_config_file_is_a_one_line_error() {
    let out = run_fixture(&["list", "--config", "missing.toml"]);
    let line = one_error_line(&out, 2);
    assert!(line.starts_with("error: missing.toml: "), "{line}");
}

/// Runs `list` on the fixture with a config file holding `text`; returns the config's path
/// and the error line.
fn config_error(text: &str) -> (String, String) {
    config_file_error(|path| fs::write(path, text).expect("write config"))
}

#[test]
fn config_errors_name_file_line_and_column() {
    let (path, line) = config_error("[reader]\nmax_width = \"x\"\n");
    assert!(line.starts_with(&format!("error: {path}:2:13: ")), "{line}");

    let (path, line) = config_error("# settings\n\n[reader]\n  colour = 1\n");
    assert!(line.starts_with(&format!("error: {path}:4:3: ")), "{line}");
    assert!(line.contains("colour"), "{line}");

    let (path, line) = config_error("[keys]\nquit=[\"x\"]\nback=[\"x\"]\n");
    assert!(line.starts_with(&format!("error: {path}:3:")), "{line}");
    assert!(line.contains("\"x\""), "{line}");

    let (path, line) = config_error("[reader]\nmax_width = 5\n");
    assert!(line.starts_with(&format!("error: {path}:2:13: ")), "{line}");
}

/// Asserts that `list --articles FIXTURE` in `sandbox` lists the fixture's titles.
fn assert_lists_the_fixture(sandbox: &Sandbox) {
    let fixture = fixtures();
    let args = [
        OsStr::new("list"),
        OsStr::new("--articles"),
        fixture.as_os_str(),
    ];
    assert_eq!(lines(&success(&sandbox.run(&args))), FIXTURE_TITLES);
}

#[test]
fn config_in_the_current_folder_names_the_articles_folder() {
    let sandbox = Sandbox::new();
    fs::write(sandbox.cwd().join("config.toml"), "articles = \"lib\"\n").expect("config");
    write(&sandbox.cwd(), "lib/only.txt", "Only Story Here\n\nText.\n");
    assert_eq!(success(&sandbox.run(&["list"])), "Only Story Here\n");

    assert_lists_the_fixture(&sandbox);
}

#[test]
fn config_in_xdg_config_home_is_used_and_current_folder_wins() {
    let sandbox = Sandbox::new();
    let xdg = sandbox.dir.path().join("xdg/readmore");
    write(&xdg, "config.toml", "articles = \"news\"\n");
    write(&xdg, "news/a.txt", "From Xdg\n");
    assert_eq!(success(&sandbox.run(&["list"])), "From Xdg\n");

    write(
        &sandbox.cwd(),
        "config.toml",
        "articles = \"~/home-news\"\n",
    );
    write(
        &sandbox.dir.path().join("home"),
        "home-news/b.txt",
        "From Home\n",
    );
    assert_eq!(success(&sandbox.run(&["list"])), "From Home\n");
}

#[test]
fn a_missing_folder_named_by_a_config_names_the_file_and_key() {
    let sandbox = Sandbox::new();
    write(&sandbox.cwd(), "config.toml", "articles = \"nowhere\"\n");
    let line = one_error_line(&sandbox.run(&["list"]), 2);
    assert!(line.starts_with("error: config.toml: articles: "), "{line}");
    assert!(line.contains("nowhere"), "{line}");
}

#[test]
fn without_any_config_or_articles_folder_the_user_library_opens() {
    let out = Sandbox::new().run(&["list"]);
    assert_eq!(success(&out), "Welcome to readmore\n");

    let sandbox = Sandbox::new();
    write(&sandbox.cwd(), "articles/x.txt", "Default Folder Story\n");
    assert_eq!(success(&sandbox.run(&["list"])), "Default Folder Story\n");
}

/// Runs `list` on the fixture with `--config FILE`, FILE made by `make` in the sandbox; returns
/// the config's path and the error line.
fn config_file_error(make: impl FnOnce(&Path)) -> (String, String) {
    let sandbox = Sandbox::new();
    let path = sandbox.cwd().join("custom.toml");
    make(&path);
    let fixture = fixtures();
    let args = [
        OsStr::new("list"),
        OsStr::new("--config"),
        path.as_os_str(),
        OsStr::new("--articles"),
        fixture.as_os_str(),
    ];
    let line = one_error_line(&sandbox.run(&args), 2);
    (path.display().to_string(), line)
}

#[test]
fn a_config_over_1_mib_is_refused_naming_the_file() {
    // Valid TOML (comments) one byte over the limit: refused for its size alone.
    let (path, line) = config_file_error(|path| {
        let mut text = "# x\n".repeat(256 * 1024);
        text.push('\n');
        fs::write(path, text).expect("write config");
    });
    assert_eq!(
        line,
        format!("error: {path}: config is larger than 1 MiB: is it the right file?")
    );
    // A 1 GB (sparse) file is refused without being read whole.
    let (path, line) = config_file_error(|path| {
        fs::File::create(path)
            .and_then(|file| file.set_len(1 << 30))
            .expect("sparse config");
    });
    assert!(
        line.starts_with(&format!("error: {path}: config is larger")),
        "{line}"
    );

    // Exactly 1 MiB is still a config.
    let sandbox = Sandbox::new();
    write(&sandbox.cwd(), "config.toml", "# x\n".repeat(256 * 1024));
    assert_lists_the_fixture(&sandbox);
}

#[cfg(target_os = "linux")]
#[test]
fn an_endless_config_is_refused() {
    let line = one_error_line(&run_fixture(&["list", "--config", "/dev/zero"]), 2);
    assert!(
        line.starts_with("error: /dev/zero: config is larger"),
        "{line}"
    );
}

#[test]
fn invalid_utf8_in_a_config_names_line_and_column() {
    let (path, line) = config_file_error(|path| {
        fs::write(path, b"# caf\xc3\xa9\n[reader]\nmax_\xff = 3\n").expect("write config");
    });
    assert_eq!(line, format!("error: {path}:3:5: invalid UTF-8"));
    let (path, line) = config_file_error(|path| {
        fs::write(path, b"\x92").expect("write config");
    });
    assert_eq!(line, format!("error: {path}:1:1: invalid UTF-8"));
}
