//! What `--help` and the manual page say beyond the options: the files readmore uses, the
//! environment it reads, its exit statuses and (the manual only) its keys. One table each, so
//! that the help and the manual cannot disagree; the keys come from the help overlay's rows.

use std::io;

use clap::Command;
use roff::{Roff, bold, roman};

use crate::app::config::Config;
use crate::app::help::{HelpKind, entries};

/// The files and folders readmore reads or writes, and what each is for.
pub const FILES: &[(&str, &str)] = &[
    (
        "./config.toml",
        "The config, when readmore starts in its folder; else the next one.",
    ),
    (
        "$XDG_CONFIG_HOME/readmore/config.toml",
        "The config (~/.config/readmore/config.toml); --config names another.",
    ),
    (
        "./articles",
        "The articles folder when neither --articles nor the config names one.",
    ),
    (
        "$XDG_DATA_HOME/readmore/articles",
        "The per-user library (~/.local/share/readmore/articles) when ./articles does not exist; \
         created on first use with a welcome story.",
    ),
    (
        "$XDG_STATE_HOME/readmore/state.db",
        "Reading state of each library: read marks, stars, positions, and the articles of its \
         last run, reopened at the next start (~/.local/state/readmore/state.db).",
    ),
    (
        "$XDG_CACHE_HOME/readmore/",
        "Per library: the metadata cache and the full-text index (~/.cache/readmore); \
         safe to delete.",
    ),
];

/// The environment variables readmore reads.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "XDG_CONFIG_HOME, XDG_DATA_HOME, XDG_STATE_HOME, XDG_CACHE_HOME",
        "Where the files above live; an unset, empty or relative value means the default \
         under HOME.",
    ),
    (
        "HOME",
        "The home folder, for the defaults above and ~/ in the config.",
    ),
    (
        "PAGER",
        "The program o opens an article with (default: less).",
    ),
    (
        "VISUAL, EDITOR",
        "The program e opens an article's file with, the first set (default: vi).",
    ),
    ("NO_COLOR", "Any value but empty: no colours."),
    (
        "LC_ALL, LC_CTYPE, LANG",
        "The first set names the country whose legacy encodings are preferred when guessing \
         how a file that is not UTF-8 is encoded.",
    ),
    ("TERM", "dumb: the reader does not start."),
];

/// What each exit status means.
pub const EXIT_STATUS: &[(&str, &str)] = &[
    (
        "0",
        "Success; for list --search, search and check: yes, something was found.",
    ),
    (
        "1",
        "No: list --search or search matched nothing, check found a problem, or show, links \
         or similar named no article.",
    ),
    (
        "2",
        "An error: a bad option, config or articles folder, or output that could not be \
         written.",
    ),
    ("128+N", "The reader was ended by signal N."),
];

/// The text after the options in `--help`: the same tables as the manual's sections.
pub fn after_help() -> String {
    let mut text = String::new();
    for (heading, rows) in [
        ("Files", FILES),
        ("Environment", ENVIRONMENT),
        ("Exit status", EXIT_STATUS),
    ] {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&format!("{heading}:\n"));
        for (name, meaning) in rows {
            text.push_str(&format!("  {name}\n          {meaning}\n"));
        }
    }
    text
}

/// The manual page of `command` (without the `--help` text after its options: the tables get
/// sections of their own) in roff: clap's sections, then KEYS (the default bindings, as the
/// help overlay lists them), FILES, ENVIRONMENT and EXIT STATUS.
pub fn man_page(command: Command) -> io::Result<Vec<u8>> {
    let man = clap_mangen::Man::new(command);
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    man.render_subcommands_section(&mut page)?;
    let mut roff = Roff::new();
    roff.control("SH", ["KEYS"]);
    roff.text([roman(
        "The reader's default keys; [keys] in the config changes them, and ? lists the ones \
         in use.",
    )]);
    for (kind, keys, text) in entries(&Config::default()) {
        match kind {
            HelpKind::Row => {
                roff.control("TP", []);
                roff.text([bold(keys)]);
                roff.text([roman(text)]);
            }
            HelpKind::Heading => {
                roff.control("SS", [text.as_str()]);
            }
            HelpKind::Note => {}
        }
    }
    for (heading, rows) in [
        ("FILES", FILES),
        ("ENVIRONMENT", ENVIRONMENT),
        ("EXIT STATUS", EXIT_STATUS),
    ] {
        roff.control("SH", [heading]);
        for (name, meaning) in rows {
            roff.control("TP", []);
            roff.text([bold(*name)]);
            roff.text([roman(*meaning)]);
        }
    }
    roff.to_writer(&mut page)?;
    man.render_version_section(&mut page)?;
    Ok(page)
}
