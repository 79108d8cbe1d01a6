//! Carries out the app's hand-offs: the pager or editor on an article's file, run without a
//! shell with the terminal handed over, and the clipboard through OSC 52.

use std::ffi::OsString;
use std::io::{self, Write};
use std::path::Path;
use std::process::Command;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::input::InputGate;
use super::signals::Signals;
use super::terminal::TerminalGuard;
use crate::app::Handoff;
use crate::sanitize::sanitize;

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

    #[test]
    fn osc52_is_well_formed_and_carries_only_sanitised_text() {
        assert_eq!(osc52("Hello"), b"\x1b]52;c;SGVsbG8=\x07");
        let sequence = osc52("a\x1b]52;c;evil\x07b");
        assert_eq!(sequence, b"\x1b]52;c;YWI=\x07");
    }
}
