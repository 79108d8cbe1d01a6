use super::tables::follow;
use super::*;
use crate::app::action::Motion;

fn key(name: &str) -> Key {
    name.parse().unwrap()
}

#[test]
fn key_names_parse_to_what_the_terminal_sends() {
    assert_eq!(key("g"), Key::new(KeyCode::Char('g'), KeyModifiers::NONE));
    assert_eq!(key("G"), Key::new(KeyCode::Char('G'), KeyModifiers::SHIFT));
    assert_eq!(key("shift-g"), key("G"));
    assert_eq!(
        key("ctrl-c"),
        Key::new(KeyCode::Char('c'), KeyModifiers::CONTROL)
    );
    assert_eq!(key("Ctrl-C"), key("ctrl-c"));
    assert_eq!(key("alt-left"), Key::new(KeyCode::Left, KeyModifiers::ALT));
    assert_eq!(
        key("shift-tab"),
        Key::new(KeyCode::BackTab, KeyModifiers::SHIFT)
    );
    assert_eq!(key("pgdn"), key("PageDown"));
    assert_eq!(
        key("space"),
        Key::new(KeyCode::Char(' '), KeyModifiers::NONE)
    );
    assert_eq!(key("-"), Key::new(KeyCode::Char('-'), KeyModifiers::NONE));
    assert_eq!(
        key("alt--"),
        Key::new(KeyCode::Char('-'), KeyModifiers::ALT)
    );
    assert_eq!(key("f5"), Key::new(KeyCode::F(5), KeyModifiers::NONE));
}

#[test]
fn bad_key_names_are_errors() {
    for name in ["", "ctrl-", "hyper-x", "f0", "f99", "pagedownn", "\u{1b}"] {
        assert!(name.parse::<Key>().is_err(), "{name:?} should not parse");
    }
}

#[test]
fn key_names_round_trip_through_display() {
    for (_, defaults) in bindable() {
        for name in defaults {
            assert_eq!(key(&key(name).to_string()), key(name), "{name}");
        }
    }
}

#[test]
fn defaults_bind_every_key_in_the_table() {
    let map = KeyMap::default();
    let mut rows = 0;
    for (bindable, defaults) in bindable() {
        let Bindable { context, command } = bindable;
        rows += usize::from(context == Context::Panes);
        let keys: Vec<Key> = defaults.iter().map(|name| key(name)).collect();
        assert!(!keys.is_empty(), "{bindable:?} has a default key");
        // Rows that also take keys from the panes list their own first.
        let bound = map.keys_in(context, &command);
        assert_eq!(&bound[..keys.len()], keys.as_slice(), "{bindable:?}");
        for name in defaults {
            assert_eq!(map.command_in(context, key(name)), Some(command), "{name}");
        }
    }
    assert_eq!(rows, 54, "every bindable action was checked");
    assert_eq!(map.bindings().count(), rows);
    assert_eq!(map.command(key("x")), None);
}

#[test]
fn follow_link_keys_are_one_help_row_with_one_action_per_number() {
    let rows: Vec<&Binding> = PANES
        .iter()
        .filter(|b| {
            b.commands
                .iter()
                .any(|a| matches!(a, Command::FollowLink(_)))
        })
        .collect();
    assert_eq!(rows.len(), 1);
    let numbers: Vec<usize> = rows[0]
        .commands
        .iter()
        .map(|action| match action {
            Command::FollowLink(number) => number.get(),
            other => panic!("{other:?} in the follow-link group"),
        })
        .collect();
    assert_eq!(numbers, (1..=9).collect::<Vec<_>>());
    for context in Context::all() {
        for binding in context.table() {
            if let Keys::Own(defaults) = binding.keys {
                assert_eq!(binding.commands.len(), defaults.len(), "{:?}", binding.help);
            }
        }
    }
}

