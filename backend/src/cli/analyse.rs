//! `portevoix analyse`: JSON lines in (`{"id": …, "text": "…"}`, other fields ignored), one JSON
//! line out per valid input, in the same order:
//! `{"id":…,"themes":[codes],"matched":{code:[words]},"redacted":"…","sensitive":bool,
//! "sensitive_categories":[codes],"confidence":{code:0.67}}`.
//! `sensitive_categories` lists the categories of the labelling guide (`health`, `disability`,
//! `origin`, `religion`, `orientation`, `political_opinion`, `union_membership`, `offences`) in
//! order of appearance, without repeats; `confidence` gives each suggested theme its evidence on
//! 0–1 (`score / (score + ½)`: one keyword 0.67, two 0.8), not a calibrated probability.
//! A malformed line (or one whose analysis fails) gets an error line naming its number on
//! `errors`, and the stream goes on.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};

use portevoix_domain::analysis::{trained, Analyzer, SensitiveCategory};
use portevoix_domain::codebook::Codebook;
use serde_json::Value;

/// What a run did, for the exit status and a closing message.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AnalyseSummary {
    /// Lines analysed and written out.
    pub analysed: usize,
    /// Malformed lines reported on the error stream.
    pub rejected: usize,
    /// Analysed lines flagged as revealing sensitive data.
    pub sensitive: usize,
}

/// Why a line was not analysed.
fn parse_line(line: &[u8]) -> Result<(Value, String), String> {
    let line = std::str::from_utf8(line).map_err(|_| "texte non UTF-8".to_owned())?;
    let value: Value = serde_json::from_str(line).map_err(|e| format!("JSON invalide ({e})"))?;
    let Value::Object(mut object) = value else {
        return Err("un objet JSON est attendu".to_owned());
    };
    let id = match object.remove("id") {
        Some(id @ (Value::String(_) | Value::Number(_))) => id,
        Some(_) => return Err("« id » doit être une chaîne ou un nombre".to_owned()),
        None => return Err("champ « id » manquant".to_owned()),
    };
    let text = match object.remove("text") {
        Some(Value::String(text)) => text,
        Some(_) => return Err("« text » doit être une chaîne".to_owned()),
        None => return Err("champ « text » manquant".to_owned()),
    };
    Ok((id, text))
}

