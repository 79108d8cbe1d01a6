//! Terminal input: the thread that reads it, and crossterm's events turned into the app's
//! messages (its own key type, clicks, pastes, resizes). What a key means is the app's to say.

use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use ratatui::crossterm::event::{self, Event, KeyEventKind, MouseEventKind};

use super::Message;
use crate::app::config::Config;
use crate::app::key::{Key, KeyCode, KeyModifiers};
use crate::app::{App, Event as AppEvent, Input, Msg};

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
    key_of(event).is_some_and(|key| config.keymap.quits_while_loading(key))
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
    key_of(event).is_some_and(|key| app.config.keymap.suspends(key))
}

/// The message a terminal event is for the app, if any: what it means is the app's to say.
pub fn msg_for(event: &Event) -> Option<Msg> {
    match event {
        Event::Key(_) => key_of(event).map(|key| Msg::Input(Input::Key(key))),
        Event::Paste(text) => Some(Msg::Input(Input::Paste(text.clone()))),
        Event::Mouse(mouse) => {
            let (column, row) = (mouse.column, mouse.row);
            let input = match mouse.kind {
                MouseEventKind::Down(_) => Input::Click { column, row },
                MouseEventKind::ScrollDown => Input::Scroll {
                    column,
                    row,
                    down: true,
                },
                MouseEventKind::ScrollUp => Input::Scroll {
                    column,
                    row,
                    down: false,
                },
                _ => return None,
            };
            Some(Msg::Input(input))
        }
        Event::Resize(width, height) => Some(Msg::Event(AppEvent::Resize {
            width: *width,
            height: *height,
        })),
        _ => None,
    }
}

/// The app's key for a key press (not a release), if the app has a name for that key.
fn key_of(event: &Event) -> Option<Key> {
    let Event::Key(key) = event else {
        return None;
    };
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let code = match key.code {
        event::KeyCode::Char(c) => KeyCode::Char(c),
        event::KeyCode::F(n) => KeyCode::F(n),
        event::KeyCode::Enter => KeyCode::Enter,
        event::KeyCode::Esc => KeyCode::Esc,
        event::KeyCode::Tab => KeyCode::Tab,
        event::KeyCode::BackTab => KeyCode::BackTab,
        event::KeyCode::Backspace => KeyCode::Backspace,
        event::KeyCode::Up => KeyCode::Up,
        event::KeyCode::Down => KeyCode::Down,
        event::KeyCode::Left => KeyCode::Left,
        event::KeyCode::Right => KeyCode::Right,
        event::KeyCode::Home => KeyCode::Home,
        event::KeyCode::End => KeyCode::End,
        event::KeyCode::PageUp => KeyCode::PageUp,
        event::KeyCode::PageDown => KeyCode::PageDown,
        event::KeyCode::Delete => KeyCode::Delete,
        event::KeyCode::Insert => KeyCode::Insert,
        _ => return None,
    };
    let mut modifiers = KeyModifiers::NONE;
    for (theirs, ours) in [
        (event::KeyModifiers::SHIFT, KeyModifiers::SHIFT),
        (event::KeyModifiers::CONTROL, KeyModifiers::CONTROL),
        (event::KeyModifiers::ALT, KeyModifiers::ALT),
    ] {
        modifiers.set(ours, key.modifiers.contains(theirs));
    }
    Some(Key::new(code, modifiers))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use ratatui::crossterm::event::{KeyCode, KeyEvent};

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
