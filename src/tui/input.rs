//! Terminal input: the thread that reads it, and the mapping of terminal events to actions,
//! which depends on the mode: the search line takes printable keys, the help overlay only
//! closes, everything else goes through the key map.

use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers, MouseEventKind};

use super::Message;
use crate::app::config::Config;
use crate::app::keymap::Key;
use crate::app::{Action, App, Mode};

/// How long the reader thread waits for input before it looks at its gate again.
const POLL: Duration = Duration::from_millis(50);

/// Lets the event loop take the terminal's input away from the reader thread while another
/// program (the pager, the editor) reads it: otherwise the thread would steal its keys.
#[derive(Clone, Default)]
pub struct InputGate(Arc<(Mutex<Gate>, Condvar)>);

#[derive(Default)]
struct Gate {
    /// The event loop asked the thread to stop reading.
    paused: bool,
    /// The thread is not reading (waiting at the gate, or gone).
    idle: bool,
}

impl InputGate {
    fn lock(&self) -> MutexGuard<'_, Gate> {
        self.0.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Stops the reader thread, returning once it reads no more (within one poll).
    pub fn pause(&self) {
        let mut gate = self.lock();
        gate.paused = true;
        while !gate.idle {
            gate = self.0.1.wait(gate).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Lets the reader thread read again.
    pub fn resume(&self) {
        self.lock().paused = false;
        self.0.1.notify_all();
    }

    /// Waits here while paused (saying so, so that `pause` can return).
    fn pass(&self) {
        let mut gate = self.lock();
        if gate.paused {
            gate.idle = true;
            self.0.1.notify_all();
            while gate.paused {
                gate = self.0.1.wait(gate).unwrap_or_else(PoisonError::into_inner);
            }
            gate.idle = false;
        }
    }

    /// The thread is gone: nobody needs to wait for it any more.
    fn close(&self) {
        self.lock().idle = true;
        self.0.1.notify_all();
    }
}

/// Reads terminal events on their own thread. crossterm's blocking read spins forever once the
/// terminal is gone (it retries a read that returns end-of-file); reading elsewhere keeps the
/// loop free to notice SIGHUP and exit, which ends that thread with the process. The thread
/// polls rather than blocks, so that `gate` can stop it between two polls.
pub fn spawn_reader(sender: Sender<Message>, gate: InputGate) {
    std::thread::spawn(move || {
        loop {
            gate.pass();
            let event = match event::poll(POLL) {
                Ok(false) => continue,
                Ok(true) => event::read(),
                Err(err) => Err(err),
            };
            let failed = event.is_err();
            if sender.send(Message::Input(event)).is_err() || failed {
                break;
            }
        }
        gate.close();
    });
}

/// Whether `event` asks to quit while the library is still loading (a quit key or `esc`).
pub fn is_quit(config: &Config, event: &Event) -> bool {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            key.code == KeyCode::Esc
                || config.keymap.action(Key::from_event(*key)) == Some(Action::Quit)
        }
        _ => false,
    }
}

/// Drops every resize of a burst but the last: each one re-wraps the open article (seconds
/// for a 16 MB one) and only the last size matters. The loop also checks the real size
/// before drawing, so a size that crossterm never reported still wins.
pub fn coalesce_resizes(burst: Vec<Message>) -> Vec<Message> {
    let is_resize = |message: &Message| matches!(message, Message::Input(Ok(Event::Resize(..))));
    let last = burst.iter().rposition(is_resize);
    burst
        .into_iter()
        .enumerate()
        .filter(|(index, message)| !is_resize(message) || Some(*index) == last)
        .map(|(_, message)| message)
        .collect()
}

/// Whether `event` is ctrl-z, which a raw-mode terminal delivers as a key instead of SIGTSTP:
/// it suspends the reader as in any shell job, unless the key map binds it to something else.
pub fn is_suspend(app: &App, event: &Event) -> bool {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            let key = Key::from_event(*key);
            key.code == KeyCode::Char('z')
                && key.modifiers == KeyModifiers::CONTROL
                && app.config.keymap.action(key).is_none()
        }
        _ => false,
    }
}

/// The action a terminal event asks for, if any.
pub fn action_for(app: &App, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            let key = Key::from_event(*key);
            match app.mode {
                Mode::Search(_) | Mode::Find(_) => search_key(app, key),
                Mode::Help { .. } => help_key(app, key),
                Mode::Trail { .. } => trail_key(app, key),
                Mode::Map(_) => map_key(app, key),
                Mode::Confirm(_) => confirm_key(app, key),
                Mode::Normal => normal_key(app, key),
            }
        }
        Event::Paste(text) if matches!(app.mode, Mode::Search(_) | Mode::Find(_)) => {
            Some(Action::SearchPaste(text.clone()))
        }
        Event::Mouse(mouse) => {
            let (column, row) = (mouse.column, mouse.row);
            match mouse.kind {
                MouseEventKind::Down(_) => Some(Action::Click { column, row }),
                MouseEventKind::ScrollDown => Some(Action::Scroll {
                    column,
                    row,
                    down: true,
                }),
                MouseEventKind::ScrollUp => Some(Action::Scroll {
                    column,
                    row,
                    down: false,
                }),
                _ => None,
            }
        }
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    }
}

