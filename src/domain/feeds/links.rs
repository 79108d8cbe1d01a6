//! Which stories the library already holds, by source URL: what turns a link in a new item
//! into a `Read More:` line, and what keeps an item whose file exists from being written twice.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use url::Url;

use crate::domain::article;
use crate::domain::library::is_hidden;

/// How much of a file is read to find its title and header lines.
const HEADER_BYTES: u64 = 8 * 1024;

/// Query parameters that only track where a click came from.
fn is_tracking(key: &str) -> bool {
    key.starts_with("utm_") || matches!(key, "fbclid" | "gclid" | "ref" | "mc_cid" | "mc_eid")
}

/// `url` in the form two links to the same page share: scheme (http or https), `www.`,
/// fragment, default port, a trailing slash and tracking parameters do not matter. Text that
/// is no absolute URL is returned trimmed, as it is.
pub fn normalise(url: &str) -> String {
    let Ok(mut parsed) = Url::parse(url.trim()) else {
        return url.trim().to_owned();
    };
    parsed.set_fragment(None);
    let kept: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(key, _)| !is_tracking(key))
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect();
    if kept.is_empty() {
        parsed.set_query(None);
    } else {
        parsed.query_pairs_mut().clear().extend_pairs(kept);
    }
    let host = parsed.host_str().unwrap_or_default();
    let host = host
        .strip_prefix("www.")
        .unwrap_or(host)
        .to_ascii_lowercase();
    let port = parsed
        .port()
        .map(|port| format!(":{port}"))
        .unwrap_or_default();
    let path = parsed.path().trim_end_matches('/');
    let query = parsed
        .query()
        .map(|query| format!("?{query}"))
        .unwrap_or_default();
    format!("{host}{port}{path}{query}")
}

/// The library's stories by normalised source URL: their titles as the library shows them
/// and, once written, their files.
#[derive(Debug, Default, Clone)]
pub struct StoryIndex {
    by_url: HashMap<String, Story>,
}

#[derive(Debug, Clone)]
struct Story {
    title: String,
    /// The file, relative to the library; `None` for a story about to be written.
    path: Option<String>,
}

impl StoryIndex {
    /// Reads the title and `Source:` line of every visible `.txt` file below `library` (only
    /// the first few KB of each). Unreadable files are left out: they are not stories.
    pub fn scan(library: &Path) -> Self {
        let mut index = Self::default();
        let walk = walkdir::WalkDir::new(library)
            .into_iter()
            .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
        for entry in walk.flatten() {
            let is_article = entry.file_type().is_file()
                && entry.path().extension().is_some_and(|ext| ext == "txt");
            if !is_article {
                continue;
            }
            let Ok(file) = std::fs::File::open(entry.path()) else {
                continue;
            };
            let mut head = Vec::new();
            if file.take(HEADER_BYTES).read_to_end(&mut head).is_err() {
                continue;
            }
            if let Ok(parsed) = article::parse(&head)
                && let Some(source) = &parsed.article.origin.source
                && let Ok(relative) = entry.path().strip_prefix(library)
            {
                let path = relative.to_string_lossy().replace('\\', "/");
                index.insert(source, &parsed.article.title, Some(&path));
            }
        }
        index
    }

    /// Records that the story at `url` has `title` and is the file `path` (relative to the
    /// library), or is about to be written when `path` is `None`.
    pub fn insert(&mut self, url: &str, title: &str, path: Option<&str>) {
        let story = Story {
            title: title.to_owned(),
            path: path.map(str::to_owned),
        };
        self.by_url.insert(normalise(url), story);
    }

    /// The title of the story at `url`, when the library holds it (or is about to).
    pub fn title_of(&self, url: &str) -> Option<&str> {
        self.by_url
            .get(&normalise(url))
            .map(|story| story.title.as_str())
    }

    /// The file of the story at `url`, when one is written.
    pub fn path_of(&self, url: &str) -> Option<&str> {
        self.by_url
            .get(&normalise(url))
            .and_then(|story| story.path.as_deref())
    }

    pub fn len(&self) -> usize {
        self.by_url.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_url.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_to_one_page_normalise_alike() {
        let a = normalise("https://www.Example.com/news/a/?utm_source=x#top");
        assert_eq!(a, "example.com/news/a");
        assert_eq!(normalise("http://example.com/news/a"), a);
        assert_ne!(normalise("https://example.com/news/a?id=2"), a);
        assert_eq!(normalise(" not a url "), "not a url");
    }

    #[test]
    fn the_scan_finds_sources_in_visible_files_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("f")).unwrap();
        std::fs::create_dir_all(dir.path().join(".readmore")).unwrap();
        std::fs::write(
            dir.path().join("f/a.txt"),
            "Story A\nSource: https://ex.com/a\nBody.\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("f/b.txt"), "Story B\nBody.\n").unwrap();
        std::fs::write(
            dir.path().join(".readmore/c.txt"),
            "Hidden\nSource: https://ex.com/c\n",
        )
        .unwrap();
        let index = StoryIndex::scan(dir.path());
        assert_eq!(index.title_of("http://www.ex.com/a/"), Some("Story A"));
        assert_eq!(index.path_of("https://ex.com/a"), Some("f/a.txt"));
        assert_eq!(index.title_of("https://ex.com/c"), None);
        assert_eq!(index.len(), 1);
    }
}
