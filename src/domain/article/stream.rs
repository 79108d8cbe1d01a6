//! Reading an article file a line at a time, in bounded memory: for files too large to hold.
//!
//! How the file is decoded is decided first, from its bytes, exactly as [`super::decode`]
//! decides it for a whole file (a pass that only validates UTF-8 up to the first byte that is
//! not, and reads the detector's window around it). Then each line is decoded on its own. In
//! every encoding readmore reads, a line break stays a line break: in the ASCII-compatible
//! ones no byte of a multi-byte character is 0x0A, and UTF-16's line break is a whole code
//! unit; so decoding line by line gives the text that decoding the whole file gives. (A forced
//! stateful encoding, ISO-2022-JP, starts every line afresh.) A line longer than [`MAX_LINE`]
//! bytes is cut there, at a character boundary where the encoding shows one, so that no line
//! costs more than that to hold however large the file.

use std::io;

use encoding_rs::Encoding;

use super::decode::{self, CONTEXT_BEFORE, DETECT_WINDOW, DecodeNote, Decoding, Reason};
use super::{LineParser, ParseError, Piece};

/// The longest line held: a longer one is read as several.
pub const MAX_LINE: usize = 64 * 1024;

/// How much is read from the file at a time; a few bytes in unit tests, so that characters
/// and line breaks fall across every edge.
const CHUNK: usize = if cfg!(test) { 7 } else { 256 * 1024 };

/// A source read at byte offsets: an open file, or bytes in memory.
pub trait ReadAt {
    /// Reads from `offset` into `buf`, as many bytes as there are up to its length.
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize>;
}

impl ReadAt for std::fs::File {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        std::os::unix::fs::FileExt::read_at(self, buf, offset)
    }
}

impl ReadAt for [u8] {
    fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        let start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.len());
        let n = buf.len().min(self.len() - start);
        buf[..n].copy_from_slice(&self[start..start + n]);
        Ok(n)
    }
}

/// Fills as much of `buf` as the source has from `offset`: fewer bytes only at its end.
fn fill<S: ReadAt + ?Sized>(src: &S, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    let mut done = 0;
    while done < buf.len() {
        match src.read_at(&mut buf[done..], offset + done as u64) {
            Ok(0) => break,
            Ok(n) => done += n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    Ok(done)
}

/// How every line of a file is decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineDecoding {
    /// Valid UTF-8.
    Utf8,
    /// UTF-8 with invalid bytes as U+FFFD (`encoding = "utf-8"`).
    Lossy,
    /// UTF-8 without its stray bytes.
    Stray,
    /// A legacy encoding (or UTF-16), without byte order mark handling.
    Legacy(&'static Encoding),
}

/// How a file is decoded, decided from all of its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decided {
    pub decoding: LineDecoding,
    /// Where the text starts: after a byte order mark.
    pub start: u64,
    /// The first byte that is not UTF-8, as 1-based line and column, and why the legacy
    /// encoding was chosen: what the note says.
    at: (usize, usize),
    reason: Reason,
}

impl Decided {
    /// The note [`super::decode`] gives for the whole file, once every line was read with
    /// these `counts`.
    pub fn note(&self, counts: Counts) -> Option<DecodeNote> {
        match self.decoding {
            LineDecoding::Utf8 => None,
            LineDecoding::Lossy => Some(DecodeNote::InvalidUtf8 { at: self.at }),
            LineDecoding::Stray => Some(DecodeNote::StrayBytes {
                at: self.at,
                bytes: counts.stray,
            }),
            LineDecoding::Legacy(encoding) => Some(DecodeNote::Legacy {
                encoding,
                reason: self.reason,
                replaced: counts.replaced,
            }),
        }
    }

    /// Bytes in one character unit of the encoding: 2 for UTF-16, else 1.
    fn unit(&self) -> usize {
        match self.decoding {
            LineDecoding::Legacy(encoding)
                if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE =>
            {
                2
            }
            _ => 1,
        }
    }
}

/// What decoding the lines read so far has done, for the note.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Stray bytes dropped.
    pub stray: usize,
    /// Whether some bytes became U+FFFD in a legacy encoding.
    pub replaced: bool,
}

