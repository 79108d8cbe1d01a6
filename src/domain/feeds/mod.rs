//! News in: subscriptions, fetching feeds, and turning their items into linked articles.
//!
//! Everything here is domain code (no terminal, no app): the CLI and a reader's worker call it.
//! What fetch keeps lives inside the library, in the hidden folder [`files::DATA_DIR`]
//! (`.readmore/`, which loading skips), so it travels with the folder:
//!
//! - [`subscriptions`]: the subscriptions, `.readmore/feeds.toml`
//!   ([`subscriptions::Subscriptions::load`] / [`subscriptions::Subscriptions::save`]; one
//!   [`subscriptions::Subscription`] per feed: url, title, folder,
//!   full_text, tags, last_fetch, status, error, etag, last_modified, retry_after).
//! - [`ledger`]: the items already written, `.readmore/seen.json`, keyed per feed by
//!   [`ledger::item_key`] (guid, else link, else title and date), each with the hash of the bytes
//!   written so that a changed item only replaces a file nobody edited.
//! - [`writer`]: one story ([`writer::ArticleDraft`]: folder, title, paragraphs with their links,
//!   source URL, publication date, feed) written as an article file with
//!   [`writer::write_article`]; its links to stories the library holds (a [`links::StoryIndex`],
//!   by normalised source URL) become `Read More:` lines.
//! - [`links`]: URL normalisation and the index of the library's stories by source URL.
//! - [`files`]: the data folder and atomic writes.
//! - [`lock`]: one fetch per library ([`lock::FetchLock::acquire`]); take it around any change
//!   to the subscriptions or the ledger.
//! - [`fetch`]: [`fetch::fetch_all`]`(library, &FetchOptions, progress) -> Summary`, the whole
//!   fetch for the CLI or a reader's worker thread (it blocks; progress comes on the caller's
//!   thread after each feed); a `full_text` subscription gets its new items' pages through [`extract`].
//! - [`http`] (ureq: redirects, validators, limits), [`charset`] (bytes to UTF-8), [`parse`]
//!   (feed-rs; a web page's advertised feeds with [`parse::discover`]), [`html`] (HTML to
//!   paragraphs with their links).
//! - [`extract`]: the article in a web page (Readability), for `save` and full-text feeds.
//! - [`opml`]: subscription lists in (OPML, newsboat's `urls`) and out (OPML 2.0).
//! - [`newsboat`]: newsboat's `cache.db`, read-only, and where newsboat keeps its files.
//!
//! To add a story from elsewhere (a saved page, an import): build an [`writer::ArticleDraft`],
//! scan the library once with [`links::StoryIndex::scan`], call [`writer::write_article`], then
//! [`links::StoryIndex::insert`] its source and title so later stories can link to it.

pub mod charset;
pub mod extract;
pub mod fetch;
pub mod files;
pub mod html;
pub mod http;
pub mod ledger;
pub mod links;
pub mod lock;
pub mod newsboat;
pub mod opml;
pub mod parse;
pub mod subscriptions;
pub mod writer;
