//! Hand-offs: work the terminal layer does for the app — running the pager or the editor on an
//! article's file, or putting text on the clipboard. The app only asks (it never touches the
//! terminal); `update` returns the request among its effects and the event loop carries it out.

use std::path::PathBuf;

use super::state::App;

/// What the terminal layer is asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handoff {
    /// Show this file in the user's pager, giving it the terminal until it quits.
    Pager(PathBuf),
    /// Open this file in the user's editor.
    Editor(PathBuf),
    /// Put this text (already sanitised) on the clipboard.
    Clipboard(String),
    /// Open this http(s) address in the user's browser, which runs on its own: the terminal
    /// stays the reader's.
    Browser(String),
}

impl App {
    /// Asks for article `id`'s file in the pager or the editor: its real name, byte for byte
    /// (only the screen shows the visible form).
    pub(super) fn hand_off_file(&mut self, to: fn(PathBuf) -> Handoff) {
        if let Some(id) = self.marked_article() {
            self.handoff = Some(to(self.library.file(id)));
        }
    }

    /// Asks for the title (`path == false`) or the path of the article `y`/`Y` act on to be
    /// copied, and says so.
    pub(super) fn copy(&mut self, path: bool) {
        let Some(id) = self.marked_article() else {
            return;
        };
        let entry = self.library.get(id);
        // A name with controls or invisible characters is copied as shown, escaped: pasted
        // into a shell, a newline in it would run what follows.
        let escaped = path && self.library.relative(id) != entry.path.as_bytes();
        let (text, what) = if path {
            (entry.path.clone(), "path")
        } else {
            (entry.title.clone(), "title")
        };
        self.handoff = Some(Handoff::Clipboard(crate::domain::sanitize::sanitize(&text)));
        self.message = Some(if escaped {
            "copied the path as shown (escaped: the real name holds unsafe characters)".to_owned()
        } else {
            format!("copied the {what}")
        });
    }

    /// Asks for the source page of the article `w` acts on to be opened in the browser; says
    /// why not when it has none, or one that is not a web address.
    pub(super) fn open_source(&mut self) {
        let Some(id) = self.marked_article() else {
            return;
        };
        let shown = (self.reader.wrapped.as_ref()).filter(|wrapped| wrapped.article == id);
        let source = match shown {
            Some(wrapped) => wrapped.source.clone(),
            // The header is at the top: a head of the story holds it.
            None => (self.library.body_head(id, 0).ok())
                .and_then(|article| article.origin.source.clone()),
        };
        match source {
            None => self.message = Some("this story has no source page (no Source: line)".into()),
            Some(url) if !is_web_address(&url) => {
                self.message = Some(format!("not a web address, not opened: {url}"));
            }
            Some(url) => {
                self.message = Some(format!("opening {url}"));
                self.handoff = Some(Handoff::Browser(url));
            }
        }
    }
}

/// Whether `url` is an http or https address with nothing a browser could take for an option
/// or a second argument: it starts with the scheme, and holds no space or control character.
/// A `Source:` line is the file's text, which anyone may have written.
fn is_web_address(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && url.len() > lower.find("//").map_or(0, |at| at + 2)
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::is_web_address;

    #[test]
    fn only_plain_http_and_https_addresses_are_opened() {
        assert!(is_web_address("https://ex.com/a?b=c#d"));
        assert!(is_web_address("HTTP://ex.com/"));
        for bad in [
            "--new-window=evil",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "https://",
            "https://ex.com/a b",
            "ex.com/a",
            "",
        ] {
            assert!(!is_web_address(bad), "{bad:?}");
        }
    }
}
