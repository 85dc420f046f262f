//! A form file's bytes → its sheets as rows of text cells. `.xlsx`, `.xls` and `.ods` are read
//! by calamine; CSV (comma or semicolon, with or without a BOM) by the `csv` crate; the
//! markdown tables of pyxform's own tests by hand (one `|` per cell). What is not one of these
//! is refused with a message saying what it looks like.

use std::io::Cursor;

use calamine::{Data, Reader};

use crate::error::ApiError;

/// Largest file accepted (the API's body limit is the same).
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// What the unpacked parts of an `.xlsx`/`.ods` may add up to: a real form of 200 questions in
/// six languages unpacks to a few megabytes; a zip bomb to gigabytes.
const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
const MAX_ZIP_ENTRIES: usize = 2_000;
/// Rows and columns read per sheet: forms have hundreds of rows, not hundreds of thousands.
pub const MAX_ROWS: usize = 20_000;
pub const MAX_COLUMNS: usize = 200;

/// One sheet: its name as written and its rows, row 0 being the spreadsheet's row 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<String>>,
}

fn unreadable(message: impl Into<String>) -> ApiError {
    ApiError::validation("not_a_form", message, Some("file".to_owned()))
}

/// Reads every sheet of a form file. `file_name` only helps tell CSV from markdown.
pub fn read_sheets(bytes: &[u8], file_name: &str) -> Result<Vec<Sheet>, ApiError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ApiError::PayloadTooLarge(
            "fichier de plus de 5 Mo : un formulaire tient en quelques centaines de Ko".into(),
        ));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(unreadable("le fichier est vide"));
    }
    if bytes.starts_with(b"PK\x03\x04") {
        check_zip(bytes)?;
        return read_workbook(bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return read_workbook(bytes);
    }
    if bytes.starts_with(b"%PDF") {
        return Err(unreadable(
            "ce fichier est un PDF, pas un tableur : enregistrez le formulaire en .xlsx, .xls ou .csv",
        ));
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(
        |_| unreadable("ni tableur (.xlsx, .xls, .ods) ni texte CSV en UTF-8 : fichier illisible"),
    )?;
    if file_name.to_lowercase().ends_with(".md") || first_line(text).starts_with('|') {
        Ok(read_markdown(text))
    } else {
        read_csv(text)
    }
}

fn first_line(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
        .unwrap_or("")
}

/// Refuses an archive whose parts unpack to more than [`MAX_UNPACKED_BYTES`] before calamine
/// unpacks anything.
fn check_zip(bytes: &[u8]) -> Result<(), ApiError> {
    let archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| unreadable("archive .xlsx/.ods abîmée : le fichier ne s'ouvre pas"))?;
    if archive.len() > MAX_ZIP_ENTRIES {
        return Err(unreadable(
            "archive de plus de 2 000 parties : pas un formulaire",
        ));
    }
    let mut archive = archive;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive
            .by_index_raw(index)
            .map_err(|_| unreadable("archive .xlsx/.ods abîmée : une partie est illisible"))?;
        total = total.saturating_add(entry.size());
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(unreadable(format!(
            "le fichier décompressé ferait {} Mo (64 Mo au plus) : refusé sans être ouvert",
            total / (1024 * 1024)
        )));
    }
    Ok(())
}

fn read_workbook(bytes: &[u8]) -> Result<Vec<Sheet>, ApiError> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|_| {
        unreadable("tableur illisible : le fichier n'est pas un .xlsx, .xls ou .ods valide")
    })?;
    let names = book.sheet_names();
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let range = book
            .worksheet_range(&name)
            .map_err(|_| unreadable(format!("feuille « {name} » illisible")))?;
        sheets.push(Sheet {
            rows: range_rows(&range),
            name,
        });
    }
    Ok(sheets)
}

/// The range's cells placed at their spreadsheet positions (a range starts at its first
/// non-empty cell), as text: whole numbers without `.0`, so an option named `1` reads `1`.
fn range_rows(range: &calamine::Range<Data>) -> Vec<Vec<String>> {
    let Some((first_row, first_column)) = range.start() else {
        return Vec::new();
    };
    let (first_row, first_column) = (first_row as usize, first_column as usize);
    let mut rows: Vec<Vec<String>> = vec![Vec::new(); first_row.min(MAX_ROWS)];
    for row in range.rows().take(MAX_ROWS.saturating_sub(first_row)) {
        let mut cells = vec![String::new(); first_column.min(MAX_COLUMNS)];
        cells.extend(
            row.iter()
                .take(MAX_COLUMNS.saturating_sub(first_column))
                .map(cell_text),
        );
        rows.push(cells);
    }
    rows
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Float(value) if value.fract() == 0.0 && value.abs() < 1e15 => {
            format!("{}", *value as i64)
        }
        Data::Error(_) => String::new(),
        other => other.to_string(),
    }
}