/// Decides how to decode the first `end` bytes of `src`, as [`super::decode`] would decide
/// for those bytes held whole, reading them once in chunks.
pub fn decide<S: ReadAt + ?Sized>(src: &S, decoding: Decoding, end: u64) -> io::Result<Decided> {
    let mut head = [0; 3];
    let got = fill(src, &mut head, 0)?.min(usize::try_from(end).unwrap_or(usize::MAX));
    let head = &head[..got];
    let utf8_bom = head == b"\xef\xbb\xbf";
    let start = if utf8_bom { 3 } else { 0 };
    let mut decided = Decided {
        decoding: LineDecoding::Utf8,
        start,
        at: (1, 1),
        reason: Reason::Guessed,
    };
    let Some(bad) = first_invalid(src, start, end)? else {
        return Ok(decided);
    };
    decided.at = line_column(src, start, bad)?;
    decided.decoding = if decoding == Decoding::Utf8 {
        LineDecoding::Lossy
    } else if utf8_bom {
        LineDecoding::Stray
    } else if let Some((encoding, bom)) = Encoding::for_bom(head) {
        decided.start = bom as u64;
        decided.reason = Reason::ByteOrderMark;
        LineDecoding::Legacy(encoding)
    } else if let Decoding::Forced(encoding) = decoding {
        decided.reason = Reason::Configured;
        LineDecoding::Legacy(encoding)
    } else {
        let (window, ends_file) = detection_window(src, bad, end)?;
        match decode::guess_for_user(&window, ends_file) {
            Some(encoding) => LineDecoding::Legacy(encoding),
            None => LineDecoding::Stray,
        }
    };
    Ok(decided)
}

/// The offset of the first byte from `start` (before `end`) that is not UTF-8, if any.
fn first_invalid<S: ReadAt + ?Sized>(src: &S, start: u64, end: u64) -> io::Result<Option<u64>> {
    // On the heap: a chunk is a quarter megabyte (a few bytes in unit tests).
    let mut buf = vec![0; CHUNK].into_boxed_slice();
    let mut at = start;
    while at < end {
        let want = usize::try_from(end - at).unwrap_or(CHUNK).min(CHUNK);
        let got = fill(src, &mut buf[..want], at)?;
        let last = got < want || at + got as u64 >= end;
        match std::str::from_utf8(&buf[..got]) {
            Ok(_) if last => return Ok(None),
            Ok(_) => at += got as u64,
            // A character cut by the chunk's end is read again with the next chunk.
            Err(err) if err.error_len().is_none() && !last => at += err.valid_up_to() as u64,
            Err(err) => return Ok(Some(at + err.valid_up_to() as u64)),
        }
    }
    Ok(None)
}

/// 1-based line and character column of `offset`, counted from `start` over valid UTF-8.
fn line_column<S: ReadAt + ?Sized>(src: &S, start: u64, offset: u64) -> io::Result<(usize, usize)> {
    let (mut line, mut column) = (1, 1);
    // On the heap: a chunk is a quarter megabyte (a few bytes in unit tests).
    let mut buf = vec![0; CHUNK].into_boxed_slice();
    let mut at = start;
    while at < offset {
        let want = usize::try_from(offset - at).unwrap_or(CHUNK).min(CHUNK);
        let got = fill(src, &mut buf[..want], at)?;
        if got == 0 {
            break;
        }
        for &byte in &buf[..got] {
            if byte == b'\n' {
                (line, column) = (line + 1, 1);
            } else if !(0x80..0xc0).contains(&byte) {
                column += 1;
            }
        }
        at += got as u64;
    }
    Ok((line, column))
}

