//! Writing a fetch's held items into the library: new items as new files, changed ones over
//! files nobody edited, each recorded in the ledger.

use std::collections::HashMap;
use std::path::Path;

use super::{FeedReport, Outcome};
use crate::domain::feeds::ledger::{Ledger, SeenItem};
use crate::domain::feeds::links::StoryIndex;
use crate::domain::feeds::parse::FeedItem;
use crate::domain::feeds::subscriptions::{Subscription, Subscriptions};
use crate::domain::feeds::writer::{self, ArticleDraft, FeedRef, content_hash};

/// Writes the held items: new ones as new files, changed ones over files nobody edited.
pub(super) fn write_pending(
    library: &Path,
    subscriptions: &Subscriptions,
    pending: &mut Vec<(usize, Vec<FeedItem>)>,
    stories: &mut StoryIndex,
    ledger: &mut Ledger,
    reports: &mut HashMap<usize, FeedReport>,
) {
    // Every story about to be written is known before the first is, so that they link.
    for (_, items) in pending.iter() {
        for item in items {
            if let Some(source) = &item.draft.source
                && stories.path_of(source).is_none()
            {
                stories.insert(source, &writer::draft_title(&item.draft), None);
            }
        }
    }
    for (index, items) in pending.drain(..) {
        let feed = &subscriptions.feeds[index];
        let Some(report) = reports.get_mut(&index) else {
            continue;
        };
        for item in items {
            let mut draft = item.draft;
            draft.folder = feed.folder.clone();
            draft.feed = Some(FeedRef {
                title: feed.title.clone(),
                url: feed.url.clone(),
            });
            match write_item(
                library,
                feed,
                &item.key,
                &draft,
                item.content,
                stories,
                ledger,
            ) {
                Ok(Wrote::New) => report.new += 1,
                Ok(Wrote::Updated) => report.updated += 1,
                Ok(Wrote::KeptEdited(path)) => report.kept_edited.push(path),
                Ok(Wrote::Nothing) => {}
                Err(err) => {
                    report.status = Outcome::Failed;
                    report.error = Some(crate::domain::sanitize::one_line(&err.to_string()));
                }
            }
        }
        if !report.kept_edited.is_empty() && report.error.is_none() {
            report.error = Some(format!(
                "{} changed item(s) kept as you edited them: {}",
                report.kept_edited.len(),
                report.kept_edited.join(", ")
            ));
        }
    }
}

enum Wrote {
    New,
    Updated,
    KeptEdited(String),
    Nothing,
}

fn write_item(
    library: &Path,
    feed: &Subscription,
    key: &str,
    draft: &ArticleDraft,
    content: u64,
    stories: &mut StoryIndex,
    ledger: &mut Ledger,
) -> Result<Wrote, writer::WriteError> {
    let record = |ledger: &mut Ledger, path: &str, written: u64| {
        ledger.record(SeenItem {
            feed: feed.url.clone(),
            key: key.to_owned(),
            path: path.to_owned(),
            written,
            content,
        });
    };
    if let Some(seen) = ledger.get(&feed.url, key).cloned() {
        // A changed item: rewritten only over the very bytes fetch wrote.
        let on_disk = std::fs::read(library.join(&seen.path)).ok();
        return Ok(match on_disk {
            None => {
                record(ledger, &seen.path, seen.written);
                Wrote::Nothing
            }
            Some(bytes) if content_hash(&bytes) == seen.written => {
                let written = writer::rewrite_article(library, &seen.path, draft, stories)?;
                record(ledger, &written.path, written.hash);
                Wrote::Updated
            }
            Some(_) => {
                record(ledger, &seen.path, seen.written);
                Wrote::KeptEdited(seen.path)
            }
        });
    }
    // Not in the ledger, but its page is already a file (a fetch killed before it saved the
    // ledger, a ledger lost, the same story in two feeds): take that file as this item's.
    if let Some(source) = &draft.source
        && let Some(path) = stories.path_of(source).map(str::to_owned)
    {
        let written = std::fs::read(library.join(&path)).map_or(0, |bytes| content_hash(&bytes));
        record(ledger, &path, written);
        return Ok(Wrote::Nothing);
    }
    let written = writer::write_article(library, draft, stories)?;
    if let Some(source) = &draft.source {
        stories.insert(source, &written.title, Some(&written.path));
    }
    record(ledger, &written.path, written.hash);
    Ok(Wrote::New)
}
