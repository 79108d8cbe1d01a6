//! Hand-offs: work the terminal layer does for the app — running the pager or the editor on an
//! article's file, or putting text on the clipboard. The app only asks (it never touches the
//! terminal); `update` returns the request among its effects and the event loop carries it out.

use std::path::PathBuf;

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

/// Whether `url` is an http or https address with nothing a browser could take for an option
/// or a second argument: it starts with the scheme, and holds no space or control character.
/// A `Source:` line is the file's text, which anyone may have written.
pub(super) fn is_web_address(url: &str) -> bool {
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