/// Keys over the panes, through the key map: a plain quit key backs out first when
/// `q_backs_out` is set and something is open; a key bound to nothing says so.
fn normal_key(app: &App, key: Key) -> Option<Action> {
    match app.config.keymap.action(key) {
        Some(Action::Quit)
            if app.config.q_backs_out
                && !key.modifiers.contains(KeyModifiers::CONTROL)
                && app.backs_out_before_quitting() =>
        {
            Some(Action::BackOut)
        }
        Some(action) => Some(action),
        None => Some(Action::Unbound(key.to_string())),
    }
}

/// A y/n question: `y` says yes, a quit key with ctrl still quits, any other key says no.
fn confirm_key(app: &App, key: Key) -> Option<Action> {
    match key.code {
        KeyCode::Char('y' | 'Y') if !key.modifiers.contains(KeyModifiers::CONTROL) => {
            Some(Action::Answer(true))
        }
        _ if key.modifiers.contains(KeyModifiers::CONTROL)
            && app.config.keymap.action(key) == Some(Action::Quit) =>
        {
            Some(Action::Quit)
        }
        _ => Some(Action::Answer(false)),
    }
}

fn search_key(app: &App, key: Key) -> Option<Action> {
    let plain = key.modifiers.difference(KeyModifiers::SHIFT).is_empty();
    match key.code {
        KeyCode::Esc => Some(Action::SearchCancel),
        KeyCode::Enter => Some(Action::SearchAccept),
        KeyCode::Up => Some(Action::Up),
        KeyCode::Down => Some(Action::Down),
        KeyCode::PageUp => Some(Action::PageUp),
        KeyCode::PageDown => Some(Action::PageDown),
        KeyCode::Backspace => Some(Action::SearchDeleteChar),
        KeyCode::Char('w') if key.modifiers == KeyModifiers::CONTROL => {
            Some(Action::SearchDeleteWord)
        }
        KeyCode::Char(c) if plain => Some(Action::SearchInput(c)),
        // Other keys with ctrl or alt (ctrl-c above all) keep a quit binding, so quitting
        // works from the search line too.
        _ => app
            .config
            .keymap
            .action(key)
            .filter(|action| *action == Action::Quit),
    }
}

/// In the help overlay, `esc`, the help key and a plain quit key (`q`) close it, as in `less`;
/// a quit key with ctrl (`ctrl-c`) still quits; the movement keys scroll it.
fn help_key(app: &App, key: Key) -> Option<Action> {
    use Action::*;
    let scroll = [
        Down,
        Up,
        PageDown,
        PageUp,
        HalfPageDown,
        HalfPageUp,
        ReadOn,
        Top,
        Bottom,
    ];
    overlay_key(app, key, Help, &scroll)
}

/// In the history list, `esc`, `T` and a plain quit key close it; a quit key with ctrl still
/// quits; the movement keys move the selection and `enter` jumps to it.
fn trail_key(app: &App, key: Key) -> Option<Action> {
    use Action::*;
    overlay_key(
        app,
        key,
        Trail,
        &[Down, Up, PageDown, PageUp, Top, Bottom, Open],
    )
}

/// In the link map, `esc`, `M` and a plain quit key close it; a quit key with ctrl still
/// quits; the movement keys move the selection and `enter` opens the selected story.
fn map_key(app: &App, key: Key) -> Option<Action> {
    use Action::*;
    let moves = [
        Down,
        Up,
        PageDown,
        PageUp,
        HalfPageDown,
        HalfPageUp,
        Top,
        Bottom,
        Open,
    ];
    overlay_key(app, key, LinkMap, &moves)
}

