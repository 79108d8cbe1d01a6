//! The help overlay's lines and where they go on screen. Kept here, not in `ui`, because
//! scrolling the help (an `update`) must know how many lines there are at this size, and the
//! overlay draws exactly these lines.

use ratatui::layout::{Constraint, Flex, Layout, Rect};
use unicode_width::UnicodeWidthStr;

use super::component::{self, Component, Outcome};
use crate::app::action::{Command, Motion};
use crate::app::config::Config;
use crate::app::keymap::{Context, KeyMap};
use crate::domain::library::Library;
use crate::domain::worker::FetchEnd;

/// Descriptions are indented this much when they go under their keys.
const INDENT: usize = 4;
/// Files with a problem listed at the end of the help; `readmore check` lists them all.
const MAX_PROBLEMS: usize = 100;

/// The help overlay (`?`): every key, scrolled to line `scroll`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Help {
    scroll: usize,
}

impl Help {
    /// The help scrolled to line `scroll` (kept in range when laid out).
    pub fn at(scroll: usize) -> Self {
        Self { scroll }
    }

    /// The first line shown.
    pub fn scroll(self) -> usize {
        self.scroll
    }

    /// The help laid out on `screen`, ending with what the last fetch has to say and the
    /// library's problems.
    pub fn layout(self, cx: &component::Context, screen: Rect) -> HelpLayout {
        let appendices = [
            Appendix::last_fetch(cx.last_fetch),
            Appendix::problems(cx.library),
        ];
        layout(cx.config, &appendices, screen, self.scroll)
    }

    /// Scrolls by `delta` lines, kept in range.
    fn scroll_by(&mut self, delta: isize, cx: &component::Context) {
        let wanted = Self::at(self.scroll.saturating_add_signed(delta));
        self.scroll = wanted.layout(cx, cx.screen).scroll;
    }
}

impl Component for Help {
    fn keys(&self) -> Context {
        Context::Help
    }

    /// Scrolls with the movement keys (a page less one line of context) and closes.
    fn handle(&mut self, command: Command, cx: &component::Context) -> Outcome {
        let visible = self.layout(cx, cx.screen).visible();
        let page = isize::try_from(visible.saturating_sub(1).max(1)).unwrap_or(1);
        match command {
            Command::Close => return Outcome::Close,
            Command::Move(motion) => self.scroll_by(motion.rows(page, page / 2), cx),
            Command::ReadOn => self.scroll_by(Motion::PageDown.rows(page, page / 2), cx),
            _ => return Outcome::Ignored,
        }
        Outcome::Handled
    }
}

/// What a line of the help is, for its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpKind {
    /// Keys and what they do.
    Row,
    /// A section heading.
    Heading,
    /// A closing remark.
    Note,
}

/// One screen line of the help: keys (empty on continuation lines) and text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLine {
    pub kind: HelpKind,
    pub keys: String,
    pub text: String,
}

/// The help laid out for a screen: the popup, every line, and the part in view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLayout {
    pub popup: Rect,
    /// Width of the keys column; descriptions start after it and two spaces.
    pub keys_width: usize,
    pub lines: Vec<HelpLine>,
    /// The first line shown.
    pub scroll: usize,
}

impl HelpLayout {
    /// Lines that fit inside the popup's border.
    pub fn visible(&self) -> usize {
        usize::from(self.popup.height.saturating_sub(2))
    }

    /// The largest useful scroll.
    pub fn max_scroll(&self) -> usize {
        self.lines.len().saturating_sub(self.visible())
    }

    /// Whether lines are hidden below the popup.
    pub fn more_below(&self) -> bool {
        self.scroll + self.visible() < self.lines.len()
    }
}

/// The contexts the help lists, with their headings: the panes' keys, then the search line's.
const LISTED: &[(Context, Option<&str>)] = &[
    (Context::Panes, None),
    (Context::Search, Some("In a search line")),
];

