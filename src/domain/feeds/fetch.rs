//! Fetching a library's subscriptions: the network on worker threads, the writing on the
//! caller's thread, under the library's lock.
//!
//! Every feed is fetched by one of `jobs` threads, at most `per_host` at a time per host, and
//! parsed and converted there. The caller's thread takes the results as they come, keeps the
//! new items, and writes them once every feed is in (or when the held text passes a budget),
//! so that stories of this fetch that link each other, in one feed or across feeds, get their
//! `Read More:` lines. A feed that fails costs only itself: its reason goes in the summary.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use url::Url;

use super::http::{Answer, Client, HttpError, HttpOptions, Validators, parse_http_url};
use super::ledger::Ledger;
use super::links::StoryIndex;
use super::lock::{FetchLock, LockError};
use super::parse::{self, FeedError, FeedItem};
use super::subscriptions::{Status, StoreError, Subscription, Subscriptions};
use super::writer::{self, ArticleDraft, Paragraph};

mod hosts;
mod summary;
mod write;

use hosts::HostQueue;
pub use summary::{FeedReport, Outcome, Progress, Summary};
use write::write_pending;

/// Held item text past which new items are written before the rest of the feeds are in.
const HELD_TEXT_BUDGET: usize = 64 * 1024 * 1024;

/// How a fetch runs.
#[derive(Clone)]
pub struct FetchOptions {
    /// Feeds fetched at once.
    pub jobs: usize,
    /// Connections to one host at once.
    pub per_host: usize,
    pub http: HttpOptions,
    /// Only these subscriptions (by URL); all of them when empty.
    pub only: Vec<String>,
    /// How long to wait for another fetch of the library to finish.
    pub lock_wait: Duration,
}

impl Default for FetchOptions {
    fn default() -> Self {
        Self {
            jobs: 8,
            per_host: 2,
            http: HttpOptions::default(),
            only: Vec::new(),
            lock_wait: Duration::from_secs(2),
        }
    }
}

/// A fetch that could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("not subscribed: {0}")]
    NotSubscribed(String),
}

/// What a worker learnt about one feed.
enum Fetched {
    Items {
        title: String,
        items: Vec<FeedItem>,
        /// Items of a full-text feed written from the feed's text: their page gave no article.
        summaries_kept: usize,
        validators: Validators,
        moved_to: Option<String>,
    },
    NotModified {
        moved_to: Option<String>,
    },
    Gone,
    RetryLater(String, Option<DateTime<Utc>>),
    Failed(String),
}