/// Analyses a stream of JSON lines against `codebook`. Blank lines are skipped silently. Only
/// I/O failures stop the run.
pub fn analyse_stream(
    codebook: &Codebook,
    mut input: impl BufRead,
    mut output: impl Write,
    mut errors: impl Write,
) -> std::io::Result<AnalyseSummary> {
    let analyzer = Analyzer::new(codebook).with_model(trained::model());
    let mut summary = AnalyseSummary::default();
    let mut buffer = Vec::with_capacity(4096);
    let mut number = 0usize;
    loop {
        buffer.clear();
        if input.read_until(b'\n', &mut buffer)? == 0 {
            break;
        }
        number += 1;
        let line = buffer.trim_ascii();
        if line.is_empty() {
            continue;
        }
        let (id, text) = match parse_line(line) {
            Ok(parsed) => parsed,
            Err(message) => {
                writeln!(errors, "ligne {number} : {message}")?;
                summary.rejected += 1;
                continue;
            }
        };
        // A bug met by one text costs that line, not the lines after it.
        let analysis = match std::panic::catch_unwind(|| analyzer.analyse(&text)) {
            Ok(analysis) => analysis,
            Err(_) => {
                writeln!(errors, "ligne {number} : l'analyse a échoué sur ce texte")?;
                summary.rejected += 1;
                continue;
            }
        };
        let themes: Vec<&str> = analysis.theme_codes();
        let matched: BTreeMap<&str, &[String]> = analysis
            .themes
            .iter()
            .map(|t| (t.code.as_str(), t.words.as_slice()))
            .collect();
        let mut categories: Vec<&str> = Vec::new();
        for code in analysis
            .sensitive_reasons
            .iter()
            .map(|r| SensitiveCategory::code(r.category))
        {
            if !categories.contains(&code) {
                categories.push(code);
            }
        }
        let confidence: BTreeMap<&str, f32> = analysis
            .themes
            .iter()
            .map(|t| (t.code.as_str(), t.confidence()))
            .collect();
        // Written field by field to keep the documented order.
        writeln!(
            output,
            "{{\"id\":{},\"themes\":{},\"matched\":{},\"redacted\":{},\"sensitive\":{},\"sensitive_categories\":{},\"confidence\":{}}}",
            serde_json::to_string(&id)?,
            serde_json::to_string(&themes)?,
            serde_json::to_string(&matched)?,
            serde_json::to_string(&analysis.redacted)?,
            analysis.sensitive,
            serde_json::to_string(&categories)?,
            serde_json::to_string(&confidence)?,
        )?;
        summary.analysed += 1;
        summary.sensitive += usize::from(analysis.sensitive);
    }
    output.flush()?;
    errors.flush()?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codebook() -> Codebook {
        Codebook::from_csv(include_str!("../../seed/themes.fr.csv")).unwrap()
    }

    fn run(input: &str) -> (Vec<Value>, Vec<String>, AnalyseSummary) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let summary = analyse_stream(&codebook(), input.as_bytes(), &mut out, &mut err).unwrap();
        let out = String::from_utf8(out).unwrap();
        let lines = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let err = String::from_utf8(err)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect();
        (lines, err, summary)
    }

    #[test]
    fn the_acceptance_example() {
        let (out, err, summary) = run(
            r#"{"id":"x","text":"Je m'appelle Yasmine, appelez-moi au 06 39 98 55 10, le tram passe jamais"}"#,
        );
        assert!(err.is_empty());
        assert_eq!(
            summary,
            AnalyseSummary {
                analysed: 1,
                rejected: 0,
                sensitive: 0
            }
        );
        let line = &out[0];
        assert_eq!(line["id"], "x");
        assert!(line["themes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "mobilite"));
        assert_eq!(line["matched"]["mobilite"][0], "tram");
        let redacted = line["redacted"].as_str().unwrap();
        assert!(!redacted.contains("Yasmine") && !redacted.contains("06 39 98 55 10"));
        assert_eq!(line["sensitive"], false);
    }

    #[test]
    fn fields_come_in_the_documented_order() {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        analyse_stream(
            &codebook(),
            &b"{\"text\":\"Rien.\",\"id\":7,\"quartier\":\"breil\"}\n"[..],
            &mut out,
            &mut err,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"id\":7,\"themes\":[],\"matched\":{},\"redacted\":\"Rien.\",\"sensitive\":false,\"sensitive_categories\":[],\"confidence\":{}}\n"
        );
    }

    #[test]
    fn sensitive_categories_and_confidence() {
        let (out, _, _) = run(
            r#"{"id":"e5","text":"Mon père est sous dialyse ; la ligne 11 ne va pas au CHU, il faut prendre le C6."}"#,
        );
        let line = &out[0];
        assert_eq!(line["sensitive"], true);
        assert_eq!(line["sensitive_categories"], serde_json::json!(["health"]));
        let themes = line["themes"].as_array().unwrap();
        assert!(themes.iter().any(|t| t == "mobilite"), "{line}");
        for theme in themes {
            let c = line["confidence"][theme.as_str().unwrap()]
                .as_f64()
                .unwrap();
            assert!(c > 0.0 && c < 1.0, "{line}");
        }
        let (out, _, _) =
            run(r#"{"id":"p","text":"Rendez-vous préfecture pour mon titre de séjour"}"#);
        assert_eq!(out[0]["sensitive_categories"], serde_json::json!([]));
    }

    #[test]
    fn malformed_lines_are_reported_and_the_rest_goes_on() {
        let input = [
            r#"{"id":"a","text":"Les poubelles débordent"}"#,
            "pas du json",
            "",
            r#"{"id":"b"}"#,
            r#"["id","text"]"#,
            r#"{"id":null,"text":"x"}"#,
            r#"{"id":"c","text":"Mon mari a un cancer","themes":["ignored"]}"#,
        ]
        .join("\n");
        let (out, err, summary) = run(&input);
        assert_eq!(
            out.iter()
                .map(|l| l["id"].as_str().unwrap())
                .collect::<Vec<_>>(),
            vec!["a", "c"]
        );
        assert_eq!(out[1]["sensitive"], true);
        assert_eq!(
            summary,
            AnalyseSummary {
                analysed: 2,
                rejected: 4,
                sensitive: 1
            }
        );
        assert_eq!(err.len(), 4);
        assert!(err[0].starts_with("ligne 2 : JSON invalide"));
        assert!(err[1].starts_with("ligne 4 : champ « text » manquant"));
        assert!(err[2].starts_with("ligne 5 : un objet JSON est attendu"));
        assert!(err[3].starts_with("ligne 6 : « id »"));
    }

    #[test]
    fn invalid_utf8_and_crlf() {
        let mut input = b"{\"id\":\"a\",\"text\":\"ok\"}\r\n".to_vec();
        input.extend_from_slice(b"\xff\xfe\n{\"id\":\"b\",\"text\":\"bus\"}");
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let summary = analyse_stream(&codebook(), &input[..], &mut out, &mut err).unwrap();
        assert_eq!(summary.analysed, 2);
        assert_eq!(
            String::from_utf8(err).unwrap(),
            "ligne 2 : texte non UTF-8\n"
        );
    }
}
