//! Feed item conversion: one item of about 1 MB of HTML (paragraphs, lists, tables, links)
//! turned into an article's text, links resolved against a library index of 10,000 stories.
//!
//! ```text
//! cargo bench --bench feeds
//! ```

use criterion::{Criterion, criterion_group, criterion_main};
use readmore::domain::feeds::html::paragraphs;
use readmore::domain::feeds::links::StoryIndex;
use readmore::domain::feeds::writer::{ArticleDraft, render};
use url::Url;

/// About 1 MB of article HTML whose links point at the indexed stories and elsewhere.
fn html_1mb() -> String {
    let mut html = String::new();
    let mut n = 0;
    while html.len() < 1024 * 1024 {
        html.push_str(&format!(
            "<h2>Section {n}</h2><p>The council met on <b>Tuesday</b> &amp; voted on the \
             <a href=\"/news/{}\">tram line</a>; critics cited <a href=\"https://other.example/x{n}\">\
             a report</a>.</p><ul><li>First point {n}</li><li>Second point</li></ul>\
             <table><tr><td>Cost</td><td>{n} M</td></tr></table><script>track({n})</script>",
            n % 10_000
        ));
        n += 1;
    }
    html
}

fn convert(c: &mut Criterion) {
    let html = html_1mb();
    let base = Url::parse("https://news.example/news/today").expect("a URL");
    let mut stories = StoryIndex::default();
    for n in 0..10_000 {
        stories.insert(
            &format!("https://news.example/news/{n}"),
            &format!("Story {n}"),
            None,
        );
    }
    let mut group = c.benchmark_group("feeds");
    group.sample_size(20);
    group.bench_function("convert_html_1mb", |b| {
        b.iter(|| {
            let draft = ArticleDraft {
                folder: "news".into(),
                title: "A long item".into(),
                paragraphs: paragraphs(&html, Some(&base)),
                ..ArticleDraft::default()
            };
            render(&draft, &stories)
        });
    });
    group.finish();
}

criterion_group!(benches, convert);
criterion_main!(benches);
