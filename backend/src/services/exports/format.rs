//! Export dialects, written row by row to any `Write` (so memory stays flat):
//! - `csv`: RFC 4180 — `,`, CRLF, fields quoted when they hold `,` `"` CR or LF, quotes doubled —
//!   after a UTF-8 BOM, so that a spreadsheet opened on it reads `marché`, not `marchÃ©` (CSV
//!   readers skip it; programs have JSON lines);
//! - `excel`: what Excel and LibreOffice open directly in France — `;`, UTF-8 BOM, CRLF,
//!   decimal comma, `oui`/`non`, dates as `AAAA-MM-JJ hh:mm:ss` (UTC);
//! - `jsonl`: one JSON object per line (`\n`), typed values;
//! - `xlsx`: a workbook, numbers as numbers and dates as dates ([`super::xlsx`]).
//!
//! Cells hold codes (`bellevue`, `40_59`) or, with labels, words (`Bellevue`, `40 à 59 ans`,
//! French headers): [`super::labels`]. The spreadsheet formats have labels by default.
//!
//! Both CSV dialects open in a spreadsheet, so in both free text goes through
//! [`formula_guard`]: a resident's words never run as a formula. JSON lines are read by
//! programs, not spreadsheets, and keep the text as sent.

use std::borrow::Cow;
use std::io::{self, Write};

use chrono::{Datelike, Timelike};

use serde_json::{Map, Value as Json};

use super::xlsx::XlsxSheets;
use crate::clock::to_datetime;
use crate::error::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Excel,
    JsonLines,
    /// A real workbook (Office Open XML).
    Xlsx,
}

