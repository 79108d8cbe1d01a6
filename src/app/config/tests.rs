use super::*;

fn parse(text: &str) -> Result<Config, String> {
    Config::parse(text, Path::new("dir/config.toml")).map_err(|err| err.to_string())
}

#[test]
fn empty_config_is_the_defaults_with_articles_next_to_the_file() {
    let config = parse("").unwrap();
    assert_eq!(config.articles, PathBuf::from("dir/articles"));
    assert_eq!(config.max_width, 80);
    assert_eq!(config.theme, Theme::default());
}

#[test]
fn the_shipped_config_documents_exactly_the_defaults() {
    let shipped = Config::parse(
        include_str!("../../../config.toml"),
        Path::new("config.toml"),
    )
    .unwrap();
    let defaults = Config::default();
    assert_eq!(shipped.articles, defaults.articles);
    assert_eq!(shipped.max_article_bytes, defaults.max_article_bytes);
    assert_eq!(shipped.follow_symlinks, defaults.follow_symlinks);
    assert_eq!(shipped.encoding, defaults.encoding);
    assert_eq!(shipped.mouse, defaults.mouse);
    assert_eq!(shipped.q_backs_out, defaults.q_backs_out);
    assert_eq!(shipped.align, defaults.align);
    assert_eq!(shipped.peek, defaults.peek);
    assert_eq!(shipped.sort, defaults.sort);
    assert_eq!(
        (shipped.max_width, shipped.list_width, shipped.links_height),
        (
            defaults.max_width,
            defaults.list_width,
            defaults.links_height
        )
    );
    assert_eq!(shipped.theme, defaults.theme);
    assert_eq!(shipped.fetch, defaults.fetch);
    // Every command of every context's table that config.toml can bind.
    let keys = |config: &Config| -> Vec<(String, Vec<Key>)> {
        keymap::bindable()
            .map(|(bindable, _)| {
                let keys = config.keymap.keys_in(bindable.context, &bindable.command);
                (bindable.name().into_owned(), keys.to_vec())
            })
            .collect()
    };
    assert_eq!(keys(&shipped), keys(&defaults));
    for (name, _) in keys(&defaults) {
        assert!(
            include_str!("../../../config.toml").contains(&format!("\n{name} = [")),
            "config.toml documents {name}"
        );
    }
}

#[test]
fn every_option_is_read() {
    let config = parse(
        r##"
articles = "news"
max_article_bytes = 1000
follow_symlinks = "never"
encoding = "Shift_JIS"
mouse = false
q_backs_out = true
sort = "newest"
[reader]
max_width = 60
align = "center"
peek = true
[layout]
list_width = 40
links_height = 25
[keys]
quit = ["x", "ctrl-q"]
[theme]
accent = "#ff8800"
dangling = "red"
[fetch]
auto_fetch = 15
"##,
    )
    .unwrap();
    assert_eq!(config.articles, PathBuf::from("dir/news"));
    assert_eq!(config.max_article_bytes, 1000);
    assert_eq!(config.follow_symlinks, FollowSymlinks::Never);
    assert_eq!(config.encoding, Decoding::Forced(encoding_rs::SHIFT_JIS));
    assert!(!config.mouse);
    assert!(config.q_backs_out);
    assert_eq!(config.align, Align::Center);
    assert!(config.peek);
    assert_eq!(config.sort, SortOrder::Newest);
    assert_eq!(
        (config.max_width, config.list_width, config.links_height),
        (60, 40, 25)
    );
    assert_eq!(
        config.keymap.command("x".parse().unwrap()),
        Some(Command::Quit)
    );
    assert_eq!(config.keymap.command("q".parse().unwrap()), None);
    assert_eq!(config.theme.accent, Colour::Rgb(255, 136, 0));
    assert_eq!(config.theme.dangling, Colour::Red);
    assert_eq!(config.fetch.auto_fetch, 15);
}

#[test]
fn errors_name_file_line_and_column() {
    let cases = [
        ("articles = ", "dir/config.toml:1:12: "),
        (
            "max_article_bytes = 0",
            "dir/config.toml:1:21: max_article_bytes must be at least 1",
        ),
        (
            "max_article_bytes = 4294967296",
            "dir/config.toml:1:21: max_article_bytes must be at most 4294967295 (4 GiB - 1)",
        ),
        ("colour = 1", "dir/config.toml:1:1: unknown field `colour`"),
        (
            "[reader]\nmax_width = \"wide\"",
            "dir/config.toml:2:13: invalid type",
        ),
        (
            "[reader]\nmax_width = 5",
            "dir/config.toml:2:13: max_width must be between 10 and 1000",
        ),
        (
            "[fetch]\nauto_fetch = 20000",
            "dir/config.toml:2:14: auto_fetch must be between 0 and 10080",
        ),
        (
            "[keys]\nfly = [\"x\"]",
            "dir/config.toml:2:1: unknown action \"fly\" in [keys]",
        ),
        (
            "[keys]\nquit = [\"ctrl-\"]",
            "dir/config.toml:2:9: unknown key name \"ctrl-\"",
        ),
        (
            "[keys]\nquit = [\"x\"]\nback = [\"x\"]",
            "dir/config.toml:3:9: key \"x\" is bound to both back and quit",
        ),
        ("[keys]\nquit = \"x\"", "dir/config.toml:2:8: invalid type"),
        (
            "[keys]\nquit = []",
            "dir/config.toml:2:1: quit needs at least one key",
        ),
        (
            "[theme]\naccent = \"blurple\"",
            "dir/config.toml:2:10: invalid colour \"blurple\"",
        ),
        (
            "follow_symlinks = \"sometimes\"",
            "dir/config.toml:1:19: unknown variant `sometimes`",
        ),
        (
            "articles = \"a\"\nencoding = \"klingon\"",
            "dir/config.toml:2:12: unknown encoding \"klingon\" (use \"auto\"",
        ),
        ("encoding = 1252", "dir/config.toml:1:12: invalid type"),
        (
            "[layout]\nlist_width = 95",
            "dir/config.toml:2:14: list_width must be between 10 and 90",
        ),
    ];
    for (text, expected) in cases {
        let message = parse(text).unwrap_err();
        assert!(message.starts_with(expected), "{text:?}: got {message:?}");
        assert!(!message.contains('\n'), "one line: {message:?}");
    }
}

#[test]
fn every_row_of_every_key_table_can_be_bound_in_the_config() {
    let f5: Key = "f5".parse().unwrap();
    let mut contexts = std::collections::HashSet::new();
    for (bindable, _) in keymap::bindable() {
        let name = bindable.name();
        let config = parse(&format!("[keys]\n{name} = [\"f5\"]")).unwrap();
        assert_eq!(
            config.keymap.command_in(bindable.context, f5),
            Some(bindable.command),
            "{name}"
        );
        contexts.insert(bindable.context);
    }
    assert_eq!(
        contexts.len(),
        keymap::Context::all().count(),
        "every context has keys of its own"
    );
}
