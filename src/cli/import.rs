//! `readmore feeds import FILE`, `readmore feeds export` and `readmore import newsboat`:
//! subscription lists in and out, and the move from newsboat (its subscriptions, every item it
//! stored, their read and flagged states). None of them touches the network.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use chrono::{DateTime, Utc};
use clap::Subcommand;

use crate::app::config::Config;
use crate::domain::feeds::html;
use crate::domain::feeds::ledger::{Ledger, SeenItem, draft_hash, item_key};
use crate::domain::feeds::links::StoryIndex;
use crate::domain::feeds::lock::FetchLock;
use crate::domain::feeds::newsboat::{self, CachedItem, Environment};
use crate::domain::feeds::opml::{self, ExportFeed, ListedFeed};
use crate::domain::feeds::subscriptions::{Subscription, Subscriptions};
use crate::domain::feeds::writer::{self, ArticleDraft, FeedRef};
use crate::domain::store::{Remembered, Store};

/// How long an import waits for a running fetch of the library.
const LOCK_WAIT: Duration = Duration::from_secs(10);

/// A subscription list is small; a larger file is not one.
const MAX_LIST_BYTES: u64 = 16 * 1024 * 1024;

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Move from newsboat: every item in its cache.db becomes an article (read items marked
    /// read, flagged items starred) and its urls file becomes the subscriptions.
    ///
    /// newsboat's files are only read. Running it again writes nothing twice.
    Newsboat {
        /// newsboat's cache (default: ~/.newsboat/cache.db, or
        /// $XDG_DATA_HOME/newsboat/cache.db when newsboat uses the XDG folders).
        #[arg(long, value_name = "FILE")]
        cache: Option<PathBuf>,
        /// newsboat's urls file (default: ~/.newsboat/urls, or $XDG_CONFIG_HOME/newsboat/urls).
        #[arg(long, value_name = "FILE")]
        urls: Option<PathBuf>,
    },
}

/// What a list import changed.
#[derive(Debug, Default)]
struct Added {
    added: usize,
    known: usize,
    notes: Vec<String>,
}

/// `path` as a report names it: one line, nothing a terminal would interpret.
fn shown(path: &Path) -> String {
    crate::domain::sanitize::one_line(&path.display().to_string())
}

