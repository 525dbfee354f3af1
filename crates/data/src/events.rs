//! Streaming readers for political event data: GDELT 1.0 (57-column backfile and 58-column
//! daily rows), GDELT 2.0 (61 columns), ICEWS (header row, tab-separated) and Phoenix (26
//! columns), plain, `.gz` or `.zip`. Layouts follow `shared/docs/data-formats.md` §2.
//!
//! A file is read line by line into one reused buffer; every row becomes one common [`Event`]
//! borrowing from that buffer, handed to a callback. Rows that cannot be read are never dropped
//! silently: each is counted by kind in a [`FileReport`] with its line, and `strict` stops at
//! the first.

use crate::cameo::{cameo, quad_class, GoldsteinTable, QuadConvention};
use crate::countries::countries;
use memchr::memchr_iter;
use std::collections::BTreeMap;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// A file layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// GDELT 1.0, rows of 57 (backfile) or 58 (daily) columns, which may be mixed in a file.
    Gdelt1,
    /// GDELT 1.0 historical backfile only: 57 columns.
    Gdelt1Backfile,
    /// GDELT 1.0 daily updates only: 58 columns.
    Gdelt1Daily,
    /// GDELT 2.0: 61 columns.
    Gdelt2,
    /// ICEWS: a header row naming the columns (normally 20).
    Icews,
    /// Phoenix (OEDA): 26 columns, no header.
    Phoenix,
}

impl Layout {
    pub const NAMES: &'static str = "gdelt1, gdelt1-backfile, gdelt1-daily, gdelt2, icews, phoenix";

    pub fn parse(s: &str) -> Option<Layout> {
        Some(match s.to_ascii_lowercase().as_str() {
            "gdelt1" => Layout::Gdelt1,
            "gdelt1-backfile" => Layout::Gdelt1Backfile,
            "gdelt1-daily" => Layout::Gdelt1Daily,
            "gdelt2" => Layout::Gdelt2,
            "icews" => Layout::Icews,
            "phoenix" => Layout::Phoenix,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Layout::Gdelt1 => "gdelt1",
            Layout::Gdelt1Backfile => "gdelt1-backfile",
            Layout::Gdelt1Daily => "gdelt1-daily",
            Layout::Gdelt2 => "gdelt2",
            Layout::Icews => "icews",
            Layout::Phoenix => "phoenix",
        }
    }

    /// How the layout writes dates, which aggregates keep ("date as written").
    pub fn date_style(self) -> DateStyle {
        match self {
            Layout::Icews => DateStyle::Iso,
            _ => DateStyle::Compact,
        }
    }

    /// Layout from the first line: the ICEWS header, else the number of tab-separated columns
    /// (57 / 58 / 61 / 26), never a positional "at least 58" rule.
    pub fn detect(first_line: &[u8]) -> Option<Layout> {
        if first_line.starts_with(b"Event ID\t") {
            return Some(Layout::Icews);
        }
        match memchr_iter(b'\t', first_line).count() + 1 {
            57 | 58 => Some(Layout::Gdelt1),
            61 => Some(Layout::Gdelt2),
            26 => Some(Layout::Phoenix),
            _ => None,
        }
    }
}

/// How dates are written: `YYYYMMDD` (GDELT, Phoenix) or `YYYY-MM-DD` (ICEWS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    Compact,
    Iso,
}

/// A calendar date checked for a real month and day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

fn days_in_month(y: u16, m: u8) -> u8 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        _ => 31,
    }
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// Days since 0000-03-01 (proleptic Gregorian), for spans between dates.
    pub fn day_number(self) -> i64 {
        let (y, m) = if self.month <= 2 {
            (self.year as i64 - 1, self.month as i64 + 9)
        } else {
            (self.year as i64, self.month as i64 - 3)
        };
        365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + self.day as i64 - 1
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 {
        return None;
    }
    let mut v = 0u32;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + (c - b'0') as u32;
    }
    Some(v)
}

