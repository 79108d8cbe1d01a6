//! `readmore check`: what loaded, what did not and why, and what looks wrong.
//!
//! A check of a folder that has not changed since the last one prints that one's report again
//! without loading the library: the report is kept beside the metadata cache ([`kept`]) with
//! a survey of the folder (every article file's identity, [`survey`]). The next check surveys
//! the folder (one stat per file, nothing read) and prints the kept report when the survey is
//! the same; otherwise it loads the library as before and keeps the new report.

mod kept;
#[cfg(test)]
mod tests;

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::domain::fulltext::Survey;
use crate::domain::library::{Duplicate, Library, LoadOptions, Skipped, Timings, Warning};
use crate::domain::sanitize::sanitize;

/// How many of the most-linked stories `check` reports.
const MOST_LINKED: usize = 10;

/// How many orphans `check` names without `--all`: a library without links (a news corpus)
/// is all orphans, and thousands of lines would bury the problems above them.
const FIRST_ORPHANS: usize = 5;

/// What `check` found, as `check --json` prints it (with the run's timings).
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Report {
    articles: usize,
    skipped: Vec<Skipped>,
    warnings: Vec<Warning>,
    duplicates: Vec<Duplicate>,
    dangling: Vec<Dangling>,
    orphans: Vec<Titled>,
    most_linked: Vec<Linked>,
}

/// A story named by its title and path.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Titled {
    title: String,
    path: String,
}

/// A story and how many other stories link to it.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Linked {
    title: String,
    path: String,
    backlinks: usize,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Dangling {
    /// Path of the linking article.
    from: String,
    /// Title of the linking article.
    title: String,
    /// The link text that names no article.
    text: String,
}

#[derive(Serialize)]
struct TimingsMs {
    load: f64,
    index: f64,
}

/// The report and the run's timings, as `--json` prints them.
#[derive(Serialize)]
struct Printed<'a> {
    #[serde(flatten)]
    report: &'a Report,
    timings_ms: TimingsMs,
}

impl Report {
    fn of(library: &Library) -> Report {
        let titled = |id| {
            let entry = library.get(id);
            (entry.title().to_owned(), entry.path().to_owned())
        };
        Report {
            articles: library.len(),
            skipped: library.skipped.clone(),
            warnings: library.warnings.clone(),
            duplicates: library.duplicates.clone(),
            dangling: library
                .dangling()
                .map(|(from, text)| {
                    let (title, from) = titled(from);
                    Dangling {
                        from,
                        title,
                        text: text.to_owned(),
                    }
                })
                .collect(),
            orphans: library
                .orphans()
                .map(|id| {
                    let (title, path) = titled(id);
                    Titled { title, path }
                })
                .collect(),
            most_linked: library
                .most_linked(MOST_LINKED)
                .into_iter()
                .map(|(id, backlinks)| {
                    let (title, path) = titled(id);
                    Linked {
                        title,
                        path,
                        backlinks,
                    }
                })
                .collect(),
        }
    }

    /// Skipped files, duplicated titles and dangling links (warnings are not problems: the
    /// file loaded; orphans and the most-linked stories are a survey of the graph).
    fn problems(&self) -> usize {
        self.skipped.len() + self.duplicates.len() + self.dangling.len()
    }
}

/// How `check` prints, and what it answers.
#[derive(Debug, Clone, Copy)]
struct Style {
    /// JSON rather than text.
    json: bool,
    /// Every orphan rather than the first few (JSON always lists them all).
    all: bool,
    /// Exit with 0 even when problems were found.
    warn_only: bool,
}

impl Style {
    /// As the command line asks (nothing asked of another command).
    fn of(command: &super::Report) -> Style {
        match *command {
            super::Report::Check {
                json,
                warn_only,
                all,
            } => Style {
                json,
                all,
                warn_only,
            },
            _ => Style {
                json: false,
                all: false,
                warn_only: false,
            },
        }
    }

    /// The exit code of a check that found `problems`.
    fn exit_code(self, problems: usize) -> ExitCode {
        super::yes_or_no(problems == 0 || self.warn_only)
    }
}

