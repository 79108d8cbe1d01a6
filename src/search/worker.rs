//! Title search on its own thread, so that typing never waits for the matcher: each query
//! replaces the one before it, a stale search is abandoned mid-way, and answers are handed to
//! a callback (the event loop's channel) when ready.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Sender};
use std::time::Duration;

use super::TitleSearch;
use crate::library::ArticleId;

/// How many quick, unranked matches to show before the ranking lands, and how long to look.
const QUICK_MATCHES: usize = 200;
const QUICK_BUDGET: Duration = Duration::from_millis(8);

/// Matches of one query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// Which request this answers; only the latest one's answer is wanted.
    pub generation: u64,
    pub ids: Vec<ArticleId>,
    /// False for the quick first matches, in path order; true for the full ranking.
    pub complete: bool,
}

/// What the search thread is asked to do.
enum Request {
    Search(u64, String),
    /// Search these titles from now on (the library changed).
    Titles(TitleSearch),
}

/// A handle to the search thread; dropping it ends the thread.
pub struct SearchWorker {
    requests: Sender<Request>,
    latest: Arc<AtomicU64>,
}

impl SearchWorker {
    /// Starts the thread; every answer is passed to `deliver`.
    pub fn spawn(mut search: TitleSearch, deliver: impl Fn(Answer) + Send + 'static) -> Self {
        let (requests, incoming) = mpsc::channel::<Request>();
        let latest = Arc::new(AtomicU64::new(0));
        let current = Arc::clone(&latest);
        std::thread::spawn(move || {
            while let Ok(mut request) = incoming.recv() {
                // Only the newest of a burst of keystrokes is worth answering.
                while let Ok(newer) = incoming.try_recv() {
                    if let Request::Titles(titles) = std::mem::replace(&mut request, newer) {
                        search = titles;
                    }
                }
                let (generation, query) = match request {
                    Request::Search(generation, query) => (generation, query),
                    Request::Titles(titles) => {
                        search = titles;
                        continue;
                    }
                };
                let stale = || current.load(Ordering::Relaxed) != generation;
                // Over a large library the ranking takes a few frames: show the first
                // matches at once, so the list answers every keystroke.
                if search.len() > QUICK_MATCHES {
                    let ids = search.first_matches(&query, QUICK_MATCHES, QUICK_BUDGET);
                    if stale() {
                        continue;
                    }
                    deliver(Answer {
                        generation,
                        ids,
                        complete: false,
                    });
                }
                if let Some(hits) = search.search_unless(&query, &stale) {
                    let ids = hits.into_iter().map(|hit| hit.id).collect();
                    deliver(Answer {
                        generation,
                        ids,
                        complete: true,
                    });
                }
            }
        });
        Self { requests, latest }
    }

    /// Asks for the matches of `query`, making every earlier request stale. Returns the
    /// generation its answer will carry.
    pub fn submit(&self, query: String) -> u64 {
        let generation = self.latest.fetch_add(1, Ordering::Relaxed) + 1;
        // A send fails only if the thread is gone, and then no answer comes: the search line
        // keeps its last results, which is the best that can be done.
        let _ = self.requests.send(Request::Search(generation, query));
        generation
    }

    /// Searches `titles` from now on, for every later request.
    pub fn replace_titles(&self, titles: TitleSearch) {
        let _ = self.requests.send(Request::Titles(titles));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn answers_the_latest_query_and_drops_stale_ones() {
        let titles = crate::corpus::titles(50_000);
        let search = TitleSearch::new(titles.iter().map(String::as_str));
        let (sender, answers) = mpsc::channel();
        let worker = SearchWorker::spawn(search, move |answer| {
            let _ = sender.send(answer);
        });
        let mut generation = 0;
        for end in 1..="korea defence".len() {
            generation = worker.submit("korea defence"[..end].to_owned());
        }
        let expected: Vec<ArticleId> = TitleSearch::new(titles.iter().map(String::as_str))
            .search("korea defence")
            .into_iter()
            .map(|hit| hit.id)
            .collect();
        loop {
            let answer = answers
                .recv_timeout(Duration::from_secs(30))
                .expect("an answer");
            assert!(answer.generation <= generation);
            if answer.generation == generation && answer.complete {
                assert_eq!(answer.ids, expected);
                break;
            }
        }
    }
}
