use super::*;
use crate::app::action::Input;
use crate::app::config::Config;
use crate::app::keymap::Context;

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
    assert_eq!(
        press(&app, KeyCode::Char('c'), KeyModifiers::CONTROL),
        Some(Command::Quit)
    );
    for code in [KeyCode::Char('n'), KeyCode::Esc] {
        assert_eq!(
            press(&app, code, none),
            None,
            "no row: the question's other keys"
        );
        app.update(Input::Key(Key::new(code, none)));
        assert!(app.overlays.is_empty(), "{code:?} says no");
        assert_eq!(app.unread_count(), 1, "nothing marked read");
        app.update(Command::CatchUp);
    }
}

#[test]
fn every_key_the_help_lists_does_what_it_says_in_its_context() {
    for (context, opening) in [
        (Context::Panes, None),
        (Context::Search, Some(Command::Search)),
    ] {
        let mut app = app(Config::default());
        if let Some(opening) = opening {
            app.update(opening);
        }
        assert_eq!(app.context(), context);
        let entries = crate::app::help::entries(&app.config);
        let rows: Vec<_> = (context.table().iter())
            .filter(|binding| binding.help.is_some())
            .collect();
        let listed: Vec<_> = crate::app::help::listed_rows(&app.config.keymap, context).collect();
        assert_eq!(listed.len(), rows.len(), "{context:?}");
        for (binding, entry) in rows.iter().zip(&listed) {
            assert!(entries.contains(entry), "the help shows {entry:?}");
            let (_, names, text) = entry;
            assert_eq!(Some(text.as_str()), binding.help);
            let keys: Vec<Key> = names.split(' ').map(|name| name.parse().unwrap()).collect();
            // A group shows each member's first key; a single command all of its keys.
            let commands = match binding.commands {
                [command] => vec![*command; keys.len()],
                group => group.to_vec(),
            };
            assert_eq!(keys.len(), commands.len(), "{names}");
            for (key, command) in keys.into_iter().zip(commands) {
                assert_eq!(app.command_for(key), Some(command), "{key} in {context:?}");
            }
        }
    }
}

#[test]
fn the_overlays_close_with_the_keys_the_help_names() {
    let mut app = app(Config::default());
    app.update(Command::Help);
    assert_eq!(app.context(), Context::Help);
    for name in ["?", "esc", "q"] {
        assert_eq!(
            app.command_for(name.parse().unwrap()),
            Some(Command::Close),
            "{name}"
        );
    }
    app.update(Input::Key("?".parse().unwrap()));
    assert_eq!(app.context(), Context::Panes, "? closed the help");
}

#[test]
fn a_config_with_the_old_history_names_still_binds() {
    let old = "[keys]\ntrail = [\"x\"]\ntrail_close = [\"c\"]\n";
    let config = Config::parse(old, std::path::Path::new("config.toml")).expect("old names parse");
    let mut app = app(config);
    let key = |c| Input::Key(Key::new(KeyCode::Char(c), KeyModifiers::NONE));
    app.update(key('T'));
    assert!(app.overlays.is_empty(), "x took T's place");
    app.update(key('x'));
    assert_eq!(app.context(), Context::History);
    app.update(key('c'));
    assert!(app.overlays.is_empty(), "c closes the history");
}
