//! The domain: articles, libraries, feeds and everything done with them. Nothing here knows a
//! terminal, a drawing or the app; the workers answer with their own `worker::Answer`.

/// An article's text parsed into blocks and links: the unit everything else works on.
pub mod article;
/// Test support only: the synthetic library of `readmore-corpus`, parsed in memory.
#[cfg(test)]
pub(crate) mod corpus;
/// Feeds fetched into library files: plain data and files, no screen.
pub mod feeds;
/// Test support only: folders of article files written for a test.
#[cfg(test)]
pub(crate) mod fixtures;
/// The full-text index over a library's articles: data in, hits out.
pub mod fulltext;
/// The articles of one folder and the links between them.
pub mod library;
/// Title normalisation, the key links find articles by: pure text functions.
pub mod normalize;
/// Reading readmore's own cache and state files defensively: plain file handling.
pub mod own_files;
/// Where the library, the cache and the state live on disk.
pub mod paths;
/// "1 match", "2 matches": counts with their nouns.
pub mod plural;
/// Untrusted article text made safe to show: pure text functions.
pub mod sanitize;
/// Title search over a library: queries in, ranked titles out.
pub mod search;
/// The per-library store of reading state (marks, positions, the last run): persistence, no
/// screen.
pub mod store;
/// Library changes seen on disk, reported as events.
pub mod watch;
/// Heavy work run off the UI thread, answering with its own `Answer`.
pub mod worker;
/// An article's blocks laid out in lines of a given width, with link positions: pure layout.
pub mod wrap;
