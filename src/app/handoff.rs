//! Hand-offs: work the terminal layer does for the app — running the pager or the editor on an
//! article's file, or putting text on the clipboard. The app only asks (it never touches the
//! terminal); the event loop takes the request after `update` and carries it out.

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
}

impl App {
    /// The hand-off asked for by the last action, if any, leaving none behind.
    pub fn take_handoff(&mut self) -> Option<Handoff> {
        self.handoff.take()
    }

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
        self.handoff = Some(Handoff::Clipboard(crate::sanitize::sanitize(&text)));
        self.message = Some(if escaped {
            "copied the path as shown (escaped: the real name holds unsafe characters)".to_owned()
        } else {
            format!("copied the {what}")
        });
    }
}