/// The detector's window around the first bad byte at `bad`, as [`super::decode`] takes it
/// from a whole file, and whether it runs to the end.
fn detection_window<S: ReadAt + ?Sized>(
    src: &S,
    bad: u64,
    end: u64,
) -> io::Result<(Vec<u8>, bool)> {
    let from = bad.saturating_sub(CONTEXT_BEFORE as u64);
    let before = (bad - from) as usize;
    let want = usize::try_from(end - from)
        .unwrap_or(usize::MAX)
        .min(before + DETECT_WINDOW + 1);
    let mut buf = vec![0; want];
    let got = fill(src, &mut buf, from)?;
    buf.truncate(got);
    // The bytes before `bad` are UTF-8: skipping continuation bytes lands on a character.
    let skip = (buf[..before.min(got)].iter())
        .position(|byte| !(0x80..0xc0).contains(byte))
        .unwrap_or(before.min(got));
    let stop = got.min(skip + DETECT_WINDOW);
    let at_end = got < want || from + got as u64 == end;
    Ok((buf[skip..stop].to_vec(), stop == got && at_end))
}

/// The lines of a file from a line's start, decoded, each at most [`MAX_LINE`] bytes.
pub struct Lines<'a, S: ?Sized> {
    src: &'a S,
    decoded: Decided,
    unit: usize,
    buf: Vec<u8>,
    /// The unread part of `buf` is `lo..hi`; `buf[0]` is at offset `base` of the file.
    lo: usize,
    hi: usize,
    base: u64,
    /// Nothing is read at or past this offset.
    end: u64,
    eof: bool,
    counts: Counts,
}

impl<'a, S: ReadAt + ?Sized> Lines<'a, S> {
    /// The lines from offset `from`, which is where a line starts (or the text's start).
    pub fn new(src: &'a S, decided: Decided, from: u64, end: u64) -> Self {
        Self {
            src,
            decoded: decided,
            unit: decided.unit(),
            buf: Vec::new(),
            lo: 0,
            hi: 0,
            base: from.max(decided.start),
            end,
            eof: false,
            counts: Counts::default(),
        }
    }

    /// The lines from the first line start at or after `offset` (a line cut at [`MAX_LINE`]
    /// counts as lines), so that any offset can start a window.
    pub fn starting_near(src: &'a S, decided: Decided, offset: u64, end: u64) -> io::Result<Self> {
        if offset <= decided.start {
            return Ok(Self::new(src, decided, decided.start, end));
        }
        let unit = decided.unit() as u64;
        // One unit back, on the text's unit grid: a line break just before `offset` ends the
        // line read and thrown away, so that a line starting at `offset` is the first.
        let back = (offset - decided.start).div_ceil(unit) * unit - unit + decided.start;
        let mut lines = Self::new(src, decided, back, end);
        lines.next_raw()?;
        Ok(lines)
    }

    /// What decoding has done so far.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// Where the next line starts.
    pub fn offset(&self) -> u64 {
        self.base + self.lo as u64
    }

    /// The next line's offset and text, or `None` at the end.
    pub fn next_line(&mut self) -> io::Result<Option<(u64, String)>> {
        let Some((offset, range)) = self.next_raw()? else {
            return Ok(None);
        };
        // A legacy decoder is given the line break too: an incomplete sequence before it
        // (GB18030's four-byte ones end in a digit) then decodes as in the whole file.
        let broke = self.base + (range.end + self.unit) as u64 == self.offset();
        let raw = &self.buf[range.clone()];
        let text = match self.decoded.decoding {
            LineDecoding::Utf8 | LineDecoding::Lossy => String::from_utf8_lossy(raw).into_owned(),
            LineDecoding::Stray => {
                let mut text = String::with_capacity(raw.len());
                for chunk in raw.utf8_chunks() {
                    text.push_str(chunk.valid());
                    self.counts.stray += chunk.invalid().len();
                }
                text
            }
            LineDecoding::Legacy(encoding) => {
                let end = if broke {
                    range.end + self.unit
                } else {
                    range.end
                };
                let (text, replaced) =
                    encoding.decode_without_bom_handling(&self.buf[range.start..end]);
                self.counts.replaced |= replaced;
                let mut text = text.into_owned();
                if broke && text.ends_with('\n') {
                    text.pop();
                }
                text
            }
        };
        Ok(Some((offset, text)))
    }