/// `readmore feeds import FILE`: subscribes the library to every feed an OPML file or a
/// newsboat urls file lists (feeds already subscribed are left as they are). Never fetches.
pub fn import_list(library: &Path, file: &Path) -> anyhow::Result<ExitCode> {
    let list = read_list(file)?;
    let _lock = FetchLock::acquire(library, LOCK_WAIT)?;
    let mut subscriptions = Subscriptions::load(library)?;
    let added = subscribe(&mut subscriptions, &list.feeds);
    subscriptions.save(library)?;
    for skipped in list.notes.iter().chain(&added.notes) {
        note(skipped);
    }
    let (count, from, known) = (added.added, shown(file), added.known);
    writeln!(
        std::io::stdout().lock(),
        "{count} feed(s) added from {from}, {known} already subscribed; run `readmore fetch` to fetch them"
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `readmore feeds export`: the subscriptions as OPML 2.0 on stdout, each feed filed under its
/// first tag.
pub fn export_list(library: &Path) -> anyhow::Result<ExitCode> {
    let subscriptions = Subscriptions::load(library)?;
    let feeds: Vec<ExportFeed> = subscriptions
        .feeds
        .iter()
        .map(|feed| ExportFeed {
            url: feed.url.clone(),
            title: (!feed.title.is_empty()).then(|| feed.title.clone()),
            site_url: None,
            folder: feed.tags.first().cloned(),
        })
        .collect();
    let document = opml::export(&feeds, "readmore subscriptions");
    let mut out = std::io::stdout().lock();
    out.write_all(document.as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Reads and parses a subscription list, bounded in size.
fn read_list(file: &Path) -> anyhow::Result<opml::SubscriptionList> {
    let name = shown(file);
    let handle = std::fs::File::open(file).map_err(|err| anyhow::anyhow!("{name}: {err}"))?;
    let mut bytes = Vec::new();
    handle
        .take(MAX_LIST_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| anyhow::anyhow!("{name}: {err}"))?;
    if bytes.len() as u64 > MAX_LIST_BYTES {
        anyhow::bail!("{name}: larger than 16 MiB: not a subscription list");
    }
    Ok(opml::parse(&bytes, file)?)
}

/// Adds the feeds not yet subscribed, each in a folder of its own named from its title; an
/// untitled one (a `urls` line without `"~Title"`) gets its folder from the feed's own title
/// when it is first fetched. A feed whose URL is not http(s) is skipped with a note.
fn subscribe(subscriptions: &mut Subscriptions, feeds: &[ListedFeed]) -> Added {
    let mut added = Added::default();
    for feed in feeds {
        if subscriptions.find(&feed.url).is_some() {
            added.known += 1;
            continue;
        }
        let parsed = url::Url::parse(feed.url.trim()).ok();
        let Some(url) = parsed.filter(|url| matches!(url.scheme(), "http" | "https")) else {
            added.notes.push(format!(
                "skipped {:?}: not an http(s) address",
                crate::domain::sanitize::one_line(&feed.url)
            ));
            continue;
        };
        let title = feed.title.clone().unwrap_or_default();
        let folder = match writer::slug(&title, 60).is_empty() {
            true => String::new(),
            false => subscriptions.free_folder(&title),
        };
        let mut subscription = Subscription::new(url.as_str(), &folder);
        subscription.title = title;
        subscription.tags = feed.categories.clone();
        subscriptions.feeds.push(subscription);
        added.added += 1;
    }
    added
}

/// Runs `readmore import …`; a failure is one error line and exit code 1.
pub fn run(
    command: ImportCommand,
    config: &Config,
    state: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let result = match command {
        ImportCommand::Newsboat { cache, urls } => {
            import_newsboat(&config.articles, cache, urls, state)
        }
    };
    result.or_else(|err| {
        super::print_error(&err.to_string());
        Ok(ExitCode::from(1))
    })
}

/// What `import newsboat` did.
#[derive(Debug, Default)]
struct Moved {
    written: usize,
    already: usize,
    read: usize,
    starred: usize,
    failed: Vec<String>,
}

fn import_newsboat(
    library: &Path,
    cache: Option<PathBuf>,
    urls: Option<PathBuf>,
    state: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let defaults = newsboat::locate(&Environment::current());
    let urls_given = urls.is_some();
    let cache = cache
        .or_else(|| defaults.as_ref().map(|found| found.cache.clone()))
        .ok_or_else(|| anyhow::anyhow!("no home folder: name newsboat's cache with --cache"))?;
    let urls = urls.or_else(|| defaults.map(|found| found.urls));
    let items = newsboat::read_cache(&cache)?;
    let list = match urls {
        Some(file) if urls_given || file.exists() => Some(read_list(&file)?),
        _ => None,
    };

    let _lock = FetchLock::acquire(library, LOCK_WAIT)?;
    let mut subscriptions = Subscriptions::load(library)?;
    let mut ledger = Ledger::load(library)?;
    // A feed the urls file leaves unnamed takes the title newsboat stored for it.
    let listed: Vec<ListedFeed> = list
        .iter()
        .flat_map(|list| &list.feeds)
        .map(|feed| {
            let mut feed = feed.clone();
            if feed.title.is_none() {
                feed.title = items
                    .feeds
                    .iter()
                    .find(|cached| cached.url == feed.url && !cached.title.trim().is_empty())
                    .map(|cached| cached.title.clone());
            }
            feed
        })
        .collect();
    let added = subscribe(&mut subscriptions, &listed);
    subscriptions.save(library)?;

    // A folder for every feed of the cache: its subscription's, else one of its own.
    let mut folders: HashMap<&str, (String, String)> = HashMap::new();
    let mut taken: HashSet<String> = subscriptions
        .feeds
        .iter()
        .map(|f| f.folder.clone())
        .collect();
    for feed in &items.feeds {
        let entry = match subscriptions.find(&feed.url) {
            Some(index) => {
                let subscription = &subscriptions.feeds[index];
                let title = match subscription.title.is_empty() {
                    true => feed.title.clone(),
                    false => subscription.title.clone(),
                };
                (subscription.folder.clone(), title)
            }
            None => {
                let folder = free_name(&feed.title, &feed.url, &taken);
                taken.insert(folder.clone());
                (folder, feed.title.clone())
            }
        };
        folders.insert(feed.url.as_str(), entry);
    }

    let mut drafts: Vec<(&CachedItem, ArticleDraft, String)> = Vec::new();
    let mut moved = Moved::default();
    for item in &items.items {
        let (folder, feed_title) = match folders.get(item.feed_url.as_str()) {
            Some(entry) => entry.clone(),
            None => {
                let folder = free_name("", &item.feed_url, &taken);
                taken.insert(folder.clone());
                folders.insert(item.feed_url.as_str(), (folder.clone(), String::new()));
                (folder, String::new())
            }
        };
        let published =
            DateTime::<Utc>::from_timestamp(item.published, 0).filter(|_| item.published > 0);
        let date = published.map(|date| date.to_rfc3339());
        let link = (!item.link.trim().is_empty()).then_some(item.link.as_str());
        let key = item_key(&item.guid, link, &item.title, date.as_deref());
        if ledger.get(&item.feed_url, &key).is_some() {
            moved.already += 1;
            continue;
        }
        let base = [
            item.base.as_str(),
            item.link.as_str(),
            item.feed_url.as_str(),
        ]
        .iter()
        .find_map(|candidate| url::Url::parse(candidate).ok());
        let paragraphs = match item.content_mime_type.as_str() {
            "text/plain" => html::plain_paragraphs(&item.content),
            _ => html::paragraphs(&item.content, base.as_ref()),
        };
        let draft = ArticleDraft {
            folder,
            title: html::text_of(&item.title),
            paragraphs,
            source: link.map(str::to_owned),
            published,
            feed: Some(FeedRef {
                title: feed_title,
                url: item.feed_url.clone(),
            }),
        };
        drafts.push((item, draft, key));
    }

    // Every story about to be written is known before the first is, so that they link.
    let mut stories = StoryIndex::scan(library);
    for (_, draft, _) in &drafts {
        if let Some(source) = &draft.source
            && stories.path_of(source).is_none()
        {
            stories.insert(source, &writer::draft_title(draft), None);
        }
    }
    let store = state.map(|path| Store::open(&path, &crate::domain::store::library_key(library)));
    if let Some((_, Some(warning))) = &store {
        note(warning);
    }
    for (item, draft, key) in drafts {
        let record = |ledger: &mut Ledger, path: &str, written: u64| {
            ledger.record(SeenItem {
                feed: item.feed_url.clone(),
                key: key.clone(),
                path: path.to_owned(),
                written,
                content: draft_hash(&draft),
            });
        };
        // The same page already in the library (fetched, saved, or in another feed).
        if let Some(source) = &draft.source
            && let Some(path) = stories.path_of(source).map(str::to_owned)
        {
            let written =
                std::fs::read(library.join(&path)).map_or(0, |bytes| writer::content_hash(&bytes));
            record(&mut ledger, &path, written);
            moved.already += 1;
            continue;
        }
        match writer::write_article(library, &draft, &stories) {
            Ok(written) => {
                if let Some(source) = &draft.source {
                    stories.insert(source, &written.title, Some(&written.path));
                }
                record(&mut ledger, &written.path, written.hash);
                moved.written += 1;
                let marks = Remembered {
                    read: !item.unread,
                    starred: item.is_flagged(),
                    ..Remembered::default()
                };
                moved.read += usize::from(marks.read);
                moved.starred += usize::from(marks.starred);
                if let Some((store, _)) = &store
                    && (marks.read || marks.starred)
                {
                    store.record(
                        &written.path,
                        &written.title,
                        crate::domain::store::Edit::between(Remembered::default(), marks),
                    );
                }
            }
            Err(err) => moved
                .failed
                .push(crate::domain::sanitize::one_line(&err.to_string())),
        }
    }
    ledger.save(library)?;
    if let Some((store, _)) = &store
        && let Some(warning) = store.flush()
    {
        note(&warning);
    }
    for skipped in list.iter().flat_map(|list| &list.notes).chain(&added.notes) {
        note(skipped);
    }
    for failure in &moved.failed {
        super::print_error(failure);
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} article(s) written from {} ({} read, {} starred), {} already in the library, {} deleted in newsboat left out",
        moved.written,
        shown(&cache),
        moved.read,
        moved.starred,
        moved.already,
        items.deleted,
    )?;
    writeln!(
        out,
        "{} feed(s) subscribed, {} already subscribed",
        added.added, added.known
    )?;
    Ok(match moved.failed.is_empty() {
        true => ExitCode::SUCCESS,
        false => ExitCode::from(1),
    })
}

/// A note on stderr (a skipped line, a state warning): not an error, the command goes on.
fn note(message: &str) {
    let _ = writeln!(
        std::io::stderr().lock(),
        "note: {}",
        crate::domain::sanitize::one_line(message)
    );
}

/// A folder name from `title` (else the host of `url`) that is not in `taken`.
fn free_name(title: &str, url: &str, taken: &HashSet<String>) -> String {
    let host = url::Url::parse(url)
        .ok()
        .and_then(|url| url.host_str().map(str::to_owned))
        .unwrap_or_default();
    let base = [title, host.as_str()]
        .iter()
        .map(|name| writer::slug(name, 60))
        .find(|slug| !slug.is_empty())
        .unwrap_or_else(|| "feed".to_owned());
    (1..)
        .map(|n| match n {
            1 => base.clone(),
            n => format!("{base}-{n}"),
        })
        .find(|name| !taken.contains(name))
        .unwrap_or(base)
}
