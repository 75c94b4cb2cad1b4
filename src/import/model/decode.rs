//! Reading a school information system's CSV export: encoding (UTF-8 with or without BOM,
//! UTF-16 with its BOM, else Windows-1252), delimiter (comma, semicolon or tab, from the header
//! line, or Excel's `sep=;` first line), quoted fields, CRLF, blank lines. Streaming: the file is read twice (once to decide the
//! encoding, once to parse), never held in memory whole.

use std::cell::RefCell;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::rc::Rc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Windows1252,
    Utf16Le,
    Utf16Be,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Windows1252 => "windows-1252",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
        }
    }

    /// The encoding a byte-order mark announces, with the mark's length.
    pub fn from_bom(start: &[u8]) -> Option<(Encoding, usize)> {
        if start.starts_with(b"\xEF\xBB\xBF") {
            Some((Encoding::Utf8, 3))
        } else if start.starts_with(b"\xFF\xFE") {
            Some((Encoding::Utf16Le, 2))
        } else if start.starts_with(b"\xFE\xFF") {
            Some((Encoding::Utf16Be, 2))
        } else {
            None
        }
    }

    pub fn parse(text: &str) -> Option<Encoding> {
        match text.to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Some(Encoding::Utf8),
            "utf-16" | "utf-16le" | "utf16" | "utf16le" => Some(Encoding::Utf16Le),
            "utf-16be" | "utf16be" => Some(Encoding::Utf16Be),
            "windows-1252" | "cp1252" | "win1252" | "latin1" | "latin-1" | "iso-8859-1" => {
                Some(Encoding::Windows1252)
            }
            _ => None,
        }
    }
}

/// Whether the whole stream is valid UTF-8, read in chunks.
pub fn is_utf8(mut reader: impl Read) -> io::Result<bool> {
    let mut buf = vec![0u8; 64 * 1024];
    let mut carry = 0usize;
    loop {
        let n = reader.read(&mut buf[carry..])?;
        if n == 0 {
            return Ok(carry == 0);
        }
        let filled = carry + n;
        match std::str::from_utf8(&buf[..filled]) {
            Ok(_) => carry = 0,
            Err(e) => {
                if e.error_len().is_some() {
                    return Ok(false);
                }
                // A sequence cut by the chunk's end: keep its bytes for the next read.
                let valid = e.valid_up_to();
                buf.copy_within(valid..filled, 0);
                carry = filled - valid;
            }
        }
    }
}

/// The characters Windows-1252 puts at 0x80–0x9F (where Latin-1 has controls).
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

fn cp1252_char(byte: u8) -> char {
    match byte {
        0x80..=0x9F => CP1252_HIGH[(byte - 0x80) as usize],
        b => b as char,
    }
}

/// Yields UTF-8 whatever the source: drops a leading BOM, transcodes Windows-1252 and UTF-16.
pub struct Utf8Reader<R> {
    inner: R,
    encoding: Encoding,
    out: Vec<u8>,
    pos: usize,
    at_start: bool,
    /// UTF-16 bytes of a unit or a surrogate pair cut by a chunk's end.
    carry: Vec<u8>,
}

impl<R: Read> Utf8Reader<R> {
    pub fn new(inner: R, encoding: Encoding) -> Utf8Reader<R> {
        Utf8Reader {
            inner,
            encoding,
            out: Vec::new(),
            pos: 0,
            at_start: true,
            carry: Vec::new(),
        }
    }

