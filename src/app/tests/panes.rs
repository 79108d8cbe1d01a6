//! The three panes as components, on their own state: what each takes of a command, and what
//! it asks of the App for the rest.

use super::*;
use crate::app::component::{Component, Context, Outcome, Request};
use crate::app::list::ArticleList;
use crate::app::marks::Marks;
use crate::app::reader::Reader;
use crate::app::related::Related;
use crate::domain::wrap::{DisplayLine, Targets, wrap_article};

/// Two folders (`a` with two stories, `b` with one); `a/1` is read, `a/2` links to `b/1`.
fn library() -> Library {
    let texts = [
        ("a/1.txt", "Zulu First\nOne."),
        ("a/2.txt", "Alpha Second\nTwo.\nRead More: Bravo Third"),
        ("b/1.txt", "Bravo Third\nThree."),
    ];
    let articles = (texts.iter())
        .map(|(path, text)| ((*path).to_owned(), parse(text.as_bytes()).unwrap().article))
        .collect();
    Library::from_articles(articles)
}

fn marks(library: &Library) -> Marks {
    Marks::new(
        library,
        Box::new(|path, _| Remembered {
            read: path == "a/1.txt",
            ..Remembered::default()
        }),
    )
}

fn context<'a>(
    library: &'a Library,
    config: &'a Config,
    marks: &'a Marks,
    open: Option<ArticleId>,
) -> Context<'a> {
    Context {
        library,
        config,
        screen: Rect::new(0, 0, 100, 30),
        page: 9,
        visits: 0,
        last_fetch: None,
        marks,
        open,
        pane_height: 10,
    }
}

fn say(outcome: Outcome) -> String {
    match outcome {
        Outcome::Request(Request::Say(said)) => said,
        other => panic!("not a message: {other:?}"),
    }
}

#[test]
fn the_list_moves_folds_sorts_and_filters_itself() {
    let (library, config) = (library(), Config::default());
    let marks = marks(&library);
    let cx = context(&library, &config, &marks, None);
    let mut list = ArticleList::default();
    list.recompute(&library, &marks);
    // Heading a, Zulu, Alpha, heading b, Bravo.
    assert_eq!(list.len(), 5);
    assert_eq!(list.handle(Motion::Down.into(), &cx), Outcome::Handled);
    assert_eq!(list.selected_article(), Some(id_at(0)));
    assert_eq!(say(list.handle(Command::CycleSort, &cx)), "sorted by title");
    assert_eq!(list.selected_article(), Some(id_at(0)), "kept on Zulu");
    assert_eq!(list.article_at(ListRow(1)), Some(id_at(1)), "Alpha first");
    assert_eq!(
        say(list.handle(Command::FilterUnread, &cx)),
        "showing 2 unread articles"
    );
    assert_eq!(list.row_of(id_at(0)), None, "Zulu is read");
    list.handle(Motion::Top.into(), &cx);
    assert_eq!(list.handle(Command::Open, &cx), Outcome::Handled);
    assert!(list.sections[0].collapsed, "enter on a heading folds it");
    list.handle(Motion::Bottom.into(), &cx);
    assert_eq!(list.selected_article(), Some(id_at(2)), "below b's heading");
    assert_eq!(
        list.handle(Command::Open, &cx),
        Outcome::Ignored,
        "an article"
    );
    assert_eq!(list.handle(Command::NextLink, &cx), Outcome::Ignored);
}

#[test]
fn the_reader_scrolls_and_hands_the_app_its_move() {
    let (library, config) = (library(), Config::default());
    let marks = marks(&library);
    let cx = Context {
        pane_height: 1,
        ..context(&library, &config, &marks, Some(id_at(1)))
    };
    let mut reader = Reader::default();
    let wrapped = wrap_article(&library, id_at(1), 40, Targets::WhenDifferent);
    let _shown = reader.show(wrapped, DisplayLine(0), 1);
    assert!(
        reader.take_moved().is_none(),
        "showing is the caller's move"
    );
    assert_eq!(reader.handle(Motion::Up.into(), &cx), Outcome::Handled);
    assert!(reader.take_moved().is_none(), "already at the top");
    assert_eq!(
        reader.handle(Motion::Down.into(), &cx),
        Outcome::Request(Request::Scrolled)
    );
    assert_eq!(reader.scroll(), DisplayLine(1));
    assert!(reader.take_moved().is_some());
    assert!(reader.take_moved().is_none(), "taken once");
    assert_eq!(reader.handle(Command::Open, &cx), Outcome::Ignored);
}

#[test]
fn the_related_pane_asks_the_app_to_select_and_follow_its_rows() {
    let (library, config) = (library(), Config::default());
    let marks = marks(&library);
    let cx = context(&library, &config, &marks, Some(id_at(1)));
    let mut related = Related::default();
    assert_eq!(
        say(related.handle(Command::Open, &cx)),
        "no link selected: press ] to select one"
    );
    assert_eq!(
        related.handle(Motion::Down.into(), &cx),
        Outcome::Request(Request::SelectRow(RelatedRow(0)))
    );
    related.link_cursor = Some(RelatedRow(0));
    assert_eq!(
        related.handle(Command::Open, &cx),
        Outcome::Request(Request::Activate(RelatedRow(0)))
    );
    let none = context(&library, &config, &marks, None);
    assert_eq!(
        related.handle(Motion::Down.into(), &none),
        Outcome::Handled,
        "no article, no rows"
    );
}