/// `YYYYMMDD`.
fn parse_compact_date(b: &[u8]) -> Option<Date> {
    if b.len() != 8 {
        return None;
    }
    let v = digits(b)?;
    Date::new((v / 10000) as u16, (v / 100 % 100) as u8, (v % 100) as u8)
}

/// `YYYY-MM-DD`, or `m/d/yyyy` as in the ICEWS 2017 file.
fn parse_iso_date(b: &[u8]) -> Option<Date> {
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        return Date::new(
            digits(&b[0..4])? as u16,
            digits(&b[5..7])? as u8,
            digits(&b[8..10])? as u8,
        );
    }
    let mut it = b.split(|&c| c == b'/');
    let (m, d, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || m.len() > 2 || d.len() > 2 || y.len() != 4 {
        return None;
    }
    Date::new(digits(y)? as u16, digits(m)? as u8, digits(d)? as u8)
}

/// A three-letter CAMEO country code.
pub type CountryCode = [u8; 3];

/// One event in the common record of all layouts.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<'a> {
    /// 1-based line in the file.
    pub line: u64,
    /// Event date (GDELT SQLDATE, ICEWS Event Date, Phoenix Date).
    pub date: Date,
    /// Source and target country (GDELT Actor1/2CountryCode; ICEWS country names mapped to
    /// CAMEO codes; Phoenix actor entities); None where missing.
    pub src: Option<CountryCode>,
    pub tgt: Option<CountryCode>,
    /// CAMEO event code as written (leading zeros kept).
    pub code: &'a str,
    /// Quad class 1-4: GDELT's QuadClass column; for ICEWS and Phoenix from the CAMEO root
    /// under the GDELT rule.
    pub quad: u8,
    /// Goldstein score: the row's own (GDELT GoldsteinScale, ICEWS Intensity, Phoenix
    /// GoldsteinScore) unless a table was chosen.
    pub goldstein: f64,
    /// GDELT NumMentions; 1 for ICEWS and Phoenix.
    pub weight: u64,
}

/// Kinds of malformed rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Problem {
    Blank,
    ColumnCount,
    Date,
    EventCode,
    QuadClass,
    Goldstein,
    Weight,
    Country,
    Encoding,
}

impl Problem {
    pub const ALL: [Problem; 9] = [
        Problem::Blank,
        Problem::ColumnCount,
        Problem::Date,
        Problem::EventCode,
        Problem::QuadClass,
        Problem::Goldstein,
        Problem::Weight,
        Problem::Country,
        Problem::Encoding,
    ];
    pub fn name(self) -> &'static str {
        match self {
            Problem::Blank => "blank line",
            Problem::ColumnCount => "wrong column count",
            Problem::Date => "bad date",
            Problem::EventCode => "bad event code",
            Problem::QuadClass => "bad quad class",
            Problem::Goldstein => "bad Goldstein score",
            Problem::Weight => "bad mention count",
            Problem::Country => "bad country code",
            Problem::Encoding => "invalid UTF-8",
        }
    }
}

/// One malformed row: where and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Malformed {
    pub line: u64,
    /// 1-based field number, where one field is at fault.
    pub field: Option<usize>,
    pub problem: Problem,
    pub detail: String,
}

/// How many examples of each kind a report keeps (all are counted).
pub const EXAMPLES_PER_KIND: usize = 20;

/// What reading one file found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileReport {
    pub file: String,
    pub layout: Option<Layout>,
    /// Data rows (header excluded).
    pub rows: u64,
    /// Rows read as events.
    pub events: u64,
    /// Malformed rows by kind, indexed like `Problem::ALL`.
    pub counts: [u64; 9],
    /// The first `EXAMPLES_PER_KIND` malformed rows of each kind, in file order.
    pub examples: Vec<Malformed>,
    /// ICEWS country names with no CAMEO code (events kept, country treated as missing).
    pub unmapped_countries: BTreeMap<String, u64>,
}