/// Prints the report kept for the articles folder `root` under the cache folder `cache`, as
/// `command` asks, when a survey finds the folder as it was when the report was made.
pub(super) fn from_kept(
    command: &super::Report,
    root: &Path,
    options: LoadOptions,
    cache: Option<&Path>,
    out: &mut dyn Write,
) -> io::Result<super::Answer> {
    let started = Instant::now();
    let read = |cache: &Path, surveyed: &Survey| kept::read(cache, root, surveyed);
    let kept = match super::without_library(root, options, cache, read) {
        Ok(kept) => kept,
        Err(answer) => return Ok(answer),
    };
    let timings = Timings {
        load: started.elapsed(),
        index: Duration::ZERO,
        parsed: 0,
        reused: kept.files,
    };
    let style = Style::of(command);
    let problems = print(&kept.report, root, timings, style, out)?;
    Ok(super::Answer::Printed(style.exit_code(problems)))
}

/// `readmore check` on a loaded library, as JSON or text, every orphan or the first few.
/// Returns how many problems it found: skipped files, duplicated titles and dangling links.
pub fn check(library: &Library, json: bool, all: bool, out: &mut dyn Write) -> io::Result<usize> {
    let style = Style {
        json,
        all,
        warn_only: false,
    };
    print(
        &Report::of(library),
        library.root(),
        library.timings,
        style,
        out,
    )
}

/// [`check`] as `command` asks, then keeping the report under the cache folder `cache` for
/// the folder as `surveyed` found it before the library was loaded, so that the next check
/// need not load it. Returns the exit code.
pub(super) fn check_and_keep(
    library: &Library,
    command: &super::Report,
    surveyed: Option<&Survey>,
    cache: Option<&Path>,
    out: &mut dyn Write,
) -> io::Result<ExitCode> {
    let style = Style::of(command);
    let report = Report::of(library);
    let problems = print(&report, library.root(), library.timings, style, out)?;
    out.flush()?;
    if let (Some(surveyed), Some(cache)) = (surveyed, cache) {
        kept::keep(cache, library.root(), surveyed, &report, library.timings);
    }
    Ok(style.exit_code(problems))
}

/// Prints `report` of the folder `root` as `style` asks, with the run's `timings`. Returns how
/// many problems it names.
fn print(
    report: &Report,
    root: &Path,
    timings: Timings,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<usize> {
    let problems = report.problems();
    if style.json {
        let printed = Printed {
            report,
            timings_ms: TimingsMs {
                load: timings.load.as_secs_f64() * 1000.0,
                index: timings.index.as_secs_f64() * 1000.0,
            },
        };
        serde_json::to_writer_pretty(&mut *out, &printed)?;
        writeln!(out)?;
        return Ok(problems);
    }
    let root = sanitize(&root.display().to_string());
    writeln!(out, "{} articles loaded from {root}", report.articles)?;
    writeln!(out, "skipped: {}", report.skipped.len())?;
    for s in &report.skipped {
        writeln!(out, "  {}: {}", s.path, s.reason)?;
    }
    writeln!(out, "warnings: {}", report.warnings.len())?;
    for w in &report.warnings {
        writeln!(out, "  {}: {}", w.path, w.message)?;
    }
    writeln!(out, "duplicate titles: {}", report.duplicates.len())?;
    for d in &report.duplicates {
        writeln!(out, "  {:?}: {}", d.title, d.paths.join(", "))?;
    }
    writeln!(out, "dangling links: {}", report.dangling.len())?;
    for d in &report.dangling {
        writeln!(out, "  {}: Read More: {}", d.from, d.text)?;
    }
    writeln!(out, "orphans (no link in or out): {}", report.orphans.len())?;
    let shown = if style.all { usize::MAX } else { FIRST_ORPHANS };
    for o in report.orphans.iter().take(shown) {
        writeln!(out, "  {}: {}", o.path, o.title)?;
    }
    if report.orphans.len() > shown {
        let more = report.orphans.len() - shown;
        writeln!(
            out,
            "  … and {more} more (`readmore check --all` lists every one)"
        )?;
    }
    // A heading with nothing under it says nothing: no story has a backlink.
    if !report.most_linked.is_empty() {
        writeln!(out, "most linked (backlinks):")?;
        let width = report
            .most_linked
            .first()
            .map_or(0, |top| top.backlinks.to_string().len());
        for m in &report.most_linked {
            writeln!(out, "  {:>width$}  {}: {}", m.backlinks, m.path, m.title)?;
        }
    }
    writeln!(
        out,
        "timings: load {:.1} ms, index {:.1} ms; files parsed {}, from the cache {}",
        timings.load.as_secs_f64() * 1000.0,
        timings.index.as_secs_f64() * 1000.0,
        timings.parsed,
        timings.reused
    )?;
    Ok(problems)
}