/// The keys of an overlay that `close` toggles: `esc`, its own key and a plain quit key give
/// `close`, a quit key with ctrl still quits, the actions in `passes` go through, and every
/// other key does nothing.
fn overlay_key(app: &App, key: Key, close: Action, passes: &[Action]) -> Option<Action> {
    if key.code == KeyCode::Esc {
        return Some(close);
    }
    match app.config.keymap.action(key)? {
        Action::Quit if key.modifiers.contains(KeyModifiers::CONTROL) => Some(Action::Quit),
        action if action == Action::Quit || action == Action::BackOut || action == close => {
            Some(close)
        }
        action if passes.contains(&action) => Some(action),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use ratatui::crossterm::event::KeyEvent;

    use super::*;

    fn key(c: char) -> Message {
        Message::Input(Ok(Event::Key(KeyEvent::from(KeyCode::Char(c)))))
    }

    fn resize(width: u16, height: u16) -> Message {
        Message::Input(Ok(Event::Resize(width, height)))
    }

    /// A short picture of a message, to compare bursts.
    fn shape(message: &Message) -> String {
        match message {
            Message::Input(Ok(Event::Resize(width, height))) => format!("{width}x{height}"),
            Message::Input(Ok(Event::Key(key))) => key.code.to_string(),
            Message::Changed(paths) => format!("changed {}", paths.len()),
            _ => "other".to_owned(),
        }
    }

    fn app(config: Config) -> App {
        let article = crate::domain::article::parse(b"One\nRead More: Two")
            .unwrap()
            .article;
        let library =
            crate::domain::library::Library::from_articles(vec![("1.txt".to_owned(), article)]);
        App::new(
            library,
            config,
            false,
            ratatui::layout::Rect::new(0, 0, 80, 24),
        )
    }

    fn press(app: &App, code: KeyCode, modifiers: KeyModifiers) -> Option<Action> {
        action_for(app, &Event::Key(KeyEvent::new(code, modifiers)))
    }

    #[test]
    fn arrows_and_h_l_move_the_focus_and_an_unbound_key_says_so() {
        let app = app(Config::default());
        let none = KeyModifiers::NONE;
        assert_eq!(
            press(&app, KeyCode::Char('l'), none),
            Some(Action::FocusNext)
        );
        assert_eq!(press(&app, KeyCode::Right, none), Some(Action::FocusNext));
        assert_eq!(
            press(&app, KeyCode::Char('h'), none),
            Some(Action::FocusPrev)
        );
        assert_eq!(press(&app, KeyCode::Left, none), Some(Action::FocusPrev));
        assert_eq!(press(&app, KeyCode::Esc, none), Some(Action::BackOut));
        assert_eq!(
            press(&app, KeyCode::Char('x'), none),
            Some(Action::Unbound("x".to_owned()))
        );
        assert_eq!(
            press(&app, KeyCode::Char('x'), KeyModifiers::CONTROL),
            Some(Action::Unbound("ctrl-x".to_owned()))
        );
    }

    #[test]
    fn q_backs_out_first_only_when_the_setting_says_so() {
        let none = KeyModifiers::NONE;
        let mut app = app(Config::default());
        app.update(Action::FocusNext);
        assert_eq!(press(&app, KeyCode::Char('q'), none), Some(Action::Quit));
        let mut app = self::app(Config {
            q_backs_out: true,
            ..Config::default()
        });
        assert_eq!(
            press(&app, KeyCode::Char('q'), none),
            Some(Action::Quit),
            "from the list, q quits"
        );
        app.update(Action::FocusNext);
        assert_eq!(press(&app, KeyCode::Char('q'), none), Some(Action::BackOut));
        assert_eq!(
            press(&app, KeyCode::Char('c'), KeyModifiers::CONTROL),
            Some(Action::Quit),
            "ctrl-c quits from anywhere"
        );
        app.update(Action::BackOut);
        assert_eq!(press(&app, KeyCode::Char('q'), none), Some(Action::Quit));
    }

    #[test]
    fn a_question_takes_y_as_yes_and_any_other_key_as_no() {
        let mut app = app(Config::default());
        app.update(Action::CatchUp);
        let none = KeyModifiers::NONE;
        assert_eq!(
            press(&app, KeyCode::Char('y'), none),
            Some(Action::Answer(true))
        );
        assert_eq!(
            press(&app, KeyCode::Char('n'), none),
            Some(Action::Answer(false))
        );
        assert_eq!(press(&app, KeyCode::Esc, none), Some(Action::Answer(false)));
        assert_eq!(
            press(&app, KeyCode::Char('c'), KeyModifiers::CONTROL),
            Some(Action::Quit)
        );
    }

    #[test]
    fn a_burst_of_resizes_applies_only_the_last_one() {
        let mut burst: Vec<Message> = (0..20).map(|n| resize(80 + n, 24)).collect();
        burst.insert(5, key('j'));
        burst.push(Message::Changed(vec![PathBuf::from("a.txt")]));
        burst.push(key('k'));
        let kept: Vec<String> = coalesce_resizes(burst).iter().map(shape).collect();
        assert_eq!(kept, ["j", "99x24", "changed 1", "k"]);
    }

    #[test]
    fn a_burst_without_resizes_is_kept_whole() {
        let kept: Vec<String> = coalesce_resizes(vec![key('a'), resize(10, 5), key('b')])
            .iter()
            .map(shape)
            .collect();
        assert_eq!(kept, ["a", "10x5", "b"]);
    }
}
