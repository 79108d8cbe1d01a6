//! Hand-offs asked of the terminal layer: the pager, the editor, the clipboard, the browser.

use super::App;
use crate::app::handoff::{Handoff, is_web_address};
use std::path::PathBuf;

impl App {
    /// Asks for article `id`'s file in the pager or the editor: its real name, byte for byte
    /// (only the screen shows the visible form).
    pub(in crate::app) fn hand_off_file(&mut self, to: fn(PathBuf) -> Handoff) {
        if let Some(id) = self.marked_article() {
            self.handoff = Some(to(self.library.file(id)));
        }
    }

    /// Asks for the title (`path == false`) or the path of the article `y`/`Y` act on to be
    /// copied, and says so.
    pub(in crate::app) fn copy(&mut self, path: bool) {
        let Some(id) = self.marked_article() else {
            return;
        };
        let entry = self.library.get(id);
        // A name with controls or invisible characters is copied as shown, escaped: pasted
        // into a shell, a newline in it would run what follows.
        let escaped = path && self.library.relative(id) != entry.path().as_bytes();
        let (text, what) = if path {
            (entry.path().to_owned(), "path")
        } else {
            (entry.title().to_owned(), "title")
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
    pub(in crate::app) fn open_source(&mut self) {
        let Some(id) = self.marked_article() else {
            return;
        };
        let shown = (self.reader.wrapped()).filter(|wrapped| wrapped.article == id);
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