impl FileReport {
    pub fn malformed(&self) -> u64 {
        self.counts.iter().sum()
    }
    pub fn count(&self, p: Problem) -> u64 {
        self.counts[p as usize]
    }
    fn record(&mut self, m: Malformed) {
        let i = m.problem as usize;
        self.counts[i] += 1;
        if self.counts[i] as usize <= EXAMPLES_PER_KIND {
            self.examples.push(m);
        }
    }
}

impl fmt::Display for FileReport {
    /// One summary line, then one line per kept malformed row (`FILE:LINE: kind: detail`),
    /// then a line per kind with more rows than shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let layout = self.layout.map(Layout::name).unwrap_or("unknown");
        write!(
            f,
            "{}: layout {layout}, {} rows, {} events, {} malformed",
            self.file,
            self.rows,
            self.events,
            self.malformed()
        )?;
        for p in Problem::ALL {
            if self.count(p) > 0 {
                write!(f, "; {} {}", self.count(p), p.name())?;
            }
        }
        for m in &self.examples {
            write!(f, "\n{}:{}", self.file, m.line)?;
            if let Some(c) = m.field {
                write!(f, ":{c}")?;
            }
            write!(f, ": {}: {}", m.problem.name(), m.detail)?;
        }
        for p in Problem::ALL {
            let n = self.count(p);
            if n > EXAMPLES_PER_KIND as u64 {
                write!(
                    f,
                    "\n{}: … and {} more rows with {}",
                    self.file,
                    n - EXAMPLES_PER_KIND as u64,
                    p.name()
                )?;
            }
        }
        for (name, n) in &self.unmapped_countries {
            write!(
                f,
                "\n{}: country name {name:?} has no CAMEO code ({n} mentions)",
                self.file
            )?;
        }
        Ok(())
    }
}

/// A problem that stops reading: `FILE:LINE:FIELD: message`.
#[derive(Debug, Clone, PartialEq)]
pub struct DataError {
    pub file: String,
    pub line: Option<u64>,
    pub field: Option<usize>,
    pub message: String,
}

impl DataError {
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        DataError {
            file: file.to_string(),
            line: None,
            field: None,
            message: message.into(),
        }
    }
    pub fn at(file: &str, line: u64, message: impl Into<String>) -> Self {
        DataError {
            file: file.to_string(),
            line: Some(line),
            field: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
            if let Some(c) = self.field {
                write!(f, ":{c}")?;
            }
        }
        write!(f, ": {}", self.message.replace(['\n', '\r'], " "))
    }
}

impl std::error::Error for DataError {}

/// Options of a read.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions {
    /// Force a layout instead of detecting it.
    pub layout: Option<Layout>,
    /// Stop with an error at the first malformed row.
    pub strict: bool,
    /// Replace each row's Goldstein score by this table's value for its event code.
    pub goldstein: Option<GoldsteinTable>,
}

/// Maximum number of fields whose bounds are kept (every layout has fewer).
const MAX_FIELDS: usize = 64;

/// Columns of an ICEWS file, found from its header.
#[derive(Debug, Clone, Copy)]
struct IcewsColumns {
    n: usize,
    date: usize,
    src: usize,
    code: usize,
    intensity: usize,
    tgt: usize,
}

impl IcewsColumns {
    fn from_header(line: &[u8], file: &str) -> Result<IcewsColumns, DataError> {
        let names: Vec<&[u8]> = line.split(|&c| c == b'\t').collect();
        let find = |want: &str| -> Result<usize, DataError> {
            names
                .iter()
                .position(|n| *n == want.as_bytes())
                .ok_or_else(|| {
                    DataError::at(file, 1, format!("ICEWS header has no {want:?} column"))
                })
        };
        Ok(IcewsColumns {
            n: names.len(),
            date: find("Event Date")?,
            src: find("Source Country")?,
            code: find("CAMEO Code")?,
            intensity: find("Intensity")?,
            tgt: find("Target Country")?,
        })
    }
}

