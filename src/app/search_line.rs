//! The search line over the list (`t`, `F`): its query, edited here, and the results the
//! App's search jobs bring back. Editing is the line's own; searching and previewing are the
//! App's, asked for with a [`Request`].

use std::ops::Range;

use super::list::ListPosition;
use super::rows::RelatedRow;
use crate::app::action::Command;
use crate::app::component::{Component, Context, Outcome, Request};
use crate::app::keymap;
use crate::domain::fulltext::Query;
use crate::domain::library::ArticleId;
use crate::domain::wrap::DisplayLine;

/// The longest query kept: a paste of a whole page into the search line is cut here, with a
/// message, so that no search or highlight works through hundreds of kilobytes of terms.
pub(super) const MAX_QUERY_CHARS: usize = 1000;

/// What the search line searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SearchKind {
    /// Titles, fuzzily, as you type.
    #[default]
    Titles,
    /// Titles and paragraphs, every word (or "phrase") must match.
    FullText,
}

/// The search line, with what to restore when it is cancelled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchLine {
    pub kind: SearchKind,
    pub query: String,
    /// For full-text results, a one-line snippet around each article's first hit.
    pub snippets: Vec<String>,
    /// For each snippet, the byte ranges of its hits, found when the results arrived.
    pub snippet_hits: Vec<Vec<Range<usize>>>,
    /// The full-text query the results answer, parsed once when they arrived.
    pub parsed: Query,
    /// Matching articles, best first: all of them, or for a title search the first
    /// [`SearchLine::total`], as many as the list asked the worker to rank.
    pub results: Vec<ArticleId>,
    /// How many articles match in all.
    pub total: usize,
    /// The results are the titles closest to a link that is not in the library (the query is
    /// the link's text), until the query is edited.
    pub closest: bool,
    /// For each visible result (from `position.offset`), the matched char positions.
    pub highlights: Vec<Vec<usize>>,
    pub position: ListPosition,
    /// The list as it was when the search opened.
    pub restore: ListPosition,
    /// The article open when the search opened, where it was scrolled: previews replace it
    /// in the reader, and `Esc` brings it back.
    pub article: Option<(ArticleId, DisplayLine, Option<RelatedRow>)>,
    /// Reopened from the last search: the first character typed replaces the query, as in a
    /// browser's find bar.
    pub reopened: bool,
    /// The search job whose answer will replace `results`, if one is out.
    pub pending: Option<u64>,
    /// The job out asks for more rows of the same query: its answer keeps the selection.
    pub growing: bool,
    /// That job asks for every match, for the selection sent to the bottom.
    pub to_the_bottom: bool,
    /// Enter was pressed while a request was out: open the top match when it lands.
    pub accept_when_ready: bool,
}

impl SearchLine {
    /// Edits the query (the reopened one is replaced, not edited); whether it was cut to
    /// [`MAX_QUERY_CHARS`]. The closest titles of a dangling link go with the old query.
    pub(super) fn edit(&mut self, edit: impl FnOnce(&mut String)) -> bool {
        self.closest = false;
        edit_query(&mut self.query, &mut self.reopened, edit)
    }
}

impl Component for SearchLine {
    fn keys(&self) -> keymap::Context {
        keymap::Context::Search
    }

    /// Edits the query; the rest (its moves) goes on to the list beneath.
    fn handle(&mut self, command: Command, _: &Context) -> Outcome {
        let outcome = line_command(command, &mut self.query, &mut self.reopened);
        if matches!(outcome, Outcome::Request(Request::QueryEdited { .. })) {
            self.closest = false;
        }
        outcome
    }
}

/// A search line's own commands on its `query`: deleting (a char edits the `reopened` query,
/// a word replaces it, as typing does), accepting and cancelling.
pub(super) fn line_command(command: Command, query: &mut String, reopened: &mut bool) -> Outcome {
    let cut = match command {
        Command::DeleteChar => {
            *reopened = false;
            edit_query(query, reopened, |query| {
                query.pop();
            })
        }
        // Ctrl-W: back to the start of the last word, as in a shell.
        Command::DeleteWord => edit_query(query, reopened, |query| {
            let kept = query.trim_end().rfind(' ').map_or(0, |i| i + 1);
            query.truncate(kept);
        }),
        Command::Accept => return Outcome::Request(Request::AcceptSearch),
        Command::Cancel => return Outcome::Request(Request::CancelSearch),
        _ => return Outcome::Ignored,
    };
    Outcome::Request(Request::QueryEdited { cut })
}

/// Edits `query`, replacing it instead when it was `reopened`; whether it was cut to
/// [`MAX_QUERY_CHARS`].
pub(super) fn edit_query(
    query: &mut String,
    reopened: &mut bool,
    edit: impl FnOnce(&mut String),
) -> bool {
    if std::mem::take(reopened) {
        query.clear();
    }
    edit(query);
    let cut = query.char_indices().nth(MAX_QUERY_CHARS);
    cut.inspect(|&(at, _)| query.truncate(at)).is_some()
}
