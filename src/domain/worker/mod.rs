//! Heavy work off the UI thread: title and full-text search, building the full-text index,
//! reloading changed files, finding the closest titles for a dangling link, wrapping a
//! huge article and fetching the library's feeds. `update` returns each [`Job`] it wants done,
//! numbered, as a [`Submission`]; the event loop hands it to [`Workers`], and the answer comes
//! back as an [`Answer`] through the loop's channel, tagged with the job's generation, and
//! `update` applies it like any other input.
//!
//! Each kind of job has its own thread (a lane), so a slow reload never holds up a
//! keystroke's search; the jobs that need the full-text index (searches, similar stories,
//! updates after a reload) share the one lane that holds it, and run in the order sent.
//! The app numbers its jobs, so generations are unique across lanes; a newer job of a kind
//! makes the older ones of that
//! kind stale: those still queued are dropped unrun, and a running search checks its
//! [`Ticket`] between batches and gives up. An index update is never stale: every one of them
//! is a change the index must take.

mod answer;
mod fetch;
mod jobs;

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Sender};

use strum::{EnumCount, EnumDiscriminants, EnumIter, IntoEnumIterator, IntoStaticStr};

use crate::domain::library::{ArticleId, Change, Library, LoadOptions};
use crate::domain::search::TitleSearch;

pub use answer::{Answer, FeedNote, FetchEnd, FetchTally};
pub use fetch::FetchPlan;
pub use jobs::{Newest, Runner, SIMILAR_STORIES};

/// One piece of heavy work, with everything it needs (libraries are shared snapshots). Each
/// variant is a kind of job ([`Kind`]), with its own staleness.
#[derive(EnumDiscriminants)]
#[strum_discriminants(name(Kind), vis(pub(crate)), derive(EnumCount))]
pub enum Job {
    /// Count the titles matching `query` and rank the best `rows` of them: answered by
    /// [`Answer::SearchResults`], a quick unranked few first over a large library. The same
    /// query again with more rows (a list scrolled down) ranks the matches already found.
    Titles {
        /// Which library the titles are of: a lane keeps its searcher (and the refinement of
        /// the last query) while this stays the same.
        version: u64,
        titles: TitleSearch,
        query: String,
        /// How many of the best matches to rank (`usize::MAX`: all of them).
        rows: usize,
    },
    /// Pack `titles` for searching now, ahead of the first search on the lane, which would
    /// otherwise wait for it: answers nothing.
    PackTitles { titles: TitleSearch },
    /// Search the full text for `query`, building the index for library `version` first if
    /// the lane has none: [`Answer::TextIndexReady`], then [`Answer::TextResults`].
    FullText {
        library: Arc<Library>,
        version: u64,
        query: String,
    },
    /// Re-read the files at `paths` into a copy of `library`: [`Answer::Reloaded`].
    Reload {
        library: Arc<Library>,
        paths: Vec<PathBuf>,
        options: LoadOptions,
    },
    /// Up to `limit` titles truly close to `name`, none of `exclude`:
    /// [`Answer::ClosestTitles`].
    Closest {
        library: Arc<Library>,
        name: String,
        limit: usize,
        exclude: Vec<ArticleId>,
    },
    /// Lay out article `id` for `width` columns, whole or the window `around` a place:
    /// [`Answer::Wrapped`].
    Wrap {
        library: Arc<Library>,
        id: ArticleId,
        width: usize,
        around: Option<crate::domain::wrap::Around>,
    },
    /// The stories closest in content to article `id` of library `version`, building the
    /// index first if the lane has none: [`Answer::SimilarStories`].
    Similar {
        library: Arc<Library>,
        version: u64,
        id: ArticleId,
    },
    /// A reload turned library `from` into `library`, version `to`, by `change`: the index
    /// the lane holds for `from` re-indexes just those articles, and answers
    /// [`Answer::TextIndexReady`] for `to`. Without an index for `from` there is nothing to do
    /// (the next search opens one for `to`).
    TextUpdate {
        library: Arc<Library>,
        change: Change,
        from: u64,
        to: u64,
    },
    /// Fetch every subscription of the library at `root` and write the new stories:
    /// [`Answer::FetchProgress`], then [`Answer::Fetched`]. On a lane of its own, so the
    /// network never holds up a search or a reload.
    Fetch { root: PathBuf, plan: FetchPlan },
}

/// The lanes, one thread each, named after them: a slow job on one never holds up another.
#[derive(Debug, Clone, Copy, EnumCount, EnumIter, IntoStaticStr)]
#[strum(serialize_all = "kebab-case")]
enum LaneName {
    Titles,
    /// Every job that needs the full-text index, which lives on this lane's thread.
    FullText,
    Reload,
    Closest,
    Wrap,
    Fetch,
}

impl Kind {
    /// The lane that runs jobs of this kind.
    fn lane(self) -> LaneName {
        match self {
            Kind::Titles | Kind::PackTitles => LaneName::Titles,
            Kind::FullText | Kind::Similar | Kind::TextUpdate => LaneName::FullText,
            Kind::Reload => LaneName::Reload,
            Kind::Closest => LaneName::Closest,
            Kind::Wrap => LaneName::Wrap,
            Kind::Fetch => LaneName::Fetch,
        }
    }
}