/// Open a file as a byte stream, decompressing by extension (`.gz`, `.zip`: first entry), and
/// read it. `f` is called once per event, in file order.
pub fn read_file<F: FnMut(&Event)>(
    path: &Path,
    opts: &ReadOptions,
    f: F,
) -> Result<FileReport, DataError> {
    let name = path.display().to_string();
    let file = File::open(path).map_err(|e| DataError::file(&name, format!("cannot open: {e}")))?;
    let lower = name.to_ascii_lowercase();
    const CAP: usize = 1 << 18;
    if lower.ends_with(".gz") {
        let dec = flate2::read::MultiGzDecoder::new(BufReader::with_capacity(CAP, file));
        read_stream(BufReader::with_capacity(CAP, dec), &name, opts, f)
    } else if lower.ends_with(".zip") {
        let mut zip = zip::ZipArchive::new(BufReader::new(file))
            .map_err(|e| DataError::file(&name, format!("not a readable zip archive: {e}")))?;
        let index = (0..zip.len())
            .find(|&i| zip.by_index(i).map(|e| e.is_file()).unwrap_or(false))
            .ok_or_else(|| DataError::file(&name, "zip archive holds no file"))?;
        let entry = zip
            .by_index(index)
            .map_err(|e| DataError::file(&name, format!("cannot read zip entry: {e}")))?;
        read_stream(BufReader::with_capacity(CAP, entry), &name, opts, f)
    } else {
        read_stream(BufReader::with_capacity(CAP, file), &name, opts, f)
    }
}

/// Read events from any buffered byte stream; `name` is used in reports and errors.
pub fn read_stream<R: BufRead, F: FnMut(&Event)>(
    mut reader: R,
    name: &str,
    opts: &ReadOptions,
    mut f: F,
) -> Result<FileReport, DataError> {
    let mut report = FileReport {
        file: name.to_string(),
        layout: opts.layout,
        ..Default::default()
    };
    let mut buf: Vec<u8> = Vec::with_capacity(4096);
    let mut bounds = [(0u32, 0u32); MAX_FIELDS];
    let mut lineno = 0u64;
    let mut layout = opts.layout;
    let mut icews: Option<IcewsColumns> = None;
    loop {
        buf.clear();
        let n = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| DataError::at(name, lineno + 1, format!("read error: {e}")))?;
        if n == 0 {
            break;
        }
        lineno += 1;
        let mut line: &[u8] = &buf;
        if let Some(l) = line.strip_suffix(b"\n") {
            line = l;
        }
        if let Some(l) = line.strip_suffix(b"\r") {
            line = l;
        }
        if lineno == 1 {
            // A UTF-8 byte-order mark would hide the ICEWS header.
            if let Some(l) = line.strip_prefix(b"\xEF\xBB\xBF") {
                line = l;
            }
            if layout.is_none() {
                layout = Some(Layout::detect(line).ok_or_else(|| {
                    DataError::at(
                        name,
                        1,
                        format!(
                            "cannot detect the layout from {} tab-separated columns (GDELT 1.0 has 57 or 58, GDELT 2.0 61, Phoenix 26, ICEWS a header row); use --layout",
                            memchr_iter(b'\t', line).count() + 1
                        ),
                    )
                })?);
                report.layout = layout;
            }
            if layout == Some(Layout::Icews) {
                if !line.starts_with(b"Event ID\t") {
                    return Err(DataError::at(name, 1, "ICEWS file without its header row"));
                }
                icews = Some(IcewsColumns::from_header(line, name)?);
                continue;
            }
        }
        report.rows += 1;
        let Some(lay) = layout else { continue };
        match parse_row(
            line,
            lineno,
            lay,
            icews.as_ref(),
            opts,
            &mut bounds,
            &mut report,
        ) {
            Ok(ev) => {
                report.events += 1;
                f(&ev);
            }
            Err(m) => {
                if opts.strict {
                    let mut e =
                        DataError::at(name, lineno, format!("{}: {}", m.problem.name(), m.detail));
                    e.field = m.field;
                    return Err(e);
                }
                report.record(m);
            }
        }
    }
    Ok(report)
}

