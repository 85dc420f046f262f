//! The `.xlsx` dialect: a real workbook (`rust_xlsxwriter`), one sheet per table — the export's
//! rows first, then, for exports with labels, a "Codes" sheet saying what each label's code is.
//! Numbers are numbers, dates are dates (in Nantes time, `jj/mm/aaaa hh:mm`), text is text: a
//! cell written as a string is never run as a formula, so no guard is needed here.
//!
//! Rows go to disk as they are written (constant-memory sheets); the finished workbook is built
//! in a temporary file and copied to the output (the output is not `Send`).

use std::io::{self, Seek, Write};

use chrono::{Datelike, Timelike};
use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Workbook, XlsxError};

use super::format::Value;
use crate::clock::to_datetime;
use crate::services::period::TIME_ZONE;

/// Excel's limit on a cell's text.
const MAX_CELL_CHARS: usize = 32_767;

fn io(error: XlsxError) -> io::Error {
    io::Error::other(error)
}

pub struct XlsxSheets {
    workbook: Workbook,
    sheet: Option<usize>,
    row: u32,
    bold: CellFormat,
    date: CellFormat,
}

impl XlsxSheets {
    pub fn new() -> Self {
        Self {
            workbook: Workbook::new(),
            sheet: None,
            row: 0,
            bold: CellFormat::new().set_bold(),
            date: CellFormat::new().set_num_format("dd/mm/yyyy hh:mm"),
        }
    }

    /// Starts a sheet with its header row (bold, frozen) and column widths from the headers.
    pub fn start_sheet(&mut self, name: &str, headers: &[String]) -> io::Result<()> {
        let index = self.sheet.map_or(0, |i| i + 1);
        let sheet = self
            .workbook
            .add_worksheet_with_constant_memory()
            .map_err(io)?;
        sheet.set_name(name).map_err(io)?;
        for (col, header) in headers.iter().enumerate() {
            let col = u16::try_from(col).map_err(io::Error::other)?;
            let width = (header.chars().count() + 2).clamp(10, 40) as f64;
            sheet.set_column_width(col, width).map_err(io)?;
        }
        sheet.set_freeze_panes(1, 0).map_err(io)?;
        for (col, header) in headers.iter().enumerate() {
            let col = u16::try_from(col).map_err(io::Error::other)?;
            sheet
                .write_string_with_format(0, col, header, &self.bold)
                .map_err(io)?;
        }
        self.sheet = Some(index);
        self.row = 1;
        Ok(())
    }

    pub fn row(&mut self, values: &[Value]) -> io::Result<()> {
        let Some(index) = self.sheet else {
            return Err(io::Error::other("xlsx: row before any sheet"));
        };
        let row = self.row;
        let sheet = self.workbook.worksheet_from_index(index).map_err(io)?;
        for (col, value) in values.iter().enumerate() {
            let col = u16::try_from(col).map_err(io::Error::other)?;
            match value {
                Value::Empty => {}
                Value::Text(s) | Value::Code(s) => {
                    let text = if s.chars().count() > MAX_CELL_CHARS {
                        s.chars().take(MAX_CELL_CHARS).collect::<String>().into()
                    } else {
                        std::borrow::Cow::Borrowed(s.as_ref())
                    };
                    sheet.write_string(row, col, text.as_ref()).map_err(io)?;
                }
                Value::Int(n) => {
                    sheet.write_number(row, col, *n as f64).map_err(io)?;
                }
                Value::Number(n) => {
                    sheet.write_number(row, col, *n).map_err(io)?;
                }
                Value::Bool(b) => {
                    sheet
                        .write_string(row, col, if *b { "oui" } else { "non" })
                        .map_err(io)?;
                }
                Value::Time(ms) => {
                    let at = to_datetime(*ms).with_timezone(&TIME_ZONE);
                    let cell =
                        u16::try_from(at.year())
                            .map_err(io::Error::other)
                            .and_then(|year| {
                                ExcelDateTime::from_ymd(year, at.month() as u8, at.day() as u8)
                                    .and_then(|d| {
                                        d.and_hms(at.hour() as u16, at.minute() as u8, at.second())
                                    })
                                    .map_err(io)
                            });
                    match cell {
                        Ok(cell) => {
                            sheet
                                .write_datetime_with_format(row, col, &cell, &self.date)
                                .map_err(io)?;
                        }
                        // Outside Excel's calendar (before 1900): the date as text.
                        Err(_) => {
                            sheet.write_string(row, col, at.to_rfc3339()).map_err(io)?;
                        }
                    }
                }
            }
        }
        self.row += 1;
        Ok(())
    }

    /// Builds the workbook in a temporary file and copies it to `out`.
    pub fn finish(mut self, out: &mut dyn Write) -> io::Result<()> {
        let mut file = tempfile::tempfile()?;
        self.workbook.save_to_writer(&file).map_err(io)?;
        file.rewind()?;
        io::copy(&mut file, out)?;
        Ok(())
    }
}