    fn refill(&mut self) -> io::Result<()> {
        let mut raw = [0u8; 32 * 1024];
        let n = self.inner.read(&mut raw)?;
        self.out.clear();
        self.pos = 0;
        let mut bytes = &raw[..n];
        if self.at_start {
            self.at_start = false;
            // A UTF-8 mark before Windows-1252 bytes (a file re-saved by hand) goes too.
            if let Some((_, len)) = Encoding::from_bom(bytes) {
                bytes = &bytes[len..];
            }
        }
        match self.encoding {
            Encoding::Utf8 => self.out.extend_from_slice(bytes),
            Encoding::Utf16Le | Encoding::Utf16Be => {
                self.carry.extend_from_slice(bytes);
                let whole = self.carry.len() / 2 * 2;
                let mut units: Vec<u16> = self.carry[..whole]
                    .chunks_exact(2)
                    .map(|p| match self.encoding {
                        Encoding::Utf16Le => u16::from_le_bytes([p[0], p[1]]),
                        _ => u16::from_be_bytes([p[0], p[1]]),
                    })
                    .collect();
                let mut keep = self.carry[whole..].to_vec();
                // A high surrogate last waits for its pair, unless the file ends here.
                if n > 0 && units.last().is_some_and(|u| (0xD800..0xDC00).contains(u)) {
                    let last = units.pop().unwrap_or_default();
                    let mut pair = match self.encoding {
                        Encoding::Utf16Le => last.to_le_bytes().to_vec(),
                        _ => last.to_be_bytes().to_vec(),
                    };
                    pair.extend_from_slice(&keep);
                    keep = pair;
                }
                self.carry = keep;
                let mut tmp = [0u8; 4];
                for c in char::decode_utf16(units) {
                    let c = c.unwrap_or('\u{FFFD}');
                    self.out
                        .extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
                }
                if n == 0 && !self.carry.is_empty() {
                    // An odd byte at the very end.
                    self.carry.clear();
                    self.out.extend_from_slice("\u{FFFD}".as_bytes());
                }
            }
            Encoding::Windows1252 => {
                let mut tmp = [0u8; 4];
                for b in bytes {
                    if b.is_ascii() {
                        self.out.push(*b);
                    } else {
                        self.out
                            .extend_from_slice(cp1252_char(*b).encode_utf8(&mut tmp).as_bytes());
                    }
                }
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for Utf8Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos >= self.out.len() {
            let carried = self.carry.len();
            self.refill()?;
            // Nothing came out: the end, unless a UTF-16 unit is still being gathered.
            if self.out.is_empty() && (self.carry.is_empty() || self.carry.len() == carried) {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Comma, semicolon or tab: whichever the header line has most of outside quotes
/// (comma when none).
pub fn detect_delimiter(header_line: &str) -> u8 {
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for c in header_line.bytes() {
        if c == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(slot) = counts.iter_mut().find(|(d, _)| *d == c) {
                slot.1 += 1;
            }
        }
    }
    counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .max_by_key(|(_, n)| *n)
        .map(|(d, _)| *d)
        .unwrap_or(b',')
}

pub fn delimiter_name(delimiter: u8) -> &'static str {
    match delimiter {
        b';' => ";",
        b'\t' => "tab",
        _ => ",",
    }
}

pub fn parse_delimiter(text: &str) -> Option<u8> {
    match text {
        "," | "comma" => Some(b','),
        ";" | "semicolon" => Some(b';'),
        "\t" | "tab" | "\\t" => Some(b'\t'),
        _ => None,
    }
}

/// Where the newlines of the stream the CSV parser reads are, so that a record's byte
/// offset gives its line (csv's own line count drifts after skipped blank lines).
#[derive(Debug, Default)]
pub struct Lines {
    pending: std::collections::VecDeque<u64>,
    read: u64,
    passed: u64,
    quotes: Quotes,
}

/// Follows the quoting as the CSV parser will read it, to name the line of a quote that opens
/// a field and never closes: the parser would read the rest of the file as that one value.
#[derive(Debug, Default)]
struct Quotes {
    delimiter: u8,
    line: u64,
    state: QuoteState,
    opened_on: u64,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum QuoteState {
    #[default]
    FieldStart,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: it closes it, or doubles into a literal quote.
    QuoteInQuoted,
}

impl Quotes {
    fn feed(&mut self, bytes: &[u8]) {
        use QuoteState::*;
        for &b in bytes {
            let d = self.delimiter;
            self.state = match (self.state, b) {
                (Quoted, b'"') => QuoteInQuoted,
                (Quoted, _) => Quoted,
                (QuoteInQuoted, b'"') => Quoted,
                (FieldStart, b'"') => {
                    self.opened_on = self.line + 1;
                    Quoted
                }
                // The parser ends a record at \n, \r or \r\n alike.
                (_, b'\n' | b'\r') => FieldStart,
                (_, x) if x == d => FieldStart,
                _ => Unquoted,
            };
            if b == b'\n' {
                self.line += 1;
            }
        }
    }

    /// The line a still-open quote opened on.
    fn unclosed(&self) -> Option<u64> {
        (self.state == QuoteState::Quoted).then_some(self.opened_on)
    }
}

/// Why a file's records cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error(transparent)]
    Csv(#[from] csv::Error),
    #[error("{}", crate::i18n::tr(crate::i18n::T::ErrUnclosedQuote, &[.line]))]
    UnclosedQuote { line: u64 },
}

impl Lines {
    /// The 1-based line of a byte offset; offsets must not go backwards.
    pub fn line_at(&mut self, byte: u64) -> u64 {
        while self.pending.front().is_some_and(|nl| *nl < byte) {
            self.pending.pop_front();
            self.passed += 1;
        }
        self.passed + 1
    }
}

/// Passes bytes through, noting where the newlines are.
pub struct LineCounting<R> {
    inner: R,
    lines: Rc<RefCell<Lines>>,
}

impl<R: Read> Read for LineCounting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut lines = self.lines.borrow_mut();
        lines.quotes.feed(&buf[..n]);
        let start = lines.read;
        lines.pending.extend(
            buf[..n]
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| start + i as u64),
        );
        lines.read += n as u64;
        Ok(n)
    }
}

/// How a file is read; `None` fields are detected.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReadOptions {
    pub encoding: Option<Encoding>,
    pub delimiter: Option<u8>,
}

/// An opened file: what was decided, and the records, header first.
pub struct Decoded<R: Read> {
    pub encoding: Encoding,
    pub delimiter: u8,
    pub records: csv::Reader<LineCounting<Utf8Reader<R>>>,
    lines: Rc<RefCell<Lines>>,
    /// A UTF-8 byte-order mark opened a file that is not UTF-8 (read as Windows-1252).
    pub bom_mismatch: bool,
    /// The first record is Excel's `sep=` line, not the header.
    skip_sep_line: bool,
}

impl<R: Read> Decoded<R> {
    /// The next record that is not blank, trimmed, with the line it starts on.
    pub fn next_record(
        &mut self,
        record: &mut csv::StringRecord,
    ) -> Result<Option<u64>, ReadError> {
        loop {
            if !self.records.read_record(record)? {
                if let Some(line) = self.lines.borrow().quotes.unclosed() {
                    return Err(ReadError::UnclosedQuote { line });
                }
                return Ok(None);
            }
            // csv's own start positions come before the blank lines it skips: count from
            // the record's end instead, less the newlines inside its quoted fields.
            if std::mem::take(&mut self.skip_sep_line)
                && record
                    .get(0)
                    .is_some_and(|f| f.trim().to_ascii_lowercase().starts_with("sep="))
            {
                continue;
            }
            let end = self.records.position().byte();
            let last_line = self.lines.borrow_mut().line_at(end.saturating_sub(1));
            let inside: usize = record.iter().map(|f| f.matches('\n').count()).sum();
            record.trim();
            if !is_blank(record) {
                return Ok(Some(last_line.saturating_sub(inside as u64).max(1)));
            }
        }
    }
}

/// Decides the encoding and the delimiter, then rewinds and returns a record reader.
pub fn open<R: Read + Seek>(
    mut source: R,
    options: ReadOptions,
) -> io::Result<Decoded<BufReader<R>>> {
    let mut start = [0u8; 3];
    let got = read_up_to(&mut source, &mut start)?;
    source.seek(SeekFrom::Start(0))?;
    let bom = Encoding::from_bom(&start[..got]).map(|(e, _)| e);
    let mut bom_mismatch = false;
    let encoding = match (options.encoding, bom) {
        (Some(e), _) => e,
        (None, Some(e @ (Encoding::Utf16Le | Encoding::Utf16Be))) => e,
        (None, _) => {
            let utf8 = is_utf8(&mut source)?;
            source.seek(SeekFrom::Start(0))?;
            if utf8 {
                Encoding::Utf8
            } else {
                // A UTF-8 mark, then bytes that are not UTF-8: someone re-saved the file.
                bom_mismatch = bom == Some(Encoding::Utf8);
                Encoding::Windows1252
            }
        }
    };
    // The first line that says something: Excel's `sep=;`, or the header.
    let first_line = {
        let mut lines = BufReader::new(Utf8Reader::new(&mut source, encoding));
        let mut line = String::new();
        while line.trim().is_empty() {
            line.clear();
            if lines.read_line(&mut line)? == 0 {
                break;
            }
        }
        drop(lines);
        source.seek(SeekFrom::Start(0))?;
        line
    };
    let sep = excel_separator(&first_line);
    let delimiter = match (options.delimiter, sep) {
        (Some(d), _) => d,
        (None, Some(d)) => d,
        (None, None) => detect_delimiter(&first_line),
    };
    let lines = Rc::new(RefCell::new(Lines {
        quotes: Quotes {
            delimiter,
            ..Quotes::default()
        },
        ..Lines::default()
    }));
    let counting = LineCounting {
        inner: Utf8Reader::new(BufReader::new(source), encoding),
        lines: lines.clone(),
    };
    let records = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(counting);
    Ok(Decoded {
        encoding,
        delimiter,
        records,
        lines,
        bom_mismatch,
        skip_sep_line: sep.is_some(),
    })
}

/// Reads up to `buf.len()` bytes (fewer only at the end).
fn read_up_to(source: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match source.read(&mut buf[got..])? {
            0 => break,
            n => got += n,
        }
    }
    Ok(got)
}

