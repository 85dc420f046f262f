//! A sheet read as XLSForm reads it: the first non-empty row is the header, names in any case
//! (`List Name`, `LABEL::Français (fr)`, pyxform's old `label:english`), and every later
//! non-empty row a record with its spreadsheet row number.

use super::read::Sheet;

/// One column header: `base` is the lower-case name (`label`, `list_name`), `language` the
/// language part after `::`, if any, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub written: String,
    pub base: String,
    pub language: Option<String>,
}

impl Header {
    fn parse(written: &str) -> Header {
        let trimmed = written.trim();
        // `label::fr`, and pyxform's legacy single colon `label:english`.
        let (base, language) = match trimmed.split_once("::") {
            Some((base, language)) => (base, Some(language)),
            None => match trimmed.split_once(':') {
                Some((base, language)) if !base.eq_ignore_ascii_case("media") => {
                    (base, Some(language))
                }
                _ => (trimmed, None),
            },
        };
        Header {
            written: trimmed.to_owned(),
            base: base.trim().to_lowercase().replace([' ', '-'], "_"),
            language: language
                .map(|l| l.trim().to_owned())
                .filter(|l| !l.is_empty()),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Record {
    /// The spreadsheet's row number (1 = first row).
    pub row: usize,
    cells: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub headers: Vec<Header>,
    pub records: Vec<Record>,
}

impl Table {
    /// `None` when the sheet has no row at all.
    pub fn from_sheet(sheet: &Sheet) -> Option<Table> {
        let mut rows = sheet
            .rows
            .iter()
            .enumerate()
            .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
        let (_, header) = rows.next()?;
        let headers = header.iter().map(|h| Header::parse(h)).collect();
        let records = rows
            .map(|(index, cells)| Record {
                row: index.saturating_add(1),
                cells: cells.iter().map(|c| c.trim().to_owned()).collect(),
            })
            .collect();
        Some(Table { headers, records })
    }

    /// Whether a column of this name (any language) exists.
    pub fn has(&self, base: &str) -> bool {
        self.headers.iter().any(|h| h.base == base)
    }

    /// The cell of the first column named `base` without a language, else with one.
    pub fn cell<'r>(&self, record: &'r Record, base: &str) -> &'r str {
        let index = self
            .headers
            .iter()
            .position(|h| h.base == base && h.language.is_none())
            .or_else(|| self.headers.iter().position(|h| h.base == base));
        index
            .and_then(|i| record.cells.get(i))
            .map_or("", String::as_str)
    }

    /// The header written for `base`, for messages (`relevant`, `Relevant`…).
    pub fn written(&self, base: &str) -> String {
        self.headers
            .iter()
            .find(|h| h.base == base)
            .map_or_else(|| base.to_owned(), |h| h.written.clone())
    }

    /// `(language as written or None for a plain column, text)` of every non-empty `base`
    /// column of this record (`label`, `hint`).
    pub fn texts<'r>(&self, record: &'r Record, base: &str) -> Vec<(Option<&str>, &'r str)> {
        self.headers
            .iter()
            .zip(record.cells.iter())
            .filter(|(h, text)| h.base == base && !text.is_empty())
            .map(|(h, text)| (h.language.as_deref(), text.as_str()))
            .collect()
    }

    /// The languages written in `base` columns' headers, in column order.
    pub fn languages(&self, base: &str) -> Vec<String> {
        let mut found: Vec<String> = Vec::new();
        for header in self.headers.iter().filter(|h| h.base == base) {
            if let Some(language) = &header.language {
                if !found.contains(language) {
                    found.push(language.clone());
                }
            }
        }
        found
    }
}

/// A BCP 47 code for a language column: `Français (fr)` → `fr`, `fr` → `fr`, `french` /
/// `français` → `fr`; a name not in the table is kept in lower case.
pub fn language_code(written: &str) -> String {
    let written = written.trim();
    if let Some(inner) = written
        .rsplit_once('(')
        .and_then(|(_, rest)| rest.strip_suffix(')'))
    {
        if looks_like_tag(inner.trim()) {
            return tag_case(inner.trim());
        }
    }
    if looks_like_tag(written) {
        return tag_case(written);
    }
    let folded = portevoix_domain::search::fold_for_search(written);
    let code = match folded.as_str() {
        "french" | "francais" => "fr",
        "english" | "anglais" => "en",
        "arabic" | "arabe" | "العربية" => "ar",
        "turkish" | "turc" | "turkce" => "tr",
        "portuguese" | "portugais" | "portugues" => "pt",
        "spanish" | "espagnol" | "espanol" => "es",
        "wolof" => "wo",
        "swahili" | "kiswahili" => "sw",
        "chinese" | "chinois" => "zh",
        "german" | "allemand" | "deutsch" => "de",
        "italian" | "italien" | "italiano" => "it",
        "russian" | "russe" => "ru",
        "romanian" | "roumain" => "ro",
        "tamil" | "tamoul" => "ta",
        "soninke" => "snk",
        "bambara" => "bm",
        "comorian" | "comorien" | "shikomori" => "zdj",
        _ => return folded,
    };
    code.to_owned()
}

/// `fr`, `ar`, `pt-BR`, `zh-Hant`: 2–3 letters then subtags of 2–8 letters or digits.
fn looks_like_tag(text: &str) -> bool {
    let mut parts = text.split('-');
    let primary_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphabetic()));
    primary_ok
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

fn tag_case(tag: &str) -> String {
    let mut parts = tag.split('-');
    let mut out = parts.next().unwrap_or_default().to_lowercase();
    for part in parts {
        out.push('-');
        if part.len() == 2 {
            out.push_str(&part.to_uppercase());
        } else {
            out.push_str(part);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_any_case_and_both_colon_styles() {
        let h = Header::parse("LABEL::Français (fr)");
        assert_eq!(
            (h.base.as_str(), h.language.as_deref()),
            ("label", Some("Français (fr)"))
        );
        let h = Header::parse("label:english");
        assert_eq!(
            (h.base.as_str(), h.language.as_deref()),
            ("label", Some("english"))
        );
        let h = Header::parse("List Name");
        assert_eq!((h.base.as_str(), h.language), ("list_name", None));
        let h = Header::parse("media::audio::chinese");
        assert_eq!(h.base, "media");
    }

    #[test]
    fn language_columns_become_codes() {
        assert_eq!(language_code("Français (fr)"), "fr");
        assert_eq!(language_code("Arabic (ar)"), "ar");
        assert_eq!(language_code("fr"), "fr");
        assert_eq!(language_code("pt-br"), "pt-BR");
        assert_eq!(language_code("english"), "en");
        assert_eq!(language_code("Français"), "fr");
        assert_eq!(language_code("Klingon"), "klingon");
    }
}
