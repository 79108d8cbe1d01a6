//! What each job does, and the state a lane keeps between jobs (the title searcher and the
//! full-text index of the library last seen).

use std::cell::{Cell, RefCell};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, Weak};
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

/// The newest library a reload made, as the app sent it to the full-text lane: its version
/// and a weak handle (it is the app's to keep). A build of the index for an older library
/// moves on to it, so that the older one is freed while the build goes on.
#[derive(Clone, Default)]
pub struct Newest(Arc<Mutex<Option<Shown>>>);

/// A library's version and a weak handle on it.
type Shown = (u64, Weak<Library>);

impl Newest {
    /// Library `version` is the newest.
    pub fn set(&self, version: u64, library: &Arc<Library>) {
        if let Ok(mut newest) = self.0.lock() {
            *newest = Some((version, Arc::downgrade(library)));
        }
    }

    /// The newest library and its version, if it is newer than `version` and still shown.
    fn newer_than(&self, version: u64) -> Option<(u64, Arc<Library>)> {
        let newest = self.0.lock().ok()?;
        let (newer, library) = newest.as_ref().filter(|(newer, _)| *newer > version)?;
        Some((*newer, library.upgrade()?))
    }
}

/// Runs jobs; keeps what is worth keeping from one job to the next of its kind.
pub struct Runner {
    /// Where the full-text index is kept between runs (`None`: in memory).
    cache: Option<PathBuf>,
    /// The library an index build moves on to.
    newest: Newest,
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
        Self::following(cache, Newest::default())
    }

    /// A runner keeping the full-text index under `cache`, whose index builds move on to the
    /// libraries `newest` names.
    pub fn following(cache: Option<PathBuf>, newest: Newest) -> Self {
        Self {
            cache,
            newest,
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
            Job::PackTitles { titles } => titles.pack(),
            Job::FullText {
                library,
                version,
                query,
            } => self.full_text(library, version, &query, ticket, deliver),
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
                // The library moved on while the index was built: the app asks again.
                let Some((index, library)) = self.text_index(library, version, deliver) else {
                    return;
                };
                let ids = (index.similar(&library, id, SIMILAR_STORIES).into_iter())
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
        library: Arc<Library>,
        version: u64,
        query: &str,
        ticket: &Ticket,
        deliver: &mut dyn FnMut(Answer),
    ) {
        // The library moved on while the index was built: the app searches it again.
        let Some((index, library)) = self.text_index(library, version, deliver) else {
            return;
        };
        let generation = ticket.generation();
        if let Some(hits) =
            index.search_unless(&library, &parse_query(query), &|| ticket.is_stale())
        {
            deliver(Answer::TextResults { generation, hits });
        }
    }
}

impl Runner {
    /// The full-text index of library `version`, opened (and brought up to date, reporting
    /// progress) if the one held is of another version, with the library back. Built once per
    /// library, whatever the job: the jobs queued behind this one want it too. `None` when a
    /// reload made a newer library while it was built: the index is then that one's, and the
    /// job's own answer is no longer wanted.
    fn text_index(
        &mut self,
        library: Arc<Library>,
        version: u64,
        deliver: &mut dyn FnMut(Answer),
    ) -> Option<(&FullText, Arc<Library>)> {
        // The old library's index lets go of the index on disk (and its writer lock) before
        // the new one is opened, so that the new one can bring it up to date with the
        // reloaded files instead of opening it read-only.
        let held = self.text.take().filter(|(kept, _)| *kept == version);
        let (held, library) = match held {
            Some(held) => (held, library),
            None => {
                let (index, library, built) = open_reporting(
                    library,
                    version,
                    self.cache.as_deref(),
                    &self.newest,
                    deliver,
                );
                deliver(Answer::TextIndexReady { version: built });
                ((built, index), library)
            }
        };
        let (kept, index) = self.text.insert(held);
        (*kept == version).then_some((&*index, library))
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
/// second; the end is said by [`Answer::TextIndexReady`]. The build moves on to a newer
/// library `newest` names; the index is given back with the library it was built for last,
/// and that library's version.
fn open_reporting(
    library: Arc<Library>,
    version: u64,
    cache: Option<&std::path::Path>,
    newest: &Newest,
    deliver: &mut dyn FnMut(Answer),
) -> (FullText, Arc<Library>, u64) {
    let deliver = RefCell::new(deliver);
    let last = RefCell::new(None::<Instant>);
    let current = Cell::new(version);
    let progress = |Progress { done, total }| {
        let mut last = last.borrow_mut();
        if done < total && last.is_none_or(|at| at.elapsed() >= PROGRESS_INTERVAL) {
            *last = Some(Instant::now());
            (deliver.borrow_mut())(Answer::TextIndexProgress {
                version: current.get(),
                done,
                total,
            });
        }
    };
    let newer = || {
        let (version, library) = newest.newer_than(current.get())?;
        current.set(version);
        Some(library)
    };
    let (index, library) = FullText::open_following(library, cache, &progress, &newer);
    (index, library, current.get())
}
