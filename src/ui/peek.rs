//! The peek popup: the selected link's story over the lower part of the reader (or its upper
//! part when the selected link is down there), so the open article stays where it was.
//!
//! ```text
//! │ Read More: Rally in Pyongyang                   │
//! │┌ Peek ─────────────────────────────────────────┐│
//! ││ Rally in Pyongyang                            ││
//! ││ 2 links · 1 backlink · world/rally.txt        ││
//! ││ Thousands gathered in the square on Sunday…   ││
//! │└────────────────────────────────── p:peek off ┘│
//! ```

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Padding, Paragraph, Widget};

use super::style::Styles;
use super::text::truncate;
use crate::app::App;
use crate::app::action::Command;
use crate::app::geometry::inner;
use crate::app::related::peek::{Closest, PeekCard};
use crate::domain::plural::counted;
use crate::domain::sanitize::one_line;
use crate::domain::wrap::LineKind;

/// The popup never takes less than this many rows (with its border) when the pane has them.
const MIN_HEIGHT: u16 = 5;

/// Draws `card` over the reading pane `pane`.
pub fn render(app: &App, card: &PeekCard, styles: &Styles, pane: Rect, buf: &mut Buffer) {
    let area = inner(pane);
    if area.height < 3 || area.width < 8 {
        return;
    }
    // Inside the popup's border and a column of padding each side.
    let lines = card_lines(app, card, styles, usize::from(area.width.saturating_sub(4)));
    let needed = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let popup = place(area, needed, selected_rows(app, area));
    Clear.render(popup, buf);
    let mut block = Block::bordered()
        .title(" Peek ")
        .padding(Padding::horizontal(1))
        .border_style(styles.border_focused);
    if let Some(key) = app.config.keymap.keys_for(&Command::TogglePeek).first() {
        block = block.title_bottom(Line::from(format!(" {key}:peek off ")).right_aligned());
    }
    let inside = block.inner(popup);
    block.render(popup, buf);
    Paragraph::new(lines).render(inside, buf);
}

/// The popup's place in the reader's inside `area`: `needed` rows (at least a few, at most
/// half the pane) against the bottom, or against the top when that would cover the selected
/// link's screen rows `avoid` and the top would not.
fn place(area: Rect, needed: u16, avoid: Option<(u16, u16)>) -> Rect {
    let most = (area.height / 2).max(MIN_HEIGHT).min(area.height);
    let height = needed.clamp(MIN_HEIGHT.min(most), most);
    let bottom = Rect {
        y: area.bottom() - height,
        height,
        ..area
    };
    let top = Rect { height, ..area };
    let covers = |popup: Rect, (first, last): (u16, u16)| first < popup.bottom() && last >= popup.y;
    match avoid {
        Some(rows) if covers(bottom, rows) && !covers(top, rows) => top,
        _ => bottom,
    }
}

/// The screen rows of the selected link in the reader, first and last, if it is in view.
fn selected_rows(app: &App, area: Rect) -> Option<(u16, u16)> {
    let link = app.selected_link()?;
    let wrapped = app.reader.wrapped()?;
    let scroll = app.reader.scroll().0;
    let shown = (wrapped.lines.iter().enumerate())
        .skip(scroll)
        .take(usize::from(area.height));
    let mut rows = shown
        .filter(|(_, line)| line.kind == LineKind::Link(link))
        .filter_map(|(index, _)| u16::try_from(index - scroll).ok());
    let first = rows.next()?;
    let last = rows.next_back().unwrap_or(first);
    Some((area.y + first, area.y + last))
}

/// The card's lines for `width` columns: what it is, then its text or the closest titles.
fn card_lines<'a>(
    app: &'a App,
    card: &'a PeekCard,
    styles: &Styles,
    width: usize,
) -> Vec<Line<'a>> {
    match card {
        PeekCard::Story {
            id,
            outgoing,
            dangling,
            backlinks,
            paragraph,
        } => {
            let entry = app.library.get(*id);
            let mut links = counted(*outgoing, "link", "links");
            if *dangling > 0 {
                links.push_str(&format!(" ({dangling} not in library)"));
            }
            // The counts first: a long path is what gets cut.
            let about = format!(
                "{links} · {} · {}",
                counted(*backlinks, "backlink", "backlinks"),
                entry.path()
            );
            let mut lines = vec![
                Line::styled(truncate(entry.title(), width), styles.heading),
                Line::styled(truncate(&about, width), styles.muted),
            ];
            match paragraph {
                Ok(text) if text.is_empty() => {
                    lines.push(Line::styled("(no paragraph)", styles.muted));
                }
                Ok(text) => lines.extend(
                    textwrap::wrap(text, width.max(1))
                        .into_iter()
                        .map(|line| Line::raw(line.into_owned())),
                ),
                // The reason comes from the file system: sanitised like any outside text.
                Err(error) => lines.push(Line::styled(
                    truncate(&format!("could not be read: {}", one_line(error)), width),
                    styles.dangling,
                )),
            }
            lines
        }
        PeekCard::Missing { name, closest } => {
            let mut lines = vec![
                Line::styled(truncate(&format!("✗ {name}"), width), styles.dangling),
                Line::styled(
                    truncate("not in library; closest titles:", width),
                    styles.muted,
                ),
            ];
            match closest {
                Closest::Finding(_) => {
                    lines.push(Line::styled("finding closest titles…", styles.muted));
                }
                Closest::Found(ids) if ids.is_empty() => {
                    lines.push(Line::styled("no title comes close", styles.muted));
                }
                Closest::Found(ids) => lines.extend(ids.iter().map(|&id| {
                    Line::raw(truncate(
                        &format!("  {}", app.library.get(id).title()),
                        width,
                    ))
                })),
            }
            lines
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PANE: Rect = Rect::new(10, 2, 60, 20);

    #[test]
    fn the_popup_sits_at_the_bottom_and_takes_at_most_half_the_pane() {
        assert_eq!(place(PANE, 7, None), Rect::new(10, 15, 60, 7));
        assert_eq!(place(PANE, 40, None), Rect::new(10, 12, 60, 10));
        assert_eq!(
            place(PANE, 2, None),
            Rect::new(10, 17, 60, 5),
            "a few rows at least"
        );
    }

    #[test]
    fn the_popup_moves_to_the_top_rather_than_cover_the_selected_link() {
        assert_eq!(place(PANE, 7, Some((16, 17))), Rect::new(10, 2, 60, 7));
        assert_eq!(place(PANE, 7, Some((5, 5))), Rect::new(10, 15, 60, 7));
    }

    #[test]
    fn a_link_as_tall_as_the_pane_leaves_the_popup_at_the_bottom() {
        assert_eq!(place(PANE, 7, Some((2, 21))), Rect::new(10, 15, 60, 7));
    }

    #[test]
    fn a_short_pane_gets_a_popup_that_fits() {
        let short = Rect::new(0, 0, 30, 4);
        assert_eq!(place(short, 9, None), Rect::new(0, 0, 30, 4));
    }
}
