//! Carries out the app's hand-offs: the pager or editor on an article's file, run without a
//! shell with the terminal handed over, the clipboard through OSC 52, and the browser on a
//! story's source page, started on its own with the terminal left as it is.

use std::ffi::OsString;
use std::io::{self, Write};
use std::os::unix::process::CommandExt as _;
use std::path::Path;
use std::process::{Command, Stdio};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::input::InputGate;
use super::signals::Signals;
use super::terminal::TerminalGuard;
use crate::app::Handoff;
use crate::domain::sanitize::sanitize;

/// Does `handoff`; returns a line for the status bar when it failed.
pub fn perform(
    guard: &mut TerminalGuard,
    gate: &InputGate,
    signals: &Signals,
    handoff: Handoff,
) -> io::Result<Option<String>> {
    let (command, path) = match handoff {
        Handoff::Clipboard(text) => {
            let backend = guard.terminal.backend_mut();
            backend.write_all(&osc52(&text))?;
            backend.flush()?;
            return Ok(None);
        }
        Handoff::Browser(url) => {
            let browser = std::env::var_os("BROWSER");
            return Ok(open_browser(browser.as_deref(), &url)
                .err()
                .map(|error| sanitize(&error)));
        }
        Handoff::Pager(path) => (command(&[std::env::var_os("PAGER")], "less"), path),
        Handoff::Editor(path) => {
            let names = [std::env::var_os("VISUAL"), std::env::var_os("EDITOR")];
            (command(&names, "vi"), path)
        }
    };
    gate.pause();
    signals.set_attended(true);
    let status = guard.hand_over(|| run(&command, &path));
    signals.forget_interrupt();
    signals.set_attended(false);
    gate.resume();
    Ok(status?.err().map(|error| sanitize(&error)))
}

/// The program and its arguments from the first of `variables` that is set and not blank,
/// split on whitespace (no shell: quotes are not interpreted), else `default`.
fn command(variables: &[Option<OsString>], default: &str) -> Vec<String> {
    variables
        .iter()
        .flatten()
        .map(|value| {
            value
                .to_string_lossy()
                .split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .find(|words| !words.is_empty())
        .unwrap_or_else(|| vec![default.to_owned()])
}

/// Runs `command` with `path` as one more argument and waits for it.
fn run(command: &[String], path: &Path) -> Result<(), String> {
    let (program, args) = command.split_first().ok_or("no command")?;
    match Command::new(program).args(args).arg(path).status() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("{program} failed ({status})")),
        Err(err) => Err(format!("cannot run {program}: {err}")),
    }
}

/// Starts `$BROWSER` (`browser`) on `url` and does not wait for it. The variable's first entry
/// (it may list several, `:`-separated) is split on whitespace, with no shell; `%s` in it
/// stands for the URL, else the URL is the last argument, one argument either way. The browser
/// gets no terminal: no input, output to nowhere, a process group of its own so that the
/// reader's ctrl-c or ctrl-z never reach it.
fn open_browser(browser: Option<&std::ffi::OsStr>, url: &str) -> Result<(), String> {
    let value = browser.map(|value| value.to_string_lossy().into_owned());
    let first = (value.as_deref().unwrap_or_default().split(':'))
        .find(|entry| !entry.trim().is_empty())
        .ok_or_else(|| format!("$BROWSER is not set: the source is {url}"))?;
    let mut words: Vec<String> = first.split_whitespace().map(str::to_owned).collect();
    if words.iter().any(|word| word.contains("%s")) {
        for word in &mut words {
            *word = word.replace("%s", url);
        }
    } else {
        words.push(url.to_owned());
    }
    let (program, args) = words.split_first().ok_or("$BROWSER is empty")?;
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .map_err(|err| format!("cannot run {program}: {err}"))?;
    // Reaped when it ends, on a thread of its own: the reader never waits for a browser.
    let _ = std::thread::Builder::new()
        .name("readmore-browser".into())
        .spawn(move || child.wait());
    Ok(())
}