impl Job {
    /// Whether a newer job of its kind makes this one unwanted (an index update must be
    /// taken; a fetch the user asked for is done, and the app sends no second one meanwhile).
    fn can_go_stale(&self) -> bool {
        !matches!(self, Job::TextUpdate { .. } | Job::Fetch { .. })
    }
}

/// A job with the generation its answers carry, as the app hands it out.
pub struct Submission {
    pub generation: u64,
    pub job: Job,
}

/// What a running job knows of its own relevance.
pub struct Ticket {
    generation: u64,
    latest: Arc<AtomicU64>,
}

impl Ticket {
    /// A ticket for job `generation`, stale once `latest` holds another generation.
    pub fn new(generation: u64, latest: Arc<AtomicU64>) -> Self {
        Self { generation, latest }
    }

    /// The generation the job's answers carry.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Whether a newer job of the same kind was submitted since: the answer is unwanted.
    pub fn is_stale(&self) -> bool {
        self.latest.load(Ordering::Relaxed) != self.generation
    }
}

/// Where answers go: the event loop's channel, turned into a function.
type Deliver = Arc<dyn Fn(Answer) + Send + Sync>;

/// One thread taking the jobs of its kinds, in the order sent.
struct Lane {
    jobs: Sender<(Ticket, Job)>,
}

impl Lane {
    fn spawn(name: LaneName, deliver: Deliver, cache: Option<PathBuf>, newest: Newest) -> Self {
        let (jobs, incoming) = mpsc::channel::<(Ticket, Job)>();
        let name: &str = name.into();
        // Should no thread be had, the closure and `incoming` with it are dropped: the lane's
        // jobs are never answered, and the screen keeps what it shows.
        let _ = std::thread::Builder::new()
            .name(format!("readmore-{name}"))
            .spawn(move || {
                let mut runner = Runner::following(cache, newest);
                let mut queue = VecDeque::new();
                loop {
                    if queue.is_empty() {
                        match incoming.recv() {
                            Ok(next) => queue.push_back(next),
                            Err(_) => break,
                        }
                    }
                    queue.extend(incoming.try_iter());
                    // Of a burst of one kind only the newest is worth doing: the others are stale.
                    while let Some((ticket, job)) = queue.pop_front() {
                        if !ticket.is_stale() {
                            runner.run(job, &ticket, &mut |action| deliver(action));
                            break;
                        }
                    }
                }
            });
        Self { jobs }
    }
}

/// Handles to the worker threads; dropping them ends the threads once their job is done.
pub struct Workers {
    lanes: Vec<Lane>,
    /// The generation of the newest job submitted, per kind of job.
    latest: Vec<Arc<AtomicU64>>,
    /// The newest library an index update was sent for: a build under way moves on to it.
    newest: Newest,
}

impl Workers {
    /// Starts the lanes, keeping the full-text index in the user's cache folder; every answer
    /// is passed to `deliver`.
    pub fn spawn(deliver: impl Fn(Answer) + Send + Sync + 'static) -> Self {
        Self::with_cache(deliver, crate::domain::paths::cache_dir())
    }

    /// Starts the lanes, keeping the full-text index under `cache` (in memory when `None`).
    pub fn with_cache(
        deliver: impl Fn(Answer) + Send + Sync + 'static,
        cache: Option<PathBuf>,
    ) -> Self {
        let deliver: Deliver = Arc::new(deliver);
        let newest = Newest::default();
        Self {
            lanes: LaneName::iter()
                .map(|name| Lane::spawn(name, Arc::clone(&deliver), cache.clone(), newest.clone()))
                .collect(),
            latest: (0..Kind::COUNT)
                .map(|_| Arc::new(AtomicU64::new(0)))
                .collect(),
            newest,
        }
    }

    /// Queues `job`, making every earlier job of its kind stale (unless that kind never goes
    /// stale).
    pub fn submit(&self, Submission { generation, job }: Submission) {
        // Said before the update is queued behind a build, so that the build hears of it now.
        if let Job::TextUpdate { library, to, .. } = &job {
            self.newest.set(*to, library);
        }
        let kind = Kind::from(&job);
        let latest = if job.can_go_stale() {
            let latest = &self.latest[kind as usize];
            latest.store(generation, Ordering::Relaxed);
            Arc::clone(latest)
        } else {
            Arc::new(AtomicU64::new(generation))
        };
        let lane = &self.lanes[kind.lane() as usize];
        let ticket = Ticket::new(generation, latest);
        // A send fails only if the thread is gone (it panicked); then no answer comes and the
        // screen keeps what it shows, which is the best that can be done.
        let _ = lane.jobs.send((ticket, job));
    }
}

/// Frees `value` on a thread of its own: the library and title searcher a reload replaces
/// take tens of milliseconds to free at 100k articles, more than a frame of the UI thread.
pub fn drop_later<T: Send + 'static>(value: T) {
    // Should no thread be had, the closure is dropped here, and the value with it.
    let _ = std::thread::Builder::new()
        .name("readmore-drop".to_owned())
        .spawn(move || drop(value));
}

#[cfg(test)]
mod tests;