/// CSV in either dialect: the separator is whichever of `;` and `,` the first line has more of
/// outside quotes (French spreadsheets write `;`).
fn read_csv(text: &str) -> Result<Vec<Sheet>, ApiError> {
    let delimiter = guess_delimiter(first_line(text));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records().take(MAX_ROWS) {
        let record = record.map_err(|error| {
            let line = error.position().map_or(0, |p| p.line());
            unreadable(format!("CSV illisible à la ligne {line}"))
        })?;
        rows.push(record.iter().take(MAX_COLUMNS).map(str::to_owned).collect());
    }
    Ok(split_single_table(rows))
}

fn guess_delimiter(line: &str) -> u8 {
    let (mut commas, mut semicolons, mut quoted) = (0usize, 0usize, false);
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// pyxform's markdown layout: `| survey |` on a line of its own, then `| | type | name |…`.
fn read_markdown(text: &str) -> Vec<Sheet> {
    let rows = text
        .lines()
        .take(MAX_ROWS)
        .filter(|line| line.trim_start().starts_with('|'))
        .map(|line| {
            let line = line.trim();
            let inner = line.strip_prefix('|').unwrap_or(line);
            let inner = inner.strip_suffix('|').unwrap_or(inner);
            inner
                .split('|')
                .take(MAX_COLUMNS)
                .map(|cell| cell.trim().to_owned())
                .collect()
        })
        .collect();
    split_single_table(rows)
}

/// One table holding several sheets, as the CSV and markdown layouts do: a row whose first
/// cell is `survey`, `choices` or `settings` starts that sheet, and its rows are read from the
/// second column on. A table without such rows is the `survey` sheet alone.
fn split_single_table(rows: Vec<Vec<String>>) -> Vec<Sheet> {
    let is_marker = |row: &Vec<String>| {
        row.first().is_some_and(|cell| {
            matches!(
                cell.trim().to_lowercase().as_str(),
                "survey" | "choices" | "settings"
            )
        })
    };
    if !rows.iter().any(is_marker) {
        return vec![Sheet {
            name: "survey".to_owned(),
            rows,
        }];
    }
    let mut sheets: Vec<Sheet> = Vec::new();
    for (number, row) in rows.into_iter().enumerate() {
        if is_marker(&row) {
            let name = row.first().map(|c| c.trim().to_owned()).unwrap_or_default();
            // Keep row numbers the file's: pad the new sheet up to this line.
            sheets.push(Sheet {
                name,
                rows: vec![Vec::new(); number.saturating_add(1)],
            });
            continue;
        }
        if let Some(sheet) = sheets.last_mut() {
            sheet.rows.push(row.into_iter().skip(1).collect());
        }
    }
    sheets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_csv_holds_its_sheets_with_the_file_row_numbers() {
        let text = "\u{feff}survey;;\n;type;name\n;text;nom\nchoices;;\n;list_name;name\n";
        let sheets = read_sheets(text.as_bytes(), "f.csv").unwrap();
        assert_eq!(sheets.len(), 2);
        assert_eq!(sheets[0].name, "survey");
        assert_eq!(sheets[0].rows[1], vec!["type", "name"]);
        assert_eq!(sheets[0].rows[2], vec!["text", "nom"]);
        assert_eq!(sheets[1].rows[4], vec!["list_name", "name"]);
    }

    #[test]
    fn commas_and_semicolons_are_told_apart() {
        assert_eq!(guess_delimiter("type,name,\"label;fr\""), b',');
        assert_eq!(guess_delimiter("type;name;\"label,fr\""), b';');
    }

    #[test]
    fn pdf_and_binary_junk_are_refused_with_a_reason() {
        let pdf = read_sheets(b"%PDF-1.7 ...", "form.xlsx").unwrap_err();
        assert!(pdf.to_string().contains("PDF"), "{pdf}");
        let junk = read_sheets(&[0xFF, 0xFE, 0x00, 0x81], "form.xlsx").unwrap_err();
        assert!(junk.to_string().contains("illisible"), "{junk}");
        let fake_zip = read_sheets(b"PK\x03\x04 not really", "form.xlsx").unwrap_err();
        assert!(fake_zip.to_string().contains("abîmée"), "{fake_zip}");
    }
}