/// Fetches the subscriptions of the library at `library` (those in `options.only`, or all),
/// writes their new items, and says feed by feed what happened. `progress` is called on the
/// caller's thread after each feed answers.
pub fn fetch_all(
    library: &Path,
    options: &FetchOptions,
    mut progress: impl FnMut(&Progress),
) -> Result<Summary, FetchError> {
    let _lock = FetchLock::acquire(library, options.lock_wait)?;
    let mut subscriptions = Subscriptions::load(library)?;
    let mut ledger = Ledger::load(library)?;
    let chosen = choose(&subscriptions, &options.only)?;
    let now = Utc::now();
    let mut reports: HashMap<usize, FeedReport> = HashMap::new();
    let mut to_fetch = Vec::new();
    for &index in &chosen {
        let feed = &subscriptions.feeds[index];
        let skip = match (feed.status, retry_after(feed)) {
            (Status::Gone, _) => Some("gone: the server answered 410 Gone".to_owned()),
            (_, Some(until)) if until > now => Some(format!(
                "skipped: the server asked to wait until {}",
                until.to_rfc3339_opts(SecondsFormat::Secs, true)
            )),
            _ => None,
        };
        match skip {
            Some(reason) => {
                reports.insert(index, report(feed, Outcome::Failed, Some(reason)));
            }
            None => to_fetch.push(index),
        }
    }
    let client = Client::new(options.http.clone());
    // What each feed's items said when last written: a full-text feed fetches the page of
    // an item only when the feed says something new about it.
    let mut known = ledger.contents_by_feed();
    let jobs: Vec<(usize, Subscription, HashMap<String, u64>)> = (to_fetch.iter())
        .map(|&index| {
            let feed = &subscriptions.feeds[index];
            let seen = known.remove(feed.url.as_str()).unwrap_or_default();
            (index, feed.clone(), seen)
        })
        .collect();
    let total = jobs.len();
    let (sender, answers) = mpsc::channel();
    let mut pending: Vec<(usize, Vec<FeedItem>)> = Vec::new();
    let mut held = 0usize;
    let mut stories: Option<StoryIndex> = None;
    std::thread::scope(|scope| {
        let queue = Arc::new(HostQueue::new(
            jobs.iter().map(|(_, feed, _)| feed),
            options.per_host.max(1),
        ));
        for _ in 0..options.jobs.clamp(1, 64).min(total.max(1)) {
            let sender = sender.clone();
            let queue = Arc::clone(&queue);
            let client = &client;
            let jobs = &jobs;
            scope.spawn(move || {
                while let Some(slot) = queue.next() {
                    let (index, feed, known) = &jobs[slot];
                    let fetched = fetch_one(client, feed, known);
                    queue.done(slot);
                    if sender.send((*index, fetched)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut new_so_far = 0;
        for (answered, (index, fetched)) in answers.into_iter().enumerate() {
            let (mut outcome, items) =
                apply(&mut subscriptions.feeds[index], fetched, &mut ledger, now);
            if subscriptions.feeds[index].folder.is_empty() {
                // An imported subscription: a folder of its own, now that its title is known.
                let folder = subscriptions.free_folder(&folder_name(&subscriptions.feeds[index]));
                outcome.folder.clone_from(&folder);
                subscriptions.feeds[index].folder = folder;
            }
            let feed = &subscriptions.feeds[index];
            let fresh: Vec<FeedItem> = (items.into_iter())
                .filter(|item| is_news(&ledger, &feed.url, item))
                .collect();
            let brand_new = (fresh.iter())
                .filter(|item| ledger.get(&feed.url, &item.key).is_none())
                .count();
            new_so_far += brand_new;
            held += fresh
                .iter()
                .map(|item| text_size(&item.draft))
                .sum::<usize>();
            reports.insert(index, outcome);
            if !fresh.is_empty() {
                pending.push((index, fresh));
            }
            progress(&Progress {
                done: answered + 1,
                total,
                new: new_so_far,
                url: feed.url.clone(),
            });
            if held > HELD_TEXT_BUDGET {
                let index = stories.get_or_insert_with(|| StoryIndex::scan(library));
                write_pending(
                    library,
                    &subscriptions,
                    &mut pending,
                    index,
                    &mut ledger,
                    &mut reports,
                );
                held = 0;
            }
        }
    });
    for feed in &subscriptions.feeds {
        if !feed.folder.is_empty() {
            super::files::remove_leftovers(&library.join(&feed.folder));
        }
    }
    // Nothing new (every feed unchanged): no need to read the library's stories.
    if !pending.is_empty() {
        let mut index = stories.unwrap_or_else(|| StoryIndex::scan(library));
        write_pending(
            library,
            &subscriptions,
            &mut pending,
            &mut index,
            &mut ledger,
            &mut reports,
        );
    }
    super::files::sync_library(library).map_err(|error| StoreError::Io {
        path: library.display().to_string(),
        error,
    })?;
    ledger.save(library)?;
    subscriptions.save(library)?;
    let feeds = chosen
        .iter()
        .filter_map(|index| reports.remove(index))
        .collect();
    Ok(Summary { feeds })
}

/// The subscriptions to fetch: all, or those named (each must be subscribed).
fn choose(subscriptions: &Subscriptions, only: &[String]) -> Result<Vec<usize>, FetchError> {
    if only.is_empty() {
        return Ok((0..subscriptions.feeds.len()).collect());
    }
    only.iter()
        .map(|url| {
            subscriptions
                .find(url)
                .ok_or_else(|| FetchError::NotSubscribed(url.clone()))
        })
        .collect()
}

fn retry_after(feed: &Subscription) -> Option<DateTime<Utc>> {
    let value = feed.retry_after.as_deref()?;
    DateTime::parse_from_rfc3339(value)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

fn report(feed: &Subscription, status: Outcome, error: Option<String>) -> FeedReport {
    FeedReport {
        url: feed.url.clone(),
        title: feed.title.clone(),
        folder: feed.folder.clone(),
        status,
        new: 0,
        updated: 0,
        error,
        kept_edited: Vec::new(),
        moved_from: None,
    }
}

fn text_size(draft: &ArticleDraft) -> usize {
    draft.title.len() + draft.paragraphs.iter().map(|p| p.text.len()).sum::<usize>()
}

/// Whether an item needs writing: never seen, or seen with other content.
fn is_news(ledger: &Ledger, feed: &str, item: &FeedItem) -> bool {
    ledger
        .get(feed, &item.key)
        .is_none_or(|seen| seen.content != item.content)
}

/// Network, parsing and conversion of one feed, on a worker thread.
fn fetch_one(client: &Client, feed: &Subscription, known: &HashMap<String, u64>) -> Fetched {
    let validators = Validators {
        etag: feed.etag.clone(),
        last_modified: feed.last_modified.clone(),
    };
    let answer = match client.get(&feed.url, &validators) {
        Ok(answer) => answer,
        Err(HttpError(reason)) => return Fetched::Failed(reason),
    };
    match answer {
        Answer::NotModified { moved_to } => Fetched::NotModified { moved_to },
        Answer::Gone => Fetched::Gone,
        Answer::RetryLater { status, until } => Fetched::RetryLater(
            format!("HTTP {status}: the server asked to retry later"),
            until,
        ),
        Answer::Body {
            bytes,
            content_type,
            url,
            validators,
            moved_to,
        } => {
            let base = Url::parse(&url)
                .unwrap_or_else(|_| parse_http_url(&feed.url).expect("a fetched URL parses"));
            match parse::parse(&bytes, content_type.as_deref(), &base) {
                Ok(parsed) => {
                    let mut items = parsed.items;
                    let mut summaries_kept = 0;
                    if feed.full_text {
                        for item in &mut items {
                            if known.get(&item.key) != Some(&item.content)
                                && !full_text(client, &mut item.draft)
                            {
                                summaries_kept += 1;
                            }
                        }
                    }
                    Fetched::Items {
                        title: parsed.title,
                        items,
                        summaries_kept,
                        validators,
                        moved_to,
                    }
                }
                Err(FeedError::WebPage(advertised)) => {
                    Fetched::Failed(FeedError::WebPage(advertised).to_string())
                }
                Err(err) => Fetched::Failed(err.to_string()),
            }
        }
    }
}

/// Replaces an item's text by the article extracted from its page; false (the feed's text
/// kept) when the page could not be had or held no article.
fn full_text(client: &Client, draft: &mut ArticleDraft) -> bool {
    let Some(source) = draft.source.clone() else {
        return false;
    };
    let Ok(Answer::Body {
        bytes,
        content_type,
        url,
        ..
    }) = client.get(&source, &Validators::default())
    else {
        return false;
    };
    let Ok(page_url) = Url::parse(&url) else {
        return false;
    };
    let page = super::charset::decode(&bytes, content_type.as_deref());
    let Ok(article) = super::extract::extract(&page, &page_url) else {
        return false;
    };
    let paragraphs: Vec<Paragraph> = super::html::paragraphs(&article.html, Some(&page_url));
    if paragraphs.is_empty() {
        return false;
    }
    draft.paragraphs = paragraphs;
    true
}

/// Brings the subscription up to date with a worker's answer; the report and the items.
fn apply(
    feed: &mut Subscription,
    fetched: Fetched,
    ledger: &mut Ledger,
    now: DateTime<Utc>,
) -> (FeedReport, Vec<FeedItem>) {
    feed.last_fetch = Some(now.to_rfc3339_opts(SecondsFormat::Secs, true));
    feed.retry_after = None;
    let mut moved_from = None;
    let mut moved = |feed: &mut Subscription, to: Option<String>| {
        if let Some(to) = to {
            ledger.rename_feed(&feed.url, &to);
            moved_from = Some(std::mem::replace(&mut feed.url, to));
        }
    };
    let mut note = None;
    let (status, error, items) = match fetched {
        Fetched::Items {
            title,
            items,
            summaries_kept,
            validators,
            moved_to,
        } => {
            moved(feed, moved_to);
            if feed.title.is_empty() {
                feed.title = title;
            }
            feed.etag = validators.etag;
            feed.last_modified = validators.last_modified;
            if summaries_kept > 0 {
                note = Some(format!(
                    "full text not found for {summaries_kept} item(s): the feed's text was kept"
                ));
            }
            (Status::Ok, None, items)
        }
        Fetched::NotModified { moved_to } => {
            moved(feed, moved_to);
            (Status::NotModified, None, Vec::new())
        }
        Fetched::Gone => (
            Status::Gone,
            Some("gone: the server answered 410 Gone".to_owned()),
            Vec::new(),
        ),
        Fetched::RetryLater(reason, until) => {
            feed.retry_after = until.map(|until| until.to_rfc3339_opts(SecondsFormat::Secs, true));
            (Status::Failed, Some(reason), Vec::new())
        }
        Fetched::Failed(reason) => (Status::Failed, Some(reason), Vec::new()),
    };
    feed.status = status;
    feed.error = error.clone();
    let outcome = match status {
        Status::Ok => Outcome::Ok,
        Status::NotModified => Outcome::NotModified,
        _ => Outcome::Failed,
    };
    let mut report = report(feed, outcome, error.or(note));
    if let Some(from) = moved_from {
        report.error = Some(format!("moved permanently from {from}"));
        report.moved_from = Some(from);
    }
    (report, items)
}

/// What to name the folder of a subscription that has none: its title, else its host.
fn folder_name(feed: &Subscription) -> String {
    if !writer::slug(&feed.title, 60).is_empty() {
        return feed.title.clone();
    }
    Url::parse(&feed.url)
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_default()
}
