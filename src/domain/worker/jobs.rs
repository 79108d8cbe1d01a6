//! What each job does, and the state a lane keeps between jobs (the title searcher and the
//! full-text index of the library last seen).

use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use super::Answer;
use super::{Job, Ticket};
use crate::domain::fulltext::{FullText, Progress, parse_query};
use crate::domain::library::Library;
use crate::domain::search::{ClosestIndex, TitleSearch};
use crate::domain::wrap::{Targets, wrap_article, wrap_window};

/// How many quick, unranked matches to show before the ranking lands, and how long to look.
const QUICK_MATCHES: usize = 200;
const QUICK_BUDGET: Duration = Duration::from_millis(8);
/// Least time between two progress reports of an index build: a few a second keep the mark
/// moving without flooding the event loop.
const PROGRESS_INTERVAL: Duration = Duration::from_millis(250);
/// How many similar stories the related pane shows.
pub const SIMILAR_STORIES: usize = 5;

/// Runs jobs; keeps what is worth keeping from one job to the next of its kind.
pub struct Runner {
    /// Where the full-text index is kept between runs (`None`: in memory).
    cache: Option<PathBuf>,
    /// The searcher of title job `.0`'s library, which refines its last query's matches.
    titles: Option<(u64, TitleSearch)>,
    /// The full-text index of library version `.0`.
    text: Option<(u64, FullText)>,
    /// The titles of library `.0` cut for closest-title searches: every dangling link
    /// followed in one library reuses them.
    closest: Option<(Weak<Library>, ClosestIndex)>,
}

impl Default for Runner {
    /// A runner keeping the full-text index in the user's cache folder.
    fn default() -> Self {
        Self::with_cache(crate::domain::paths::cache_dir())
    }
}

impl Runner {
    /// A runner keeping the full-text index under `cache` (in memory when `None`).
    pub fn with_cache(cache: Option<PathBuf>) -> Self {
        Self {
            cache,
            titles: None,
            text: None,
            closest: None,
        }
    }

    /// Does `job`, passing each answer to `deliver`; a stale job stops early and answers
    /// nothing more.
    pub fn run(&mut self, job: Job, ticket: &Ticket, deliver: &mut dyn FnMut(Answer)) {
        let generation = ticket.generation();
        match job {
            Job::Titles {
                version,
                titles,
                query,
                rows,
            } => self.titles(version, titles, &query, rows, ticket, deliver),
            Job::FullText {
                library,
                version,
                query,
            } => self.full_text(&library, version, &query, ticket, deliver),
            Job::Reload {
                library,
                paths,
                options,
            } => {
                // A reload is never stale: its paths would be lost. The app sends the next
                // one only once this one has answered.
                let (library, change) = library
                    .reloaded(&paths, options)
                    .map_or((library, Default::default()), |(new, change)| {
                        (Arc::new(new), change)
                    });
                let titles = Arc::new(TitleSearch::for_library(&library));
                deliver(Answer::Reloaded {
                    generation,
                    library,
                    titles,
                    change,
                });
            }
            Job::Closest {
                library,
                name,
                limit,
                exclude,
            } => {
                let ids = self
                    .closest_index(&library)
                    .close_titles(&name, limit, &exclude);
                if !ticket.is_stale() {
                    deliver(Answer::ClosestTitles { generation, ids });
                }
            }
            Job::Similar {
                library,
                version,
                id,
            } => {
                let ids = self
                    .text_index(&library, version, deliver)
                    .similar(&library, id, SIMILAR_STORIES)
                    .into_iter()
                    .map(|(id, _)| id)
                    .collect();
                if !ticket.is_stale() {
                    deliver(Answer::SimilarStories {
                        version,
                        article: id,
                        ids,
                    });
                }
            }
            Job::TextUpdate {
                library,
                change,
                from,
                to,
            } => self.update_text(&library, &change, from, to, deliver),
            Job::Fetch { root, plan } => super::fetch::run(&root, plan, deliver),
            Job::Wrap {
                library,
                id,
                width,
                around,
            } => {
                let naming = Targets::WhenDifferent;
                let wrapped = match around {
                    Some(around) => wrap_window(&library, id, width, naming, around),
                    None => wrap_article(&library, id, width, naming),
                };
                if !ticket.is_stale() {
                    deliver(Answer::Wrapped {
                        generation,
                        wrapped: Arc::new(wrapped),
                    });
                }
            }
        }
    }

