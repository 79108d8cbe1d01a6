use super::*;
use crate::action::Input;
use crate::config::Config;

fn app(config: Config) -> App {
    let article = crate::article::parse(b"One\nRead More: Two")
        .unwrap()
        .article;
    let library = crate::library::Library::from_articles(vec![("1.txt".to_owned(), article)]);
    App::new(
        library,
        config,
        false,
        ratatui::layout::Rect::new(0, 0, 80, 24),
    )
}

fn press(app: &App, code: KeyCode, modifiers: KeyModifiers) -> Option<Command> {
    app.command_for(Key::new(code, modifiers))
}

#[test]
fn arrows_and_h_l_move_the_focus_and_an_unbound_key_says_so() {
    let app = app(Config::default());
    let none = KeyModifiers::NONE;
    assert_eq!(
        press(&app, KeyCode::Char('l'), none),
        Some(Command::FocusNext)
    );
    assert_eq!(press(&app, KeyCode::Right, none), Some(Command::FocusNext));
    assert_eq!(
        press(&app, KeyCode::Char('h'), none),
        Some(Command::FocusPrev)
    );
    assert_eq!(press(&app, KeyCode::Left, none), Some(Command::FocusPrev));
    assert_eq!(press(&app, KeyCode::Esc, none), Some(Command::BackOut));
    assert_eq!(press(&app, KeyCode::Char('x'), none), None);
    assert_eq!(press(&app, KeyCode::Char('x'), KeyModifiers::CONTROL), None);
    let mut app = app;
    app.update(Input::Key(Key::new(
        KeyCode::Char('x'),
        KeyModifiers::CONTROL,
    )));
    assert_eq!(
        app.message.as_deref(),
        Some("ctrl-x is not bound — ? for help")
    );
}

#[test]
fn q_backs_out_first_only_when_the_setting_says_so() {
    let none = KeyModifiers::NONE;
    let mut app = app(Config::default());
    app.update(Command::FocusNext);
    assert_eq!(press(&app, KeyCode::Char('q'), none), Some(Command::Quit));
    let mut app = self::app(Config {
        q_backs_out: true,
        ..Config::default()
    });
    assert_eq!(
        press(&app, KeyCode::Char('q'), none),
        Some(Command::Quit),
        "from the list, q quits"
    );
    app.update(Command::FocusNext);
    assert_eq!(
        press(&app, KeyCode::Char('q'), none),
        Some(Command::BackOut)
    );
    assert_eq!(
        press(&app, KeyCode::Char('c'), KeyModifiers::CONTROL),
        Some(Command::Quit),
        "ctrl-c quits from anywhere"
    );
    app.update(Command::BackOut);
    assert_eq!(press(&app, KeyCode::Char('q'), none), Some(Command::Quit));
}

#[test]
fn a_question_takes_y_as_yes_and_any_other_key_as_no() {
    let mut app = app(Config::default());
    app.update(Command::CatchUp);
    let none = KeyModifiers::NONE;
    assert_eq!(press(&app, KeyCode::Char('y'), none), Some(Command::Yes));
    assert_eq!(press(&app, KeyCode::Char('n'), none), Some(Command::No));
    assert_eq!(press(&app, KeyCode::Esc, none), Some(Command::No));
    assert_eq!(
        press(&app, KeyCode::Char('c'), KeyModifiers::CONTROL),
        Some(Command::Quit)
    );
}