impl Format {
    pub fn parse(value: Option<&str>) -> Result<Self, ApiError> {
        match value.unwrap_or("csv") {
            "csv" => Ok(Self::Csv),
            "excel" | "csv_excel" | "excel_fr" => Ok(Self::Excel),
            "jsonl" | "json" | "ndjson" => Ok(Self::JsonLines),
            "xlsx" => Ok(Self::Xlsx),
            other => Err(ApiError::bad_request(
                "invalid_format",
                format!("format inconnu : {other} (csv, excel, xlsx ou jsonl)"),
                Some("format".into()),
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Excel => "excel",
            Self::JsonLines => "jsonl",
            Self::Xlsx => "xlsx",
        }
    }

    fn is_csv(self) -> bool {
        matches!(self, Self::Csv | Self::Excel)
    }

    /// Whether cells hold labels unless asked otherwise: the spreadsheet formats do.
    pub fn labels_by_default(self) -> bool {
        matches!(self, Self::Excel | Self::Xlsx)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Csv | Self::Excel => "text/csv; charset=utf-8",
            Self::JsonLines => "application/x-ndjson; charset=utf-8",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// How a file in this format ends: `.csv`, `-excel-fr.csv` (so the two CSV dialects
    /// downloaded side by side do not take each other's name), `.jsonl`.
    pub fn file_ending(self) -> &'static str {
        match self {
            Self::Csv => ".csv",
            Self::Excel => "-excel-fr.csv",
            Self::JsonLines => ".jsonl",
            Self::Xlsx => ".xlsx",
        }
    }

    fn separator(self) -> u8 {
        match self {
            Self::Excel => b';',
            _ => b',',
        }
    }
}

/// One exported value, borrowing its text from the row being written where it can.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// Free text (a resident's or volunteer's words): guarded against formulas in `excel`.
    Text(Cow<'a, str>),
    /// A code or identifier we produced.
    Code(Cow<'a, str>),
    Int(i64),
    Number(f64),
    Bool(bool),
    /// Unix milliseconds.
    Time(i64),
    Empty,
}

impl<'a> Value<'a> {
    pub fn text(value: impl Into<Cow<'a, str>>) -> Self {
        Self::Text(value.into())
    }

    pub fn code(value: impl Into<Cow<'a, str>>) -> Self {
        Self::Code(value.into())
    }

    pub fn opt_text(value: Option<&'a str>) -> Self {
        value.map_or(Self::Empty, |v| Self::Text(v.into()))
    }

    pub fn opt_code(value: Option<&'a str>) -> Self {
        value.map_or(Self::Empty, |v| Self::Code(v.into()))
    }

    fn to_json(&self) -> Json {
        match self {
            Self::Text(s) | Self::Code(s) => Json::String(s.to_string()),
            Self::Int(n) => Json::from(*n),
            Self::Number(n) => serde_json::Number::from_f64(*n).map_or(Json::Null, Json::Number),
            Self::Bool(b) => Json::Bool(*b),
            Self::Time(ms) => Json::String(to_datetime(*ms).to_rfc3339()),
            Self::Empty => Json::Null,
        }
    }
}

/// One table of an export: its sheet's name (`.xlsx`), its columns' keys (JSON lines' names,
/// CSV headers without labels) and their headers.
#[derive(Debug, Clone)]
pub struct Table {
    pub sheet: &'static str,
    pub keys: Vec<String>,
    pub headers: Vec<String>,
}

impl Table {
    /// Headers are the keys, or their French names when the export has labels.
    pub fn new(sheet: &'static str, keys: Vec<String>, labels: bool) -> Self {
        let headers = if labels {
            keys.iter()
                .map(|k| super::labels::header(k).to_owned())
                .collect()
        } else {
            keys.clone()
        };
        Self {
            sheet,
            keys,
            headers,
        }
    }
}

/// Writes rows in one dialect; the header (and BOM) first for CSV.
pub struct RowWriter<'w> {
    out: &'w mut dyn Write,
    format: Format,
    columns: Vec<String>,
    line: Vec<u8>,
    xlsx: Option<XlsxSheets>,
}

impl<'w> RowWriter<'w> {
    pub fn new(out: &'w mut dyn Write, format: Format, table: Table) -> io::Result<Self> {
        let mut writer = Self {
            out,
            format,
            columns: Vec::new(),
            line: Vec::with_capacity(1024),
            xlsx: (format == Format::Xlsx).then(XlsxSheets::new),
        };
        if format.is_csv() {
            writer.out.write_all("\u{feff}".as_bytes())?;
        }
        writer.start(table)?;
        Ok(writer)
    }

    fn start(&mut self, table: Table) -> io::Result<()> {
        if let Some(xlsx) = &mut self.xlsx {
            xlsx.start_sheet(table.sheet, &table.headers)?;
        } else if self.format.is_csv() {
            let header: Vec<Value> = table
                .headers
                .iter()
                .map(|c| Value::code(c.as_str()))
                .collect();
            self.csv_row(&header)?;
        }
        self.columns = table.keys;
        Ok(())
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// Whether this dialect holds more than one table (`.xlsx` sheets).
    pub fn has_sheets(&self) -> bool {
        self.xlsx.is_some()
    }

    /// Starts the next table: a new sheet of an `.xlsx` (call only when [`Self::has_sheets`]).
    pub fn next_table(&mut self, table: Table) -> io::Result<()> {
        if self.xlsx.is_none() {
            return Err(io::Error::other("this export format holds one table"));
        }
        self.start(table)
    }

    /// One row, values in column order.
    pub fn row(&mut self, values: &[Value]) -> io::Result<()> {
        if let Some(xlsx) = &mut self.xlsx {
            return xlsx.row(values);
        }
        match self.format {
            Format::JsonLines => {
                let object: Map<String, Json> = self
                    .columns
                    .iter()
                    .zip(values)
                    .map(|(name, value)| (name.clone(), value.to_json()))
                    .collect();
                self.json_line(&Json::Object(object))
            }
            _ => self.csv_row(values),
        }
    }

    /// A free-form JSON line (JSON lines only; ignored by the other dialects).
    pub fn json_line(&mut self, value: &Json) -> io::Result<()> {
        if self.format != Format::JsonLines {
            return Ok(());
        }
        self.line.clear();
        serde_json::to_writer(&mut self.line, value)?;
        self.line.push(b'\n');
        self.out.write_all(&self.line)
    }

    fn csv_row(&mut self, values: &[Value]) -> io::Result<()> {
        self.line.clear();
        let sep = self.format.separator();
        for (i, value) in values.iter().enumerate() {
            if i > 0 {
                self.line.push(sep);
            }
            push_field(&mut self.line, self.format, value);
        }
        self.line.extend_from_slice(b"\r\n");
        self.out.write_all(&self.line)
    }

    /// Ends the export: the `.xlsx` is assembled and written out here.
    pub fn finish(self) -> io::Result<()> {
        match self.xlsx {
            Some(xlsx) => xlsx.finish(self.out),
            None => self.out.flush(),
        }
    }
}

/// Characters that make a spreadsheet cell a formula (or a DDE call) when they lead it: `=`,
/// `+`, `-`, `@`, tab and CR, and their full-width forms (which some spreadsheets fold).
const FORMULA_LEADS: [char; 10] = [
    '=', '+', '-', '@', '\t', '\r', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
];

/// The one formula guard of every spreadsheet export (answers, testimonies, outings, audit
/// log): text led by a formula character gets a `'` in front, which spreadsheets show as text.
pub fn formula_guard(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_LEADS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

fn push_field(line: &mut Vec<u8>, format: Format, value: &Value) {
    use std::io::Write as _;
    let excel = format == Format::Excel;
    // Writing into a Vec cannot fail.
    let _ = match value {
        Value::Empty => Ok(()),
        Value::Int(n) => write!(line, "{n}"),
        Value::Number(n) if excel => {
            let start = line.len();
            let written = write!(line, "{n}");
            for b in &mut line[start..] {
                if *b == b'.' {
                    *b = b',';
                }
            }
            written
        }
        Value::Number(n) => write!(line, "{n}"),
        Value::Bool(b) => line.write_all(match (excel, b) {
            (true, true) => b"oui",
            (true, false) => b"non",
            (false, true) => b"true",
            (false, false) => b"false",
        }),
        Value::Time(ms) => {
            push_time(line, *ms, excel);
            Ok(())
        }
        Value::Code(s) => {
            push_text(line, format.separator(), s);
            Ok(())
        }
        Value::Text(s) => {
            push_text(line, format.separator(), &formula_guard(s));
            Ok(())
        }
    };
}

/// `AAAA-MM-JJ hh:mm:ss` (excel) or `AAAA-MM-JJThh:mm:ssZ`, UTC: written digit by digit, as
/// chrono's formatter costs more than the rest of a row.
fn push_time(line: &mut Vec<u8>, ms: i64, excel: bool) {
    fn digits(line: &mut Vec<u8>, value: u32, width: usize) {
        let start = line.len();
        let mut value = value;
        for _ in 0..width {
            line.push(b'0' + (value % 10) as u8);
            value /= 10;
        }
        line[start..].reverse();
    }
    let at = to_datetime(ms);
    let year = at.year();
    if !(0..=9999).contains(&year) {
        let _ = write!(line, "{}", at.format("%Y-%m-%dT%H:%M:%SZ"));
        return;
    }
    digits(line, year.unsigned_abs(), 4);
    line.push(b'-');
    digits(line, at.month(), 2);
    line.push(b'-');
    digits(line, at.day(), 2);
    line.push(if excel { b' ' } else { b'T' });
    digits(line, at.hour(), 2);
    line.push(b':');
    digits(line, at.minute(), 2);
    line.push(b':');
    digits(line, at.second(), 2);
    if !excel {
        line.push(b'Z');
    }
}

fn push_text(line: &mut Vec<u8>, sep: u8, text: &str) {
    let needs_quotes = text
        .bytes()
        .any(|b| b == sep || b == b'"' || b == b'\r' || b == b'\n');
    if !needs_quotes {
        line.extend_from_slice(text.as_bytes());
        return;
    }
    line.push(b'"');
    for b in text.bytes() {
        if b == b'"' {
            line.push(b'"');
        }
        line.push(b);
    }
    line.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(format: Format, values: &[Value]) -> String {
        let mut out = Vec::new();
        let table = Table::new("t", vec!["a".into(), "b".into()], false);
        let mut writer = RowWriter::new(&mut out, format, table).unwrap();
        writer.row(values).unwrap();
        writer.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn rfc4180_quotes_only_what_needs_it() {
        let out = render(
            Format::Csv,
            &[Value::text("dit \"non\", puis\noui"), Value::Number(3.5)],
        );
        assert_eq!(out, "\u{feff}a,b\r\n\"dit \"\"non\"\", puis\noui\",3.5\r\n");
    }

    #[test]
    fn excel_fr_has_a_bom_semicolons_decimal_commas_and_no_formulas() {
        let out = render(Format::Excel, &[Value::text("=1+1; é"), Value::Number(3.5)]);
        assert_eq!(out, "\u{feff}a;b\r\n\"'=1+1; é\";3,5\r\n");
        let out = render(Format::Excel, &[Value::Bool(true), Value::Int(-4)]);
        assert!(out.ends_with("oui;-4\r\n"));
    }

    #[test]
    fn no_csv_dialect_lets_a_formula_through() {
        for lead in ["=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"] {
            let text = format!("{lead}HYPERLINK(\"x\")");
            for format in [Format::Csv, Format::Excel] {
                let out = render(format, &[Value::text(text.as_str()), Value::Empty]);
                let cell = out.lines().nth(1).unwrap().trim_start_matches('"');
                assert!(cell.starts_with('\''), "{format:?} {lead:?}: {out:?}");
            }
        }
        let out = render(Format::Csv, &[Value::code("-1"), Value::text("a-b")]);
        assert!(out.ends_with("-1,a-b\r\n"), "{out}");
    }

    #[test]
    fn times_are_utc_in_each_dialect() {
        // 2026-03-29 01:59:59.999 UTC, the night the clocks change in France.
        let ms = 1_774_749_599_999;
        assert_eq!(
            render(Format::Csv, &[Value::Time(ms), Value::Time(0)]),
            "\u{feff}a,b\r\n2026-03-29T01:59:59Z,1970-01-01T00:00:00Z\r\n"
        );
        assert!(render(Format::Excel, &[Value::Time(ms), Value::Empty])
            .ends_with("2026-03-29 01:59:59;\r\n"));
    }

    #[test]
    fn json_lines_are_typed() {
        let out = render(Format::JsonLines, &[Value::Empty, Value::Time(0)]);
        assert_eq!(out, "{\"a\":null,\"b\":\"1970-01-01T00:00:00+00:00\"}\n");
    }
}