/// Split on tabs; returns the number of fields (bounds kept for the first `MAX_FIELDS`).
#[inline]
fn split_fields(line: &[u8], bounds: &mut [(u32, u32); MAX_FIELDS]) -> usize {
    let mut n = 0usize;
    let mut start = 0usize;
    for tab in memchr_iter(b'\t', line) {
        if n < MAX_FIELDS {
            bounds[n] = (start as u32, tab as u32);
        }
        n += 1;
        start = tab + 1;
    }
    if n < MAX_FIELDS {
        bounds[n] = (start as u32, line.len() as u32);
    }
    n + 1
}

fn bad(line: u64, field: usize, problem: Problem, detail: String) -> Malformed {
    Malformed {
        line,
        field: Some(field + 1),
        problem,
        detail,
    }
}

fn show(b: &[u8]) -> String {
    let s = String::from_utf8_lossy(b);
    if s.len() > 40 {
        format!("{:?}…", s.chars().take(40).collect::<String>())
    } else {
        format!("{s:?}")
    }
}

/// A country code field: empty (missing) or three ASCII capitals/digits.
#[inline]
fn country(b: &[u8]) -> Result<Option<CountryCode>, ()> {
    match b.len() {
        0 => Ok(None),
        3 if b
            .iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) =>
        {
            Ok(Some([b[0], b[1], b[2]]))
        }
        _ => Err(()),
    }
}

#[inline]
fn goldstein_value(b: &[u8]) -> Option<f64> {
    let s = std::str::from_utf8(b).ok()?;
    let v: f64 = s.parse().ok()?;
    (v.is_finite() && (-10.0..=10.0).contains(&v)).then_some(v)
}

#[inline]
fn event_code(b: &[u8]) -> Option<&str> {
    cameo().get_bytes(b)?;
    std::str::from_utf8(b).ok()
}

