//! A word tokenizer for tantivy that emits overlapping bigrams for runs of CJK characters
//! (the approach of Lucene's CJKAnalyzer): `東京都の天気` -> 東京 京都 都の の天 天気, a lone CJK
//! character is a unigram, and everything else is split like tantivy's SimpleTokenizer
//! (runs of alphanumeric characters).

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // Hiragana, Katakana
        | 0x31F0..=0x31FF // Katakana phonetic extensions
        | 0x3400..=0x4DBF // CJK ext A
        | 0x4E00..=0x9FFF // CJK unified
        | 0xF900..=0xFAFF // CJK compatibility
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0xFF66..=0xFF9F // half-width Katakana
        | 0x20000..=0x2FA1F)
}

#[derive(Clone, Default)]
pub struct CjkBigramTokenizer {
    token: Token,
}

pub struct CjkStream<'a> {
    text: &'a str,
    pos: usize,
    prev_cjk: bool,
    token: &'a mut Token,
}

impl Tokenizer for CjkBigramTokenizer {
    type TokenStream<'a> = CjkStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> CjkStream<'a> {
        self.token.reset();
        CjkStream { text, pos: 0, prev_cjk: false, token: &mut self.token }
    }
}

impl CjkStream<'_> {
    fn emit(&mut self, from: usize, to: usize) -> bool {
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.text.push_str(&self.text[from..to]);
        self.token.position = self.token.position.wrapping_add(1);
        true
    }
}

impl TokenStream for CjkStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        loop {
            let rest = &self.text[self.pos..];
            let Some(c) = rest.chars().next() else { return false };
            let start = self.pos;
            let clen = c.len_utf8();
            if is_cjk(c) {
                let next = rest[clen..].chars().next().filter(|&n| is_cjk(n));
                let was_cjk = self.prev_cjk;
                self.prev_cjk = true;
                self.pos += clen;
                match next {
                    Some(n) => return self.emit(start, start + clen + n.len_utf8()),
                    // the last character of a run: already covered by the previous bigram
                    None if was_cjk => {
                        self.prev_cjk = false;
                        continue;
                    }
                    None => {
                        self.prev_cjk = false;
                        return self.emit(start, start + clen);
                    }
                }
            }
            self.prev_cjk = false;
            if c.is_alphanumeric() {
                let end = rest
                    .char_indices()
                    .find(|&(_, ch)| !ch.is_alphanumeric() || is_cjk(ch))
                    .map(|(i, _)| start + i)
                    .unwrap_or(self.text.len());
                self.pos = end;
                return self.emit(start, end);
            }
            self.pos += clen;
        }
    }
    fn token(&self) -> &Token {
        self.token
    }
    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    fn toks(s: &str) -> Vec<String> {
        let mut t = CjkBigramTokenizer::default();
        let mut st = t.token_stream(s);
        let mut v = vec![];
        while st.advance() {
            v.push(st.token().text.clone());
        }
        v
    }
    #[test]
    fn bigrams() {
        assert_eq!(toks("東京都の天気"), ["東京", "京都", "都の", "の天", "天気"]);
        assert_eq!(toks("a 東 b"), ["a", "東", "b"]);
        assert_eq!(toks("Hello, 北京大学 x2"), ["Hello", "北京", "京大", "大学", "x2"]);
    }
}