/// Every entry of the help: (kind, keys, text), before fitting a width (the manual page's
/// KEYS section lists them too). They are the rows with help text of the listed contexts'
/// key tables.
pub fn entries(config: &Config) -> Vec<(HelpKind, String, String)> {
    let keymap = &config.keymap;
    let blank = || (HelpKind::Note, String::new(), String::new());
    let mut entries = Vec::new();
    for &(context, heading) in LISTED {
        if let Some(heading) = heading {
            entries.push(blank());
            entries.push((HelpKind::Heading, String::new(), heading.to_owned()));
        }
        if context == Context::Search {
            // What the line does with the keys its table does not take.
            entries.push((HelpKind::Row, "type".to_owned(), "the query".to_owned()));
        }
        entries.extend(listed_rows(keymap, context));
    }
    let first = |command: &Command| keymap.keys_for(command).first().map(ToString::to_string);
    let close = first(&Command::Help).map_or_else(String::new, |key| format!("{key} or "));
    entries.push(blank());
    entries.push((
        HelpKind::Note,
        String::new(),
        format!("{close}esc closes this help"),
    ));
    entries
}

/// The rows of `context`'s table that have help text, with their keys as the user has them.
pub fn listed_rows(
    keymap: &KeyMap,
    context: Context,
) -> impl Iterator<Item = (HelpKind, String, String)> {
    context.table().iter().filter_map(move |binding| {
        let help = binding.help?;
        let names: Vec<String> = match binding.commands {
            [command] => keymap
                .keys_in(context, command)
                .iter()
                .map(ToString::to_string)
                .collect(),
            // A group shows each member's first key: "1 2 3 … 9".
            group => group
                .iter()
                .map(|command| {
                    keymap
                        .keys_in(context, command)
                        .first()
                        .map_or_else(|| "-".to_owned(), ToString::to_string)
                })
                .collect(),
        };
        let names = if names.is_empty() {
            "(unbound)".to_owned()
        } else {
            names.join(" ")
        };
        Some((HelpKind::Row, names, help.to_owned()))
    })
}

/// The files of `library` that did not load cleanly, one line each (`path: reason`), as the
/// end of the help lists them: skipped files first, then warnings (a legacy encoding
/// guessed, bytes replaced), at most [`MAX_PROBLEMS`] of them.
pub fn problems(library: &Library) -> Vec<String> {
    let skipped = (library.skipped.iter()).map(|s| format!("{}: skipped: {}", s.path, s.reason));
    let warnings = (library.warnings.iter()).map(|w| format!("{}: {}", w.path, w.message));
    let total = library.skipped.len() + library.warnings.len();
    let mut lines: Vec<String> = skipped.chain(warnings).take(MAX_PROBLEMS).collect();
    if total > MAX_PROBLEMS {
        lines.push(format!(
            "… and {} more: `readmore check` lists them all",
            total - MAX_PROBLEMS
        ));
    }
    lines
}

/// A section after the keys: a heading and its lines (sanitised), such as the files that did
/// not load ([`problems`]); one without lines is left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appendix {
    pub heading: String,
    pub lines: Vec<String>,
}

impl Appendix {
    /// What the last fetch has to say, under its heading (nothing before the first fetch).
    pub fn last_fetch(last: Option<&FetchEnd>) -> Self {
        let (heading, lines) = super::fetch_report::notes(last);
        Self { heading, lines }
    }

    /// The files that did not load cleanly, under their heading.
    pub fn problems(library: &Library) -> Self {
        Self {
            heading: "Files that did not load cleanly".to_owned(),
            lines: problems(library),
        }
    }
}

