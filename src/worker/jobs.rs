//! What each job does, and the state a lane keeps between jobs (the title searcher and the
//! full-text index of the library last seen).

use std::path::PathBuf;
use std::sync::{Arc, Weak};
use std::time::Duration;

use super::{Job, Ticket};
use crate::action::{Action, Shared};
use crate::fulltext::{FullText, parse_query};
use crate::library::Library;
use crate::search::{ClosestIndex, TitleSearch};
use crate::wrap::{Targets, wrap_article};

/// How many quick, unranked matches to show before the ranking lands, and how long to look.
const QUICK_MATCHES: usize = 200;
const QUICK_BUDGET: Duration = Duration::from_millis(8);

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
        Self::with_cache(crate::paths::cache_dir())
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
    pub fn run(&mut self, job: Job, ticket: &Ticket, deliver: &mut dyn FnMut(Action)) {
        let generation = ticket.generation();
        match job {
            Job::Titles {
                version,
                titles,
                query,
            } => self.titles(version, titles, &query, ticket, deliver),
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
                deliver(Action::Reloaded {
                    generation,
                    library: Shared(library),
                    titles: Shared(titles),
                    change,
                });
            }
            Job::Closest {
                library,
                name,
                limit,
            } => {
                let ids = self.closest_index(&library).closest(&name, limit);
                if !ticket.is_stale() {
                    deliver(Action::ClosestTitles { generation, ids });
                }
            }
            Job::Wrap { library, id, width } => {
                let wrapped = wrap_article(&library, id, width, Targets::WhenDifferent);
                if !ticket.is_stale() {
                    deliver(Action::Wrapped {
                        generation,
                        wrapped: Shared(Arc::new(wrapped)),
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
        ticket: &Ticket,
        deliver: &mut dyn FnMut(Action),
    ) {
        let search = match &mut self.titles {
            Some((kept, search)) if *kept == version => search,
            slot => &mut slot.insert((version, titles)).1,
        };
        let generation = ticket.generation();
        // Over a large library the ranking takes a few frames: show the first matches at
        // once, so the list answers every keystroke.
        if search.len() > QUICK_MATCHES {
            let ids = search.first_matches(query, QUICK_MATCHES, QUICK_BUDGET);
            if ticket.is_stale() {
                return;
            }
            deliver(Action::SearchResults {
                generation,
                ids,
                complete: false,
            });
        }
        if let Some(hits) = search.search_unless(query, &|| ticket.is_stale()) {
            deliver(Action::SearchResults {
                generation,
                ids: hits.into_iter().map(|hit| hit.id).collect(),
                complete: true,
            });
        }
    }

    fn full_text(
        &mut self,
        library: &Library,
        version: u64,
        query: &str,
        ticket: &Ticket,
        deliver: &mut dyn FnMut(Action),
    ) {
        let index = match &mut self.text {
            Some((kept, index)) if *kept == version => index,
            slot => {
                // The old library's index lets go of the index on disk (and its writer lock)
                // first, so that the new one can bring it up to date with the reloaded files
                // instead of opening it read-only.
                *slot = None;
                // Built once per library, whatever the query: a newer query wants it too.
                let index = FullText::open(library, self.cache.as_deref());
                deliver(Action::TextIndexReady { version });
                &mut slot.insert((version, index)).1
            }
        };
        let generation = ticket.generation();
        if let Some(hits) = index.search_unless(library, &parse_query(query), &|| ticket.is_stale())
        {
            deliver(Action::TextResults { generation, hits });
        }
    }
}

impl Runner {
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
