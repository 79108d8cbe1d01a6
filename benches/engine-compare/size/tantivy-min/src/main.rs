// Minimal binary linking tantivy the way readmore would: index on disk, 2 writer threads,
// query parser, BM25 top docs, phrase query, snippet.
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Schema, STORED, TEXT};
use tantivy::snippet::SnippetGenerator;
use tantivy::{doc, Index, TantivyDocument};

fn main() -> tantivy::Result<()> {
    let q = std::env::args().nth(1).unwrap_or_else(|| "korea".into());
    let dir = std::env::temp_dir().join("tantivy-min");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let mut sb = Schema::builder();
    let title = sb.add_text_field("title", TEXT | STORED);
    let body = sb.add_text_field("body", TEXT | STORED);
    let index = Index::create_in_dir(&dir, sb.build())?;
    let mut w = index.writer_with_num_threads(2, 50_000_000)?;
    w.add_document(doc!(title => "Korea talks", body => "North korea defence minister"))?;
    w.commit()?;
    let reader = index.reader()?;
    let searcher = reader.searcher();
    let mut qp = QueryParser::for_index(&index, vec![title, body]);
    qp.set_field_boost(title, 2.0);
    qp.set_conjunction_by_default();
    let query = qp.parse_query(&q)?;
    let sg = SnippetGenerator::create(&searcher, &*query, body)?;
    for (_s, addr) in searcher.search(&query, &TopDocs::with_limit(50).order_by_score())? {
        let d: TantivyDocument = searcher.doc(addr)?;
        println!("{}", sg.snippet_from_doc(&d).to_html());
    }
    Ok(())
}