/// The help for `screen`, scrolled to `scroll` (kept in range), ending with `appendices`.
pub fn layout(config: &Config, appendices: &[Appendix], screen: Rect, scroll: usize) -> HelpLayout {
    let entries = entries(config);
    let inner_width = usize::from(screen.width.saturating_sub(2));
    let widest_keys = entries.iter().map(|(_, k, _)| k.width()).max().unwrap_or(0);
    let widest_text = entries.iter().map(|(_, _, t)| t.width()).max().unwrap_or(0);
    // Side by side when every row fits (a space, keys, two spaces, text, a margin); else each
    // description goes under its keys, indented, wrapped if need be.
    let side_by_side = 1 + widest_keys + 2 + widest_text < inner_width;
    let mut lines = Vec::new();
    for (kind, keys, text) in entries {
        if side_by_side || kind != HelpKind::Row {
            lines.push(HelpLine { kind, keys, text });
            continue;
        }
        lines.push(HelpLine {
            kind,
            keys,
            text: String::new(),
        });
        let room = inner_width.saturating_sub(1 + INDENT).max(1);
        for part in textwrap::wrap(&text, room) {
            lines.push(HelpLine {
                kind,
                keys: String::new(),
                text: format!("{}{part}", " ".repeat(INDENT)),
            });
        }
    }
    // Wrapped to the screen, not widening the help past the key rows.
    let room = inner_width.saturating_sub(2).max(1);
    for appendix in appendices
        .iter()
        .filter(|appendix| !appendix.lines.is_empty())
    {
        lines.push(HelpLine {
            kind: HelpKind::Note,
            keys: String::new(),
            text: String::new(),
        });
        for part in textwrap::wrap(&appendix.heading, room) {
            lines.push(HelpLine {
                kind: HelpKind::Heading,
                keys: String::new(),
                text: part.into_owned(),
            });
        }
        for line in &appendix.lines {
            for part in textwrap::wrap(line, room) {
                lines.push(HelpLine {
                    kind: HelpKind::Note,
                    keys: String::new(),
                    text: part.into_owned(),
                });
            }
        }
    }
    let keys_width = if side_by_side { widest_keys } else { 0 };
    let content_width = lines
        .iter()
        .map(|line| 1 + line_width(line, keys_width) + 1)
        .max()
        .unwrap_or(0);
    let width = u16::try_from(content_width + 2)
        .unwrap_or(u16::MAX)
        .min(screen.width);
    let height = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(screen.height);
    let [popup] = Layout::horizontal([Constraint::Length(width)])
        .flex(Flex::Center)
        .areas(screen);
    let [popup] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(popup);
    let mut help = HelpLayout {
        popup,
        keys_width,
        lines,
        scroll: 0,
    };
    help.scroll = scroll.min(help.max_scroll());
    help
}

/// Columns of `line` after its leading space.
fn line_width(line: &HelpLine, keys_width: usize) -> usize {
    match (line.kind, line.keys.is_empty()) {
        (HelpKind::Row, false) if keys_width > 0 => keys_width + 2 + line.text.width(),
        (HelpKind::Row, false) => line.keys.width(),
        _ => line.text.width(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_text(help: &HelpLayout) -> String {
        help.lines
            .iter()
            .map(|line| format!("{} {}", line.keys, line.text.trim()))
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn every_binding_is_in_the_help_at_any_width() {
        for width in [40, 80, 200] {
            let help = layout(&Config::default(), &[], Rect::new(0, 0, width, 12), 0);
            let text = all_text(&help);
            for binding in crate::app::keymap::PANES {
                let help = binding.help.unwrap();
                let first_word = help.split(' ').next().unwrap();
                assert!(text.contains(first_word), "{width}: {help:?}");
            }
            assert!(text.contains("esc closes this help"));
            assert!(usize::from(help.popup.width) <= usize::from(width));
        }
    }

    #[test]
    fn scroll_is_kept_in_range_and_more_below_says_when_lines_are_hidden() {
        let screen = Rect::new(0, 0, 80, 24);
        let top = layout(&Config::default(), &[], screen, 0);
        assert!(top.more_below(), "the help is longer than 24 rows");
        let bottom = layout(&Config::default(), &[], screen, usize::MAX);
        assert_eq!(bottom.scroll, bottom.max_scroll());
        assert!(!bottom.more_below());
        let tall = layout(&Config::default(), &[], Rect::new(0, 0, 80, 200), 5);
        assert_eq!(tall.scroll, 0, "nothing to scroll when it all fits");
    }

    #[test]
    fn files_with_problems_end_the_help_wrapped_to_the_screen() {
        let library = Library::of_texts(&[("a.txt", "A\nText.")]);
        assert!(
            problems(&library).is_empty(),
            "a clean library lists nothing"
        );
        let problems = vec![format!(
            "sport/199.txt: not UTF-8: read as windows-1252 {}",
            "(guessed) ".repeat(8)
        )];
        let appendix = Appendix {
            heading: "Files that did not load cleanly".to_owned(),
            lines: problems,
        };
        let help = layout(
            &Config::default(),
            &[appendix],
            Rect::new(0, 0, 40, 12),
            usize::MAX,
        );
        let text = all_text(&help);
        assert!(text.contains("Files that did not load cleanly"), "{text}");
        assert!(text.contains("sport/199.txt: not UTF-8"), "{text}");
        assert!(
            help.lines.iter().all(|line| line.text.width() <= 38),
            "wrapped: {text}"
        );
        let bottom = help.lines.last().unwrap();
        assert!(
            bottom.text.contains("(guessed)"),
            "the problem ends the help"
        );
    }
}