    /// The next raw line: its offset and where it lies in the buffer, without its break.
    fn next_raw(&mut self) -> io::Result<Option<(u64, std::ops::Range<usize>)>> {
        loop {
            let at = self.lo;
            if let Some(found) = self.find_break() {
                self.lo = at + found + self.unit;
                return Ok(Some((self.base + at as u64, at..at + found)));
            }
            let held = self.hi - self.lo;
            if held > MAX_LINE || (self.eof && held > 0) {
                let cut = if held > MAX_LINE { self.cut() } else { held };
                self.lo = at + cut;
                return Ok(Some((self.base + at as u64, at..at + cut)));
            }
            if self.eof {
                return Ok(None);
            }
            self.refill()?;
        }
    }

    /// Where the next line break is in the unread bytes, if there is one.
    fn find_break(&self) -> Option<usize> {
        let unread = &self.buf[self.lo..self.hi];
        match self.decoded.decoding {
            LineDecoding::Legacy(encoding) if self.unit == 2 => {
                let lf: [u8; 2] = if encoding == encoding_rs::UTF_16BE {
                    [0, b'\n']
                } else {
                    [b'\n', 0]
                };
                (unread.chunks_exact(2).position(|pair| pair == lf)).map(|at| at * 2)
            }
            _ => memchr::memchr(b'\n', unread),
        }
    }

    /// Where to cut a line longer than [`MAX_LINE`]: not inside a UTF-8 character nor
    /// between the halves of a UTF-16 surrogate pair.
    fn cut(&self) -> usize {
        let line = &self.buf[self.lo..self.hi];
        match self.decoded.decoding {
            LineDecoding::Legacy(encoding) if self.unit == 2 => {
                let last = if encoding == encoding_rs::UTF_16BE {
                    line[MAX_LINE - 2]
                } else {
                    line[MAX_LINE - 1]
                };
                if (0xd8..0xdc).contains(&last) {
                    MAX_LINE - 2
                } else {
                    MAX_LINE
                }
            }
            LineDecoding::Legacy(_) => MAX_LINE,
            _ => {
                let back = (0..3)
                    .take_while(|back| (0x80..0xc0).contains(&line[MAX_LINE - back]))
                    .count();
                MAX_LINE - back
            }
        }
    }

    /// Moves the unread bytes to the front and reads more after them.
    fn refill(&mut self) -> io::Result<()> {
        self.buf.copy_within(self.lo..self.hi, 0);
        self.base += self.lo as u64;
        self.hi -= self.lo;
        self.lo = 0;
        self.buf.resize(MAX_LINE + CHUNK + 1, 0);
        let offset = self.base + self.hi as u64;
        let room = usize::try_from(self.end.saturating_sub(offset))
            .unwrap_or(usize::MAX)
            .min(self.buf.len() - self.hi);
        let got = fill(self.src, &mut self.buf[self.hi..self.hi + room], offset)?;
        self.hi += got;
        self.eof = got < room || room == 0;
        Ok(())
    }
}

/// Why a file read a line at a time gave no article.
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("{0}")]
    Parse(#[from] ParseError),
}

/// The title, header and blocks of a file read a line at a time: [`LineParser`] over
/// [`Lines`].
pub struct Pieces<'a, S: ?Sized> {
    pub lines: Lines<'a, S>,
    pub parser: LineParser,
}

impl<'a, S: ReadAt + ?Sized> Pieces<'a, S> {
    /// The next title or block and the offset of its line; `None` at the end (an error when
    /// the file had no title and a parser that wants one was given).
    pub fn next_piece(&mut self) -> Result<Option<(u64, Piece)>, StreamError> {
        while let Some((offset, line)) = self.lines.next_line()? {
            if let Some(piece) = self.parser.feed(&line)? {
                return Ok(Some((offset, piece)));
            }
        }
        if !self.parser.has_title() {
            return Err(ParseError::NoTitle.into());
        }
        Ok(None)
    }
}

#[cfg(test)]
mod tests;
