//! Export dialects, written row by row to any `Write` (so memory stays flat):
//! - `csv`: RFC 4180 — `,`, CRLF, fields quoted when they hold `,` `"` CR or LF, quotes doubled;
//! - `excel`: what Excel and LibreOffice open directly in France — `;`, UTF-8 BOM, CRLF,
//!   decimal comma, `oui`/`non`, dates as `AAAA-MM-JJ hh:mm:ss` (UTC), and free text starting
//!   with `=`, `+`, `-`, `@` prefixed with `'` so a resident's words never run as a formula;
//! - `jsonl`: one JSON object per line (`\n`), typed values.

use std::io::{self, Write};

use serde_json::{Map, Value as Json};

use crate::clock::to_datetime;
use crate::error::ApiError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Excel,
    JsonLines,
}

impl Format {
    pub fn parse(value: Option<&str>) -> Result<Self, ApiError> {
        match value.unwrap_or("csv") {
            "csv" => Ok(Self::Csv),
            "excel" | "csv_excel" | "excel_fr" => Ok(Self::Excel),
            "jsonl" | "json" | "ndjson" => Ok(Self::JsonLines),
            other => Err(ApiError::bad_request(
                "invalid_format",
                format!("format inconnu : {other} (csv, excel ou jsonl)"),
                Some("format".into()),
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Excel => "excel",
            Self::JsonLines => "jsonl",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Csv | Self::Excel => "text/csv; charset=utf-8",
            Self::JsonLines => "application/x-ndjson; charset=utf-8",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv | Self::Excel => "csv",
            Self::JsonLines => "jsonl",
        }
    }

    fn separator(self) -> u8 {
        match self {
            Self::Excel => b';',
            _ => b',',
        }
    }
}

/// One exported value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Free text (a resident's or volunteer's words): guarded against formulas in `excel`.
    Text(String),
    /// A code or identifier we produced.
    Code(String),
    Int(i64),
    Number(f64),
    Bool(bool),
    /// Unix milliseconds.
    Time(i64),
    Empty,
}

impl Value {
    pub fn opt_text(value: Option<String>) -> Self {
        value.map_or(Self::Empty, Self::Text)
    }

    pub fn opt_code(value: Option<String>) -> Self {
        value.map_or(Self::Empty, Self::Code)
    }

    fn to_json(&self) -> Json {
        match self {
            Self::Text(s) | Self::Code(s) => Json::String(s.clone()),
            Self::Int(n) => Json::from(*n),
            Self::Number(n) => serde_json::Number::from_f64(*n).map_or(Json::Null, Json::Number),
            Self::Bool(b) => Json::Bool(*b),
            Self::Time(ms) => Json::String(to_datetime(*ms).to_rfc3339()),
            Self::Empty => Json::Null,
        }
    }
}

/// Writes rows in one dialect; the header (and BOM) first for CSV.
pub struct RowWriter<W: Write> {
    out: W,
    format: Format,
    columns: Vec<String>,
    line: Vec<u8>,
}

impl<W: Write> RowWriter<W> {
    pub fn new(mut out: W, format: Format, columns: Vec<String>) -> io::Result<Self> {
        if format == Format::Excel {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let mut writer = Self {
            out,
            format,
            columns,
            line: Vec::with_capacity(1024),
        };
        if format != Format::JsonLines {
            let header: Vec<Value> = writer.columns.iter().cloned().map(Value::Code).collect();
            writer.csv_row(&header)?;
        }
        Ok(writer)
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// One row, values in column order.
    pub fn row(&mut self, values: &[Value]) -> io::Result<()> {
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

    /// A free-form JSON line (JSON lines only; ignored for CSV).
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

    pub fn into_inner(self) -> W {
        self.out
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
            let at = to_datetime(*ms);
            if excel {
                write!(line, "{}", at.format("%Y-%m-%d %H:%M:%S"))
            } else {
                write!(line, "{}", at.format("%Y-%m-%dT%H:%M:%SZ"))
            }
        }
        Value::Code(s) => {
            push_text(line, format.separator(), s);
            Ok(())
        }
        Value::Text(s) => {
            if excel && s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                push_text(line, format.separator(), &format!("'{s}"));
            } else {
                push_text(line, format.separator(), s);
            }
            Ok(())
        }
    };
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
        let mut writer = RowWriter::new(Vec::new(), format, vec!["a".into(), "b".into()]).unwrap();
        writer.row(values).unwrap();
        String::from_utf8(writer.into_inner()).unwrap()
    }

    #[test]
    fn rfc4180_quotes_only_what_needs_it() {
        let out = render(
            Format::Csv,
            &[
                Value::Text("dit \"non\", puis\noui".into()),
                Value::Number(3.5),
            ],
        );
        assert_eq!(out, "a,b\r\n\"dit \"\"non\"\", puis\noui\",3.5\r\n");
    }

    #[test]
    fn excel_fr_has_a_bom_semicolons_decimal_commas_and_no_formulas() {
        let out = render(
            Format::Excel,
            &[Value::Text("=1+1; é".into()), Value::Number(3.5)],
        );
        assert_eq!(out, "\u{feff}a;b\r\n\"'=1+1; é\";3,5\r\n");
        let out = render(Format::Excel, &[Value::Bool(true), Value::Int(-4)]);
        assert!(out.ends_with("oui;-4\r\n"));
    }

    #[test]
    fn json_lines_are_typed() {
        let out = render(Format::JsonLines, &[Value::Empty, Value::Time(0)]);
        assert_eq!(out, "{\"a\":null,\"b\":\"1970-01-01T00:00:00+00:00\"}\n");
    }
}