/// The OSC 52 sequence that sets the clipboard to `text`: `ESC ] 52 ; c ; <base64> BEL`.
/// `text` is sanitised here too, whoever asked: what lands on the clipboard is pasted into
/// terminals later, so it must carry no escape either.
fn osc52(text: &str) -> Vec<u8> {
    format!("\x1b]52;c;{}\x07", STANDARD.encode(sanitize(text))).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(value: &str) -> Option<OsString> {
        Some(OsString::from(value))
    }

    #[test]
    fn a_command_is_split_on_whitespace_without_a_shell() {
        assert_eq!(command(&[os("less  -R +G")], "x"), ["less", "-R", "+G"]);
        assert_eq!(command(&[os("'a b'")], "x"), ["'a", "b'"]);
    }

    #[test]
    fn the_first_variable_set_and_not_blank_wins_else_the_default() {
        assert_eq!(command(&[None, os("nano")], "vi"), ["nano"]);
        assert_eq!(command(&[os("  "), os("nano")], "vi"), ["nano"]);
        assert_eq!(command(&[os("code -w"), os("nano")], "vi"), ["code", "-w"]);
        assert_eq!(command(&[None, None], "vi"), ["vi"]);
    }

    #[test]
    fn the_path_is_one_argument_however_it_is_spelled() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("args");
        let script = dir.path().join("show-args");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nprintf '%s\\n' \"$#\" \"$@\" > '{}'\n",
                out.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        let program = script.display().to_string();
        run(&[program, "-x".to_owned()], Path::new("a b; rm -rf c.txt")).unwrap();
        assert_eq!(
            std::fs::read_to_string(&out).unwrap(),
            "2\n-x\na b; rm -rf c.txt\n"
        );
    }

    #[test]
    fn a_missing_or_failing_program_is_one_line() {
        let missing = run(&["/no/such/pager".to_owned()], Path::new("a.txt")).unwrap_err();
        assert!(
            missing.starts_with("cannot run /no/such/pager: "),
            "{missing}"
        );
        let failed = run(&["false".to_owned()], Path::new("a.txt")).unwrap_err();
        assert_eq!(failed, "false failed (exit status: 1)");
    }

    /// A script that writes its argument count and arguments, one a line, to `out`.
    fn args_recorder(dir: &Path, out: &Path) -> String {
        let script = dir.join("show-args");
        std::fs::write(
            &script,
            format!(
                "#!/bin/sh\nprintf '%s\\n' \"$#\" \"$@\" > '{}.part'\nmv '{0}.part' '{0}'\n",
                out.display()
            ),
        )
        .unwrap();
        std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        script.display().to_string()
    }

    fn wait_for(path: &Path) -> String {
        for _ in 0..500 {
            if let Ok(text) = std::fs::read_to_string(path) {
                return text;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("{} never appeared", path.display());
    }

    #[test]
    fn the_browser_gets_the_url_as_one_argument_without_a_shell() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("args");
        let script = args_recorder(dir.path(), &out);
        let url = "https://ex.com/a?b=1&c=$(touch${IFS}pwned);d";
        let browser = OsString::from(format!("{script} --new-tab"));
        open_browser(Some(&browser), url).unwrap();
        assert_eq!(wait_for(&out), format!("2\n--new-tab\n{url}\n"));
        assert!(!dir.path().join("pwned").exists());
    }

    #[test]
    fn percent_s_places_the_url_and_the_first_of_a_list_is_used() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("args");
        let script = args_recorder(dir.path(), &out);
        let browser = OsString::from(format!("{script} --url=%s -x:/no/such/browser"));
        open_browser(Some(&browser), "https://ex.com/").unwrap();
        assert_eq!(wait_for(&out), "2\n--url=https://ex.com/\n-x\n");
    }

    #[test]
    fn no_browser_or_a_missing_one_is_a_message() {
        let unset = open_browser(None, "https://ex.com/a").unwrap_err();
        assert_eq!(unset, "$BROWSER is not set: the source is https://ex.com/a");
        let blank = open_browser(Some(&OsString::from(" : ")), "https://ex.com/a").unwrap_err();
        assert_eq!(blank, unset);
        let missing =
            open_browser(Some(&OsString::from("/no/such/browser")), "https://x.org/").unwrap_err();
        assert!(
            missing.starts_with("cannot run /no/such/browser: "),
            "{missing}"
        );
    }

    #[test]
    fn osc52_is_well_formed_and_carries_only_sanitised_text() {
        assert_eq!(osc52("Hello"), b"\x1b]52;c;SGVsbG8=\x07");
        let sequence = osc52("a\x1b]52;c;evil\x07b");
        assert_eq!(sequence, b"\x1b]52;c;YWI=\x07");
    }
}