#[allow(clippy::too_many_arguments)]
fn parse_row<'a>(
    line: &'a [u8],
    lineno: u64,
    layout: Layout,
    icews: Option<&IcewsColumns>,
    opts: &ReadOptions,
    bounds: &mut [(u32, u32); MAX_FIELDS],
    report: &mut FileReport,
) -> Result<Event<'a>, Malformed> {
    if line.is_empty() {
        return Err(Malformed {
            line: lineno,
            field: None,
            problem: Problem::Blank,
            detail: "empty line".into(),
        });
    }
    let n = split_fields(line, bounds);
    let field = |i: usize| -> &'a [u8] {
        let (s, e) = bounds[i];
        &line[s as usize..e as usize]
    };
    let columns = |want: &str| Malformed {
        line: lineno,
        field: None,
        problem: Problem::ColumnCount,
        detail: format!("{n} columns, expected {want} for layout {}", layout.name()),
    };
    // The CAMEO event code of column `col`, which must be in the built-in table.
    let code_at = |col: usize| {
        let c = field(col);
        event_code(c).map(|code| (c, code)).ok_or_else(|| {
            bad(
                lineno,
                col,
                Problem::EventCode,
                format!("unknown CAMEO code {}", show(c)),
            )
        })
    };
    // A YYYYMMDD date in column `col`, called `label` in the message.
    let compact_date_at = |col: usize, label: &str| {
        let d = field(col);
        parse_compact_date(d).ok_or_else(|| {
            bad(
                lineno,
                col,
                Problem::Date,
                format!("{label} {} is not a YYYYMMDD date", show(d)),
            )
        })
    };
    let mut ev = match layout {
        Layout::Gdelt1 | Layout::Gdelt1Backfile | Layout::Gdelt1Daily | Layout::Gdelt2 => {
            let ok = match layout {
                Layout::Gdelt1 => n == 57 || n == 58,
                Layout::Gdelt1Backfile => n == 57,
                Layout::Gdelt1Daily => n == 58,
                _ => n == 61,
            };
            if !ok {
                return Err(columns(match layout {
                    Layout::Gdelt1 => "57 or 58",
                    Layout::Gdelt1Backfile => "57",
                    Layout::Gdelt1Daily => "58",
                    _ => "61",
                }));
            }
            let date = compact_date_at(1, "SQLDATE")?;
            let (_, code) = code_at(26)?;
            let q = field(29);
            let quad = match q {
                [x @ b'1'..=b'4'] => x - b'0',
                _ => {
                    return Err(bad(
                        lineno,
                        29,
                        Problem::QuadClass,
                        format!("QuadClass {} is not 1-4", show(q)),
                    ))
                }
            };
            let g = field(30);
            let goldstein = goldstein_value(g).ok_or_else(|| {
                bad(
                    lineno,
                    30,
                    Problem::Goldstein,
                    format!("GoldsteinScale {} is not a number in [-10, 10]", show(g)),
                )
            })?;
            let w = field(31);
            let weight = digits(w).ok_or_else(|| {
                bad(
                    lineno,
                    31,
                    Problem::Weight,
                    format!("NumMentions {} is not a count", show(w)),
                )
            })? as u64;
            let (a, b) = (field(7), field(17));
            let src = country(a).map_err(|_| {
                bad(
                    lineno,
                    7,
                    Problem::Country,
                    format!("Actor1CountryCode {}", show(a)),
                )
            })?;
            let tgt = country(b).map_err(|_| {
                bad(
                    lineno,
                    17,
                    Problem::Country,
                    format!("Actor2CountryCode {}", show(b)),
                )
            })?;
            Event {
                line: lineno,
                date,
                src,
                tgt,
                code,
                quad,
                goldstein,
                weight,
            }
        }
        Layout::Icews => {
            let cols = icews.ok_or_else(|| columns("a header"))?;
            if n != cols.n {
                return Err(columns(&cols.n.to_string()));
            }
            let d = field(cols.date);
            let date = parse_iso_date(d).ok_or_else(|| {
                bad(
                    lineno,
                    cols.date,
                    Problem::Date,
                    format!("Event Date {} is not YYYY-MM-DD", show(d)),
                )
            })?;
            let (c, code) = code_at(cols.code)?;
            let quad = quad_class(c, QuadConvention::Gdelt).ok_or_else(|| {
                bad(
                    lineno,
                    cols.code,
                    Problem::EventCode,
                    format!("CAMEO root of {}", show(c)),
                )
            })?;
            let g = field(cols.intensity);
            let goldstein = goldstein_value(g).ok_or_else(|| {
                bad(
                    lineno,
                    cols.intensity,
                    Problem::Goldstein,
                    format!("Intensity {} is not a number in [-10, 10]", show(g)),
                )
            })?;
            let src = icews_country(field(cols.src), lineno, cols.src, report)?;
            let tgt = icews_country(field(cols.tgt), lineno, cols.tgt, report)?;
            Event {
                line: lineno,
                date,
                src,
                tgt,
                code,
                quad,
                goldstein,
                weight: 1,
            }
        }
        Layout::Phoenix => {
            if n != 26 {
                return Err(columns("26"));
            }
            let date = compact_date_at(1, "Date")?;
            let (c, code) = code_at(13)?;
            let quad = quad_class(c, QuadConvention::Gdelt).ok_or_else(|| {
                bad(
                    lineno,
                    13,
                    Problem::EventCode,
                    format!("CAMEO root of {}", show(c)),
                )
            })?;
            let q = field(15);
            if !matches!(q, [b'0'..=b'4']) {
                return Err(bad(
                    lineno,
                    15,
                    Problem::QuadClass,
                    format!("QuadClass {} is not 0-4", show(q)),
                ));
            }
            let g = field(16);
            let goldstein = goldstein_value(g).ok_or_else(|| {
                bad(
                    lineno,
                    16,
                    Problem::Goldstein,
                    format!("GoldsteinScore {} is not a number in [-10, 10]", show(g)),
                )
            })?;
            let (a, b) = (field(6), field(10));
            let src = country(a).map_err(|_| {
                bad(
                    lineno,
                    6,
                    Problem::Country,
                    format!("SourceActorEntity {}", show(a)),
                )
            })?;
            let tgt = country(b).map_err(|_| {
                bad(
                    lineno,
                    10,
                    Problem::Country,
                    format!("TargetActorEntity {}", show(b)),
                )
            })?;
            Event {
                line: lineno,
                date,
                src,
                tgt,
                code,
                quad,
                goldstein,
                weight: 1,
            }
        }
    };
    if let Some(t) = opts.goldstein {
        ev.goldstein = cameo()
            .goldstein(ev.code.as_bytes(), t)
            .ok_or_else(|| Malformed {
                line: lineno,
                field: None,
                problem: Problem::Goldstein,
                detail: format!("code {} has no value in the {t:?} Goldstein table", ev.code),
            })?;
    }
    Ok(ev)
}

