//! What the user typed, as terms the engine and the highlighter both understand.

use super::tokenizer;

/// A parsed full-text query: words and phrases that must all occur.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// In the order typed, each once.
    pub(super) needles: Vec<Needle>,
}

/// One word or phrase of a query, as analysed terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Needle {
    /// Never empty. More than one term is a phrase: the terms must stand in a row. A single
    /// typed word can give several (`north-korea`, or the pairs of a CJK word).
    pub terms: Vec<String>,
    /// The last term may be the start of a longer one: the user is still typing it.
    pub prefix: bool,
}

impl Query {
    /// True when the query has no terms, and so matches nothing.
    pub fn is_empty(&self) -> bool {
        self.needles.is_empty()
    }

    /// The words and phrases as they are matched: lower-cased and folded (`Straße` is
    /// `strasse`), the terms of a phrase joined by one space, a word still being typed
    /// followed by `*`.
    pub fn terms(&self) -> Vec<String> {
        self.needles
            .iter()
            .map(|needle| {
                let joined = needle.terms.join(" ");
                if needle.prefix {
                    format!("{joined}*")
                } else {
                    joined
                }
            })
            .collect()
    }
}

/// Parses what the user typed: whitespace separates words, `"…"` groups words into a phrase
/// (an unterminated quote runs to the end). Punctuation inside a word splits it into a phrase
/// (`north-korea`). The last word or phrase is matched as a prefix while it is being typed,
/// that is unless whitespace or a closing quote follows it, so `kor` finds `Korea` as you
/// type. Repeated words count once.
pub fn parse_query(text: &str) -> Query {
    let mut needles: Vec<Needle> = Vec::new();
    // Whether the piece of text read last gave a new needle (the last one).
    let mut last_is_new = false;
    let mut add = |piece: &str| {
        let terms: Vec<String> = tokenizer::terms(piece)
            .into_iter()
            .map(|term| term.text)
            .collect();
        let needle = Needle {
            terms,
            prefix: false,
        };
        last_is_new = !needle.terms.is_empty() && !needles.contains(&needle);
        if last_is_new {
            needles.push(needle);
        }
    };
    let mut rest = text;
    let mut open_quote = false;
    while !rest.is_empty() {
        let (loose, quoted) = match rest.split_once('"') {
            Some((loose, after)) => (loose, Some(after)),
            None => (rest, None),
        };
        for word in loose.split_whitespace() {
            add(word);
        }
        rest = match quoted {
            Some(after) => match after.split_once('"') {
                Some((phrase, next)) => {
                    add(phrase);
                    next
                }
                None => {
                    open_quote = true;
                    add(after);
                    ""
                }
            },
            None => "",
        };
    }
    // Still being typed: the text ends in a word, or inside an open phrase, with no space
    // after it, and that word or phrase is the last needle (it did not repeat an earlier one).
    let typing_last = !text.ends_with(char::is_whitespace) && (open_quote || !text.ends_with('"'));
    if typing_last
        && last_is_new
        && let Some(last) = needles.last_mut()
    {
        last.prefix = true;
    }
    Query { needles }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_split_into_words_and_quoted_phrases() {
        assert_eq!(parse_query("Korea  defence ").terms(), ["korea", "defence"]);
        assert_eq!(
            parse_query("talks \"North   KOREA\" vote ").terms(),
            ["talks", "north korea", "vote"]
        );
        assert_eq!(
            parse_query("a\"b c\"d ").terms(),
            ["a", "b c", "d"],
            "quotes separate words"
        );
        assert_eq!(parse_query("north-korea ").terms(), ["north korea"]);
        assert_eq!(parse_query("dup DUP \"dup\"").terms(), ["dup"]);
        assert_eq!(parse_query("STRASSE Straße ").terms(), ["strasse"]);
        for empty in ["", "   \t\n ", "\"\"", "\" \"", "\"", "-- ,"] {
            assert!(parse_query(empty).is_empty(), "{empty:?}");
        }
    }

    #[test]
    fn the_word_being_typed_is_a_prefix() {
        assert_eq!(parse_query("korea def").terms(), ["korea", "def*"]);
        assert_eq!(parse_query("korea def ").terms(), ["korea", "def"]);
        assert_eq!(parse_query("\"north kor").terms(), ["north kor*"]);
        assert_eq!(parse_query("\"north kor\"").terms(), ["north kor"]);
        assert_eq!(
            parse_query("x \"unterminated  phrase").terms(),
            ["x", "unterminated phrase*"]
        );
        assert_eq!(
            parse_query("korea korea").terms(),
            ["korea"],
            "a repeated word is not typed anew"
        );
        assert_eq!(parse_query("korea,").terms(), ["korea*"]);
    }

    #[test]
    fn cjk_words_become_phrases_of_pairs() {
        assert_eq!(parse_query("東京都 ").terms(), ["東京 京都"]);
        assert_eq!(parse_query("北京大学").terms(), ["北京 京大 大学*"]);
    }
}