/// The names config files used before the names came from the enum.
const OLD_NAMES: &[&str] = &[
    "focus_next",
    "focus_prev",
    "down",
    "up",
    "page_down",
    "page_up",
    "top",
    "bottom",
    "open",
    "next_link",
    "prev_link",
    "follow_link_1",
    "follow_link_2",
    "follow_link_3",
    "follow_link_4",
    "follow_link_5",
    "follow_link_6",
    "follow_link_7",
    "follow_link_8",
    "follow_link_9",
    "back",
    "forward",
    "search",
    "full_text_search",
    "next_hit",
    "prev_hit",
    "toggle_read",
    "toggle_star",
    "filter_unread",
    "filter_starred",
    "help",
    "quit",
];

#[test]
fn every_old_config_name_still_names_the_same_action() {
    // The old actions keep their order; new ones were added among them.
    let actions: Vec<Bindable> = bindable()
        .map(|(action, _)| action)
        .filter(|action| OLD_NAMES.contains(&action.name().as_ref()))
        .collect();
    assert_eq!(actions.len(), OLD_NAMES.len());
    for (name, action) in OLD_NAMES.iter().zip(actions) {
        assert_eq!(command_named(name), Some(action), "{name}");
        assert_eq!(action.context, Context::Panes);
        assert_eq!(action.name(), *name);
    }
}

#[test]
fn only_bindable_actions_have_config_names() {
    for name in [
        "resize",
        "search_input",
        "files_changed",
        "follow_link_0",
        "follow_link_10",
        "follow_link_",
        "follow_link_+1",
        "FocusNext",
        "",
    ] {
        assert_eq!(command_named(name), None, "{name:?}");
    }
}

#[test]
fn overrides_replace_an_actions_keys_and_steal_from_defaults() {
    let map = KeyMap::with_overrides(vec![(Command::Back, vec![key("q")])]).unwrap();
    assert_eq!(map.command(key("q")), Some(Command::Back));
    assert_eq!(map.command(key("H")), None);
    assert_eq!(map.keys_for(&Command::Quit), &[key("ctrl-c")]);
}

#[test]
fn less_and_browser_habits_are_the_defaults() {
    let map = KeyMap::default();
    for (name, action) in [
        ("space", Command::ReadOn),
        ("f", Command::Move(Motion::PageDown)),
        ("pagedown", Command::Move(Motion::PageDown)),
        ("b", Command::Move(Motion::PageUp)),
        ("ctrl-d", Command::Move(Motion::HalfPageDown)),
        ("ctrl-u", Command::Move(Motion::HalfPageUp)),
        ("backspace", Command::Back),
        ("alt-left", Command::Back),
        ("H", Command::Back),
        ("alt-right", Command::Forward),
        ("L", Command::Forward),
        ("J", Command::NextArticle),
        ("K", Command::PrevArticle),
        ("/", Command::Find),
        ("t", Command::Search),
    ] {
        assert_eq!(map.command(key(name)), Some(action), "{name}");
    }
}

#[test]
fn an_old_config_binding_slash_to_search_keeps_title_search_on_slash() {
    let map = KeyMap::with_overrides(vec![(Command::Search, vec![key("/")])]).unwrap();
    assert_eq!(map.command(key("/")), Some(Command::Search));
    assert_eq!(map.keys_for(&Command::Find), &[] as &[Key]);
}

#[test]
fn two_user_bindings_of_one_key_conflict() {
    let err = KeyMap::with_overrides(vec![
        (Command::Back, vec![key("x")]),
        (Command::Quit, vec![key("x")]),
    ])
    .unwrap_err();
    assert_eq!(err.to_string(), "key \"x\" is bound to both back and quit");
    let err = KeyMap::with_overrides(vec![(Command::Quit, vec![key("x"), key("x")])]).unwrap_err();
    assert_eq!(err.to_string(), "key \"x\" is listed twice for quit");
    let err = KeyMap::with_overrides(vec![
        (follow(3), vec![key("x")]),
        (follow(4), vec![key("x")]),
    ])
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "key \"x\" is bound to both follow_link_3 and follow_link_4"
    );
}

#[test]
fn the_hints_name_commands_of_the_panes_table() {
    for pane in [Pane::List, Pane::Reader, Pane::Links] {
        for (command, _) in hints(pane) {
            assert!(
                PANES
                    .iter()
                    .any(|binding| binding.commands.contains(command)),
                "{command:?} hinted in {pane:?}"
            );
        }
    }
}