/// Excel's first line `sep=;` names the delimiter.
fn excel_separator(line: &str) -> Option<u8> {
    let line = line.trim_end_matches(['\r', '\n']);
    if !line.get(..4)?.eq_ignore_ascii_case("sep=") {
        return None;
    }
    match &line.as_bytes()[4..] {
        [d] if matches!(d, b',' | b';' | b'\t' | b'|') => Some(*d),
        _ => None,
    }
}

/// True for a record with nothing in it (a line of delimiters or spaces).
pub fn is_blank(record: &csv::StringRecord) -> bool {
    record.iter().all(|f| f.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn rows(bytes: &[u8], options: ReadOptions) -> (Encoding, u8, Vec<(u64, Vec<String>)>) {
        let mut d = open(Cursor::new(bytes.to_vec()), options).unwrap();
        let mut rows = Vec::new();
        let mut record = csv::StringRecord::new();
        while let Some(line) = d.next_record(&mut record).unwrap() {
            rows.push((line, record.iter().map(str::to_owned).collect()));
        }
        (d.encoding, d.delimiter, rows)
    }

    #[test]
    fn utf8_with_bom_crlf_and_semicolons() {
        let (enc, delim, rows) = rows(
            "\u{feff}nom;prénom\r\nLefèvre;Zoé\r\n\r\nO'Neil ; Siobhan \r\n".as_bytes(),
            ReadOptions::default(),
        );
        assert_eq!((enc, delim), (Encoding::Utf8, b';'));
        assert_eq!(
            rows[0].1,
            vec!["nom", "prénom"],
            "the BOM is not part of the first header"
        );
        assert_eq!(rows[1], (2, vec!["Lefèvre".to_owned(), "Zoé".to_owned()]));
        assert_eq!(
            rows[2],
            (4, vec!["O'Neil".to_owned(), "Siobhan".to_owned()]),
            "blank line skipped, spaces trimmed, line kept"
        );
    }

    #[test]
    fn windows_1252_is_detected_and_transcoded() {
        let bytes = b"nom,pr\xe9nom\nC\x9cur,\xc9lodie \x80\n";
        let (enc, delim, rows) = rows(bytes, ReadOptions::default());
        assert_eq!((enc, delim), (Encoding::Windows1252, b','));
        assert_eq!(rows[0].1, vec!["nom", "prénom"]);
        assert_eq!(rows[1].1, vec!["Cœur", "Élodie €"]);
    }

    #[test]
    fn the_encoding_option_wins() {
        let (enc, _, rows) = rows(
            "a,b\nZoé,x\n".as_bytes(),
            ReadOptions {
                encoding: Some(Encoding::Windows1252),
                delimiter: None,
            },
        );
        assert_eq!(enc, Encoding::Windows1252);
        assert_eq!(rows[1].1[0], "ZoÃ©", "read as asked, even when wrong");
    }

    #[test]
    fn quoted_fields_keep_delimiters_quotes_and_newlines() {
        let text = "a\tb\tc\n\"x\ty\"\t\"say \"\"hi\"\"\"\t\"two\nlines\"\nlast\t\t\n";
        let (_, delim, rows) = rows(text.as_bytes(), ReadOptions::default());
        assert_eq!(delim, b'\t');
        assert_eq!(rows[1].1, vec!["x\ty", "say \"hi\"", "two\nlines"]);
        assert_eq!(
            rows[2],
            (4, vec!["last".to_owned(), String::new(), String::new()]),
            "line numbers count the quoted newline"
        );
    }

    #[test]
    fn utf8_validity_survives_chunk_boundaries() {
        let mut text = "é".repeat(40_000).into_bytes();
        assert!(is_utf8(Cursor::new(&text)).unwrap());
        text.push(0xE9);
        assert!(!is_utf8(Cursor::new(&text)).unwrap());
        assert!(
            !is_utf8(Cursor::new(&b"abc\xC3"[..])).unwrap(),
            "a cut sequence at the end is not UTF-8"
        );
    }

    #[test]
    fn line_numbers_survive_blank_lines_crlf_and_quoted_newlines() {
        let text = "h1;h2\r\n\r\n\r\n  ;  \r\na;\"multi\r\nline\"\r\n\nb;c";
        let (_, _, rows) = rows(text.as_bytes(), ReadOptions::default());
        let lines: Vec<u64> = rows.iter().map(|r| r.0).collect();
        assert_eq!(lines, vec![1, 5, 8]);
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut bytes = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            });
        }
        bytes
    }

    #[test]
    fn utf16_with_its_mark_is_read_in_either_order() {
        // Long enough to cross chunk boundaries, with a character outside the BMP.
        let mut text = String::from("nom;prénom\n");
        for i in 0..5000 {
            text.push_str(&format!("Zoë𝄞{i};Éva\n"));
        }
        for big_endian in [false, true] {
            let (encoding, delimiter, rows) =
                rows(&utf16(&text, big_endian), ReadOptions::default());
            assert_eq!(
                encoding,
                if big_endian {
                    Encoding::Utf16Be
                } else {
                    Encoding::Utf16Le
                }
            );
            assert_eq!(delimiter, b';');
            assert_eq!(rows.len(), 5001);
            assert_eq!(rows[0].1, ["nom", "prénom"]);
            assert_eq!(rows[4000].1, ["Zoë𝄞3999", "Éva"]);
            assert_eq!(rows[4000].0, 4001);
        }
    }

    #[test]
    fn excels_sep_line_names_the_delimiter_and_is_not_the_header() {
        let (_, delimiter, rows) = rows(b"sep=,\r\na;b,c\r\n1;2,3\r\n", ReadOptions::default());
        assert_eq!(delimiter, b',');
        assert_eq!(rows[0], (2, vec!["a;b".to_owned(), "c".to_owned()]));
        assert_eq!(rows[1].0, 3);
    }

    #[test]
    fn a_utf8_mark_before_windows_1252_is_read_as_windows_1252_and_said() {
        let bytes = b"\xEF\xBB\xBFnom;pr\xE9nom\nL\xE9a;Zo\xEB\n";
        let d = open(Cursor::new(bytes.to_vec()), ReadOptions::default()).unwrap();
        assert!(d.bom_mismatch);
        let (encoding, _, rows) = rows(bytes, ReadOptions::default());
        assert_eq!(encoding, Encoding::Windows1252);
        assert_eq!(
            rows[0].1,
            ["nom", "prénom"],
            "the mark is not part of the header"
        );
        assert_eq!(rows[1].1, ["Léa", "Zoë"]);
    }

    #[test]
    fn a_quote_never_closed_names_the_line_it_opened_on() {
        let bytes = b"a;b\n1;2\n\n3;\"stray\n4;5\n6;7\n";
        let mut d = open(Cursor::new(bytes.to_vec()), ReadOptions::default()).unwrap();
        let mut record = csv::StringRecord::new();
        let mut outcome = Ok(Some(0));
        while let Ok(Some(_)) = outcome {
            outcome = d.next_record(&mut record);
        }
        match outcome {
            Err(ReadError::UnclosedQuote { line }) => assert_eq!(line, 4),
            other => panic!("{other:?}"),
        }
        // Quotes that close, doubled quotes, quoted newlines, CRLF and quotes inside a
        // field are all fine.
        let fine = b"a,b\r\n\"x \"\"y\"\" z\",\"multi\r\nline\"\r\nJean \"Jo\" D,\"\"\r\n";
        let (_, _, rows) = rows(fine, ReadOptions::default());
        assert_eq!(rows.len(), 3);
    }

    #[test]
    fn delimiter_detection_ignores_quoted_ones() {
        assert_eq!(detect_delimiter("\"a;b;c;d\",e,f"), b',');
        assert_eq!(detect_delimiter("année scolaire;school_id;fichier"), b';');
        assert_eq!(detect_delimiter("single"), b',');
    }
}