/// An ICEWS country name mapped to its CAMEO code; `NA`/empty are missing; unknown names are
/// tallied in the report and treated as missing.
fn icews_country(
    b: &[u8],
    lineno: u64,
    col: usize,
    report: &mut FileReport,
) -> Result<Option<CountryCode>, Malformed> {
    if b.is_empty() || b == b"NA" {
        return Ok(None);
    }
    let s = std::str::from_utf8(b).map_err(|_| {
        bad(
            lineno,
            col,
            Problem::Encoding,
            format!("country name {}", show(b)),
        )
    })?;
    match countries().by_name(s).map(|c| c.cameo.as_bytes()) {
        Some([x, y, z]) => Ok(Some([*x, *y, *z])),
        _ => {
            *report.unmapped_countries.entry(s.to_string()).or_insert(0) += 1;
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        assert_eq!(parse_compact_date(b"20160229"), Date::new(2016, 2, 29));
        assert_eq!(parse_compact_date(b"20170229"), None);
        assert_eq!(parse_compact_date(b"20171301"), None);
        assert_eq!(parse_compact_date(b"2017010"), None);
        assert_eq!(parse_iso_date(b"2018-06-01"), Date::new(2018, 6, 1));
        assert_eq!(parse_iso_date(b"6/1/2017"), Date::new(2017, 6, 1));
        assert_eq!(parse_iso_date(b"2018-6-01"), None);
        let a = Date::new(2017, 1, 1).map(Date::day_number);
        let b = Date::new(2018, 1, 1).map(Date::day_number);
        assert_eq!(b.zip(a).map(|(b, a)| b - a), Some(365));
    }

    #[test]
    fn layout_by_column_count() {
        let row = |n: usize| vec!["x"; n].join("\t");
        assert_eq!(Layout::detect(row(57).as_bytes()), Some(Layout::Gdelt1));
        assert_eq!(Layout::detect(row(58).as_bytes()), Some(Layout::Gdelt1));
        assert_eq!(Layout::detect(row(61).as_bytes()), Some(Layout::Gdelt2));
        assert_eq!(Layout::detect(row(26).as_bytes()), Some(Layout::Phoenix));
        assert_eq!(Layout::detect(row(59).as_bytes()), None);
        assert_eq!(Layout::detect(b"Event ID\tEvent Date"), Some(Layout::Icews));
    }
}