    fn titles(
        &mut self,
        version: u64,
        titles: TitleSearch,
        query: &str,
        rows: usize,
        ticket: &Ticket,
        deliver: &mut dyn FnMut(Answer),
    ) {
        let search = match &mut self.titles {
            Some((kept, search)) if *kept == version => search,
            slot => &mut slot.insert((version, titles)).1,
        };
        let generation = ticket.generation();
        // Over a large library the ranking takes a few frames: show the first matches at
        // once, so the list answers every keystroke (more rows of the same query come at
        // once anyway).
        if search.len() > QUICK_MATCHES && !search.has_matched(query) {
            let ids = search.first_matches(query, QUICK_MATCHES, QUICK_BUDGET);
            if ticket.is_stale() {
                return;
            }
            deliver(Answer::SearchResults {
                generation,
                total: ids.len(),
                ids,
                complete: false,
            });
        }
        if let Some(ranked) = search.rank_unless(query, rows, &|| ticket.is_stale()) {
            deliver(Answer::SearchResults {
                generation,
                ids: ranked.hits.into_iter().map(|hit| hit.id).collect(),
                complete: true,
                total: ranked.total,
            });
        }
    }

    fn full_text(
        &mut self,
        library: &Library,
        version: u64,
        query: &str,
        ticket: &Ticket,
        deliver: &mut dyn FnMut(Answer),
    ) {
        let index = self.text_index(library, version, deliver);
        let generation = ticket.generation();
        if let Some(hits) = index.search_unless(library, &parse_query(query), &|| ticket.is_stale())
        {
            deliver(Answer::TextResults { generation, hits });
        }
    }
}

impl Runner {
    /// The full-text index of library `version`, opened (and brought up to date, reporting
    /// progress) if the one held is of another version. Built once per library, whatever the
    /// job: the jobs queued behind this one want it too.
    fn text_index(
        &mut self,
        library: &Library,
        version: u64,
        deliver: &mut dyn FnMut(Answer),
    ) -> &FullText {
        // The old library's index lets go of the index on disk (and its writer lock) before
        // the new one is opened, so that the new one can bring it up to date with the
        // reloaded files instead of opening it read-only.
        let held = self.text.take().filter(|(kept, _)| *kept == version);
        let held = held.unwrap_or_else(|| {
            let index = open_reporting(library, version, self.cache.as_deref(), deliver);
            deliver(Answer::TextIndexReady { version });
            (version, index)
        });
        &self.text.insert(held).1
    }

    /// Brings the index of library `from` up to date with `change`, as the index of `to`.
    fn update_text(
        &mut self,
        library: &Library,
        change: &crate::domain::library::Change,
        from: u64,
        to: u64,
        deliver: &mut dyn FnMut(Answer),
    ) {
        match &mut self.text {
            Some((kept, index)) if *kept == from => {
                // An index that cannot take the change is opened afresh by the next job.
                if index.update(library, change).is_ok() {
                    *kept = to;
                    deliver(Answer::TextIndexReady { version: to });
                } else {
                    self.text = None;
                }
            }
            _ => {}
        }
    }

    /// The closest-title index of `library`, built the first time it is asked of.
    fn closest_index(&mut self, library: &Arc<Library>) -> &ClosestIndex {
        let built = self
            .closest
            .take()
            .filter(|(of, _)| std::ptr::eq(of.as_ptr(), Arc::as_ptr(library)));
        let (_, index) = self
            .closest
            .insert(built.unwrap_or_else(|| (Arc::downgrade(library), ClosestIndex::new(library))));
        index
    }
}

/// The full-text index of `library` (version `version`) under `cache`, brought up to date,
/// telling `deliver` how far the indexing has come: the first report at once, then a few a
/// second; the end is said by [`Answer::TextIndexReady`].
fn open_reporting(
    library: &Library,
    version: u64,
    cache: Option<&std::path::Path>,
    deliver: &mut dyn FnMut(Answer),
) -> FullText {
    let deliver = RefCell::new(deliver);
    let last = RefCell::new(None::<Instant>);
    let progress = |Progress { done, total }| {
        let mut last = last.borrow_mut();
        if done < total && last.is_none_or(|at| at.elapsed() >= PROGRESS_INTERVAL) {
            *last = Some(Instant::now());
            (deliver.borrow_mut())(Answer::TextIndexProgress {
                version,
                done,
                total,
            });
        }
    };
    FullText::open_with_progress(library, cache, &progress)
}
