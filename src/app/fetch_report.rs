//! What a fetch's end has to say, in words: the status line's message, and the notes the
//! help lists at its end. Plain functions of the domain's tally, so that the help can say
//! them without reaching the App.

use crate::domain::plural::counted;
use crate::domain::worker::{FetchEnd, FetchTally};

/// What the last fetch has to say at the end of the help, as a heading and its lines: each
/// feed that failed, then each that has a note (it moved, an edited story was kept). Nothing
/// before the first fetch.
pub(super) fn notes(last: Option<&FetchEnd>) -> (String, Vec<String>) {
    match last {
        Some(FetchEnd::Done(tally)) => {
            let failed = (tally.notes.iter()).filter(|note| note.failed);
            let others = (tally.notes.iter()).filter(|note| !note.failed);
            let mut lines: Vec<String> = (failed.chain(others))
                .map(|note| {
                    let mark = if note.failed { "failed" } else { "note" };
                    format!("{}: {mark}: {}", note.feed, note.text)
                })
                .collect();
            if tally.feeds == 0 {
                lines.push(end_message(&FetchEnd::Done(tally.clone())));
            } else if lines.is_empty() {
                lines.push("every feed answered".to_owned());
            }
            (format!("Last fetch: {}", tally_line(tally)), lines)
        }
        Some(end @ (FetchEnd::Busy | FetchEnd::Failed(_))) => {
            ("Last fetch".to_owned(), vec![end_message(end)])
        }
        None => (String::new(), Vec::new()),
    }
}

/// The status line's message at the end of a fetch.
pub(super) fn end_message(end: &FetchEnd) -> String {
    match end {
        FetchEnd::Done(tally) if tally.feeds == 0 => {
            "no feeds to fetch: subscribe with readmore feeds add URL".to_owned()
        }
        FetchEnd::Done(tally) => {
            let failed = tally.failed();
            let others = tally.notes.len() - failed;
            let pointer = if failed > 0 {
                ": the help lists them"
            } else if others > 0 {
                " · notes in the help"
            } else {
                ""
            };
            format!("fetched {}{pointer}", tally_line(tally))
        }
        FetchEnd::Busy => {
            "another fetch is running on this library: try again when it is done".to_owned()
        }
        FetchEnd::Failed(why) => format!("fetch failed: {why}"),
    }
}

/// "40 feeds · 7 new · 1 updated · 2 failed", leaving out what is zero past the new count.
fn tally_line(tally: &FetchTally) -> String {
    let mut parts = vec![
        counted(tally.feeds, "feed", "feeds"),
        format!("{} new", tally.new),
    ];
    if tally.updated > 0 {
        parts.push(format!("{} updated", tally.updated));
    }
    let failed = tally.failed();
    if failed > 0 {
        parts.push(format!("{failed} failed"));
    }
    parts.join(" · ")
}
