use super::*;

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
    for (action, defaults) in bindable() {
        rows += 1;
        let keys: Vec<Key> = defaults.iter().map(|name| key(name)).collect();
        assert!(!keys.is_empty(), "{action:?} has a default key");
        assert_eq!(map.keys_for(action), keys.as_slice(), "{action:?}");
        for name in defaults {
            assert_eq!(map.action(key(name)), Some(action.clone()), "{name}");
        }
    }
    assert_eq!(rows, 54, "every bindable action was checked");
    assert_eq!(map.bindings().count(), rows);
    assert_eq!(map.action(key("x")), None);
}

#[test]
fn follow_link_keys_are_one_help_row_with_one_action_per_number() {
    let rows: Vec<&Binding> = BINDINGS
        .iter()
        .filter(|b| b.actions.iter().any(|a| matches!(a, Action::FollowLink(_))))
        .collect();
    assert_eq!(rows.len(), 1);
    let numbers: Vec<usize> = rows[0]
        .actions
        .iter()
        .map(|action| match action {
            Action::FollowLink(number) => number.get(),
            other => panic!("{other:?} in the follow-link group"),
        })
        .collect();
    assert_eq!(numbers, (1..=9).collect::<Vec<_>>());
    for binding in BINDINGS {
        assert_eq!(
            binding.actions.len(),
            binding.defaults.len(),
            "{}",
            binding.help
        );
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
    let actions: Vec<&Action> = bindable()
        .map(|(action, _)| action)
        .filter(|action| OLD_NAMES.contains(&action_name(action).as_str()))
        .collect();
    assert_eq!(actions.len(), OLD_NAMES.len());
    for (name, action) in OLD_NAMES.iter().zip(actions) {
        assert_eq!(action_named(name).as_ref(), Some(action), "{name}");
        assert_eq!(action_name(action), *name);
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
        assert_eq!(action_named(name), None, "{name:?}");
    }
}

#[test]
fn overrides_replace_an_actions_keys_and_steal_from_defaults() {
    let map = KeyMap::with_overrides(vec![(Action::Back, vec![key("q")])]).unwrap();
    assert_eq!(map.action(key("q")), Some(Action::Back));
    assert_eq!(map.action(key("H")), None);
    assert_eq!(map.keys_for(&Action::Quit), &[key("ctrl-c")]);
}

#[test]
fn less_and_browser_habits_are_the_defaults() {
    let map = KeyMap::default();
    for (name, action) in [
        ("space", Action::ReadOn),
        ("f", Action::PageDown),
        ("pagedown", Action::PageDown),
        ("b", Action::PageUp),
        ("ctrl-d", Action::HalfPageDown),
        ("ctrl-u", Action::HalfPageUp),
        ("backspace", Action::Back),
        ("alt-left", Action::Back),
        ("H", Action::Back),
        ("alt-right", Action::Forward),
        ("L", Action::Forward),
        ("J", Action::NextArticle),
        ("K", Action::PrevArticle),
        ("/", Action::Find),
        ("t", Action::Search),
    ] {
        assert_eq!(map.action(key(name)), Some(action), "{name}");
    }
}

#[test]
fn an_old_config_binding_slash_to_search_keeps_title_search_on_slash() {
    let map = KeyMap::with_overrides(vec![(Action::Search, vec![key("/")])]).unwrap();
    assert_eq!(map.action(key("/")), Some(Action::Search));
    assert_eq!(map.keys_for(&Action::Find), &[] as &[Key]);
}

#[test]
fn two_user_bindings_of_one_key_conflict() {
    let err = KeyMap::with_overrides(vec![
        (Action::Back, vec![key("x")]),
        (Action::Quit, vec![key("x")]),
    ])
    .unwrap_err();
    assert_eq!(err.to_string(), "key \"x\" is bound to both back and quit");
    let err = KeyMap::with_overrides(vec![(Action::Quit, vec![key("x"), key("x")])]).unwrap_err();
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
