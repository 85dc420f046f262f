//! XLSForm import from the command line (issue 15): the BSD-licensed reference forms of pyxform
//! (`tests/fixtures/xlsforms/`, see SOURCES.md there), forms written here for each case with
//! rust_xlsxwriter and as CSV in both dialects, and malformed files. Each row's fate is
//! asserted from the `--json` report; a refused file leaves nothing in the database.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use diesel::prelude::*;
use portevoix::db::schema::{audit_log, surveys};
use portevoix_domain::survey::{QuestionKind, SurveyDefinition};
use rust_xlsxwriter::Workbook;
use serde_json::Value;

use crate::helpers::{pool, TestDb};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/xlsforms")
        .join(name)
}

fn import(db: &TestDb, file: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_portevoix"))
        .current_dir(db.work_dir())
        .arg("--database")
        .arg(db.url())
        .args(["survey", "import", "--json"])
        .args(extra)
        .arg(file)
        .env_remove("PORTEVOIX_DATABASE_URL")
        .output()
        .expect("portevoix runs")
}

fn report(output: &Output) -> Value {
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status.code(),
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("one JSON object on stdout")
}

fn refused_rows(report: &Value) -> Vec<(u64, String)> {
    report["refused"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["row"].as_u64().unwrap(),
                r["type"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn warning_at(report: &Value, row: u64, column: &str) -> String {
    report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["row"] == row && w["column"] == column)
        .unwrap_or_else(|| panic!("no warning at row {row}, {column}: {report:#}"))["message"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn stored_drafts(db: &TestDb) -> Vec<SurveyDefinition> {
    let pool = pool(db.url());
    let mut conn = pool.get().unwrap();
    let drafts: Vec<String> = surveys::table
        .order(surveys::id)
        .select(surveys::draft)
        .load(&mut conn)
        .unwrap();
    drafts
        .iter()
        .map(|d| serde_json::from_str(d).unwrap())
        .collect()
}

#[test]
fn pyxform_spec_form_is_reported_row_by_row() {
    let db = TestDb::new();
    let report = report(&import(
        &db,
        &fixture("12_pyxform_xlsform_spec_test.xlsx"),
        &["--dry-run"],
    ));
    assert_eq!(report["languages"], serde_json::json!(["en", "zh"]));
    assert_eq!(report["importable"], 24);
    let refused = refused_rows(&report);
    for (row, kind) in [
        (30, "acknowledge"),
        (15, "begin repeat"),
        (17, "text"),
        (32, "time"),
        (33, "datetime"),
        (34, "geopoint"),
        (40, "calculate"),
        (42, "start"),
    ] {
        assert!(
            refused.contains(&(row, kind.to_owned())),
            "row {row} ({kind}) refused: {refused:?}"
        );
    }
    // The `everything` group's `not(selected(…))` is carried (a `none_of` on each of its
    // questions); `regex()` is not, and is reported on its question, which stays asked.
    let relevant_rows: Vec<u64> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["column"] == "relevant")
        .map(|w| w["row"].as_u64().unwrap())
        .collect();
    assert_eq!(relevant_rows, [7], "{report:#}");
    assert!(warning_at(&report, 7, "relevant").contains("regex"));
    // `. <= ${a_integer}` is not a bound.
    assert!(warning_at(&report, 14, "constraint").contains("non reprise"));
    let codes: Vec<&str> = report["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains(&"skip_to_end") && codes.contains(&"a_decimal"),
        "{codes:?}"
    );
    let date = report["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["from_row"] == 31)
        .expect("the date question of row 31");
    assert_eq!(date["type"], "date");
    // Notes between questions are information screens; one that quotes another answer is
    // shown as written, and says so.
    let note = report["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["from_row"] == 7)
        .expect("the note of row 7");
    assert_eq!(note["type"], "note");
    assert!(warning_at(&report, 43, "label::english").contains("${…}"));
    assert!(stored_drafts(&db).is_empty(), "a dry run makes nothing");
}

#[test]
fn legacy_xls_csv_and_markdown_reference_forms_are_read() {
    let db = TestDb::new();
    let xls = report(&import(
        &db,
        &fixture("13_pyxform_widgets.xls"),
        &["--dry-run"],
    ));
    let question = |r: &Value, code: &str| {
        r["questions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|q| q["code"] == code)
            .unwrap_or_else(|| panic!("{code} in {r:#}"))
            .clone()
    };
    assert_eq!(question(&xls, "my_select")["type"], "multiple_choice");
    assert_eq!(question(&xls, "my_select1")["type"], "single_choice");
    assert_eq!(question(&xls, "my_int")["type"], "number");
    let csv = report(&import(
        &db,
        &fixture("17_pyxform_yes_or_no_question.csv"),
        &[],
    ));
    assert_eq!(question(&csv, "good_day")["from_row"], 3);
    let markdown = report(&import(
        &db,
        &fixture("18_pyxform_text_and_integer.md"),
        &[],
    ));
    assert_eq!(markdown["kept"], 2);
    let case = report(&import(
        &db,
        &fixture("16_pyxform_case_insensitivity.xlsx"),
        &[],
    ));
    assert_eq!(
        case["importable"], 1,
        "upper-case sheets and headers: {case:#}"
    );
    let drafts = stored_drafts(&db);
    assert_eq!(drafts.len(), 3);
    // A `yes`/`no` list is Porte-Voix's yes/no question.
    assert_eq!(drafts[0].questions[0].kind, QuestionKind::YesNo);
}

/// A form in French and Arabic written the way real ones are: mixed-case headers, accented and
/// numeric choice names, typographic quotes, groups with conditions, bounds, and rows Porte-Voix
/// refuses.
fn bilingual_form(path: &Path) {
    let survey: &[&[&str]] = &[
        &[
            "Type",
            "Name",
            "Label::Français (fr)",
            "label::Arabic (ar)",
            "Required",
            "Relevant",
            "Constraint",
            "Hint::Français (fr)",
        ],
        &[
            "select_one oui_non",
            "Habite",
            "Habitez-vous le quartier ?",
            "هل تسكن في الحي؟",
            "yes",
            "",
            "",
            "",
        ],
        &[
            "begin group",
            "vie",
            "",
            "",
            "",
            "selected(${Habite}, ’oui’)",
            "",
            "",
        ],
        &[
            "select_multiple sujets",
            "Sujets",
            "Ce qui compte pour vous",
            "ما يهمك",
            "TRUE",
            "",
            "count-selected(.) <= 2",
            "",
        ],
        &[
            "integer",
            "age",
            "Votre âge",
            "عمرك",
            "1",
            "",
            ". >= 16 and . <= 110",
            "En années",
        ],
        &["end group", "", "", "", "", "", "", ""],
        &[
            "text",
            "precision",
            "Précisez",
            "وضح",
            "T",
            "${Sujets} = 'Sécurité' or selected(${Sujets}, '2')",
            "string-length(.) <= 140",
            "",
        ],
        &["begin repeat", "enfants", "Enfants", "", "", "", "", ""],
        &["integer", "age_enfant", "Âge", "", "", "", "", ""],
        &["end repeat", "", "", "", "", "", "", ""],
        &["geopoint", "ou", "Où êtes-vous ?", "", "", "", "", ""],
        &["note", "merci", "Merci !", "شكرا", "", "", "", ""],
        &[
            "select_one oui_non",
            "revenir",
            "Peut-on revenir vers vous ?",
            "",
            "",
            "${Habite} = 'peut-être'",
            "",
            "",
        ],
    ];
    let choices: &[&[&str]] = &[
        &[
            "List_Name",
            "name",
            "label::Français (fr)",
            "label::Arabic (ar)",
        ],
        &["oui_non", "oui", "Oui", "نعم"],
        &["oui_non", "non", "Non", "لا"],
        &["sujets", "Sécurité", "Sécurité", "الأمن"],
        &["sujets", "2", "Transports", "النقل"],
        &["sujets", "3", "Logement", "السكن"],
    ];
    let settings: &[&[&str]] = &[
        &["form_title", "default_language"],
        &["Vie du quartier", "Français (fr)"],
    ];
    let mut book = Workbook::new();
    for (name, rows) in [
        ("SURVEY", survey),
        ("Choices", choices),
        ("settings", settings),
    ] {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if !cell.is_empty() {
                    sheet.write_string(r as u32, c as u16, *cell).unwrap();
                }
            }
        }
    }
    book.save(path).unwrap();
}

#[test]
fn a_bilingual_form_becomes_a_draft_with_its_conditions_rewritten() {
    let db = TestDb::new();
    let path = db.work_dir().join("Vie du quartier.xlsx");
    bilingual_form(&path);
    let report = report(&import(&db, &path, &[]));
    assert_eq!(report["title"], "Vie du quartier");
    assert_eq!(report["languages"], serde_json::json!(["fr", "ar"]));
    assert_eq!(
        refused_rows(&report),
        [
            (8, "begin repeat".to_owned()),
            (9, "integer".to_owned()),
            (11, "geopoint".to_owned()),
        ]
    );
    // `peut-être` is no option of `oui_non`: reported, and the question stays asked.
    assert!(warning_at(&report, 13, "Relevant").contains("peut-être"));
    let renamed: Vec<(String, String)> = report["renamed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["from"].as_str().unwrap().to_owned(),
                r["to"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        renamed.contains(&("Habite".into(), "habite".into())),
        "{renamed:?}"
    );
    assert!(
        renamed.contains(&("sujets/Sécurité".into(), "securite".into())),
        "{renamed:?}"
    );
    assert!(
        renamed.contains(&("sujets/2".into(), "o_2".into())),
        "{renamed:?}"
    );

    let drafts = stored_drafts(&db);
    let [draft] = drafts.as_slice() else {
        panic!("{drafts:?}")
    };
    let codes: Vec<&str> = draft.questions.iter().map(|q| q.code.as_str()).collect();
    assert_eq!(
        codes,
        ["habite", "sujets", "age", "precision", "merci", "revenir"]
    );
    // The note after the first question is an information screen, in both languages.
    assert_eq!(draft.question("merci").unwrap().kind, QuestionKind::Note);
    assert_eq!(draft.question("merci").unwrap().label_in("ar"), "شكرا");
    let q = |code: &str| draft.question(code).unwrap();
    assert_eq!(q("habite").label, "Habitez-vous le quartier ?");
    // Arabic, the form's other language, is the survey's second language.
    assert_eq!(draft.languages, ["ar"]);
    assert_eq!(q("habite").label_in("ar"), "هل تسكن في الحي؟");
    let QuestionKind::SingleChoice { options } = &q("habite").kind else {
        panic!("{:?}", q("habite").kind);
    };
    assert_eq!(options[0].label_in("ar"), "نعم");
    let missing: Vec<String> = draft
        .missing_translations()
        .into_iter()
        .map(|m| m.field)
        .collect();
    assert_eq!(
        missing,
        ["title", "questions[2].hint", "questions[5].label"],
        "no Arabic for the title, the hint of « age », the label of « revenir »"
    );
    assert!(
        q("habite").required
            && q("sujets").required
            && q("age").required
            && q("precision").required
    );
    // The group's condition is carried by its questions, through the new codes.
    let rule = q("sujets").show_if.as_ref().unwrap().as_rule().unwrap();
    assert_eq!(
        (rule.question.as_str(), rule.any_of.as_slice()),
        ("habite", &["oui".to_owned()][..])
    );
    let rule = q("precision").show_if.as_ref().unwrap().as_rule().unwrap();
    assert_eq!(rule.any_of, ["securite", "o_2"]);
    assert_eq!(
        q("sujets").kind,
        QuestionKind::MultipleChoice {
            options: match &q("sujets").kind {
                QuestionKind::MultipleChoice { options, .. } => options.clone(),
                _ => unreachable!(),
            },
            max_choices: Some(2),
        }
    );
    assert_eq!(
        q("age").kind,
        QuestionKind::Number {
            min: Some(16.0),
            max: Some(110.0),
            integer: true
        }
    );
    assert_eq!(
        q("precision").kind,
        QuestionKind::ShortText {
            max_chars: Some(140)
        }
    );
    // The hint goes under its question.
    assert_eq!(q("age").hint.as_deref(), Some("En années"));
    assert!(q("revenir").show_if.is_none() && !q("revenir").required);
    draft.check().expect("the draft can be published as it is");

    let pool = pool(db.url());
    let mut conn = pool.get().unwrap();
    let actions: Vec<String> = audit_log::table
        .order(audit_log::id)
        .select(audit_log::action)
        .load(&mut conn)
        .unwrap();
    assert!(
        actions.contains(&"survey.imported".to_owned()),
        "{actions:?}"
    );
}

#[test]
fn keep_chooses_questions_and_drops_conditions_on_the_others() {
    let db = TestDb::new();
    let path = db.work_dir().join("form.xlsx");
    bilingual_form(&path);
    let report = report(&import(&db, &path, &["--keep", "Sujets,age", "--dry-run"]));
    assert_eq!(
        (report["importable"].as_u64(), report["kept"].as_u64()),
        (Some(6), Some(2))
    );
    assert!(warning_at(&report, 4, "relevant").contains("habite"));
}

/// The same small form as CSV, in both dialects.
#[test]
fn csv_in_both_dialects_gives_the_same_questions() {
    let db = TestDb::new();
    let rows = [
        ["survey", "", "", "", ""],
        ["", "type", "name", "label", "relevant"],
        [
            "",
            "select_one yn",
            "bus",
            "Prenez-vous le bus ; le tram ?",
            "",
        ],
        [
            "",
            "text",
            "ligne",
            "Quelle ligne, \"C6\" ?",
            "${bus} = 'yes'",
        ],
        ["choices", "", "", "", ""],
        ["", "list_name", "name", "label", ""],
        ["", "yn", "yes", "Oui", ""],
        ["", "yn", "no", "Non", ""],
    ];
    let mut reports = Vec::new();
    for (name, separator, bom) in [
        ("comma.csv", ',', ""),
        ("point-virgule.csv", ';', "\u{feff}"),
    ] {
        let path = db.work_dir().join(name);
        let mut file = std::fs::File::create(&path).unwrap();
        write!(file, "{bom}").unwrap();
        for row in &rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| {
                    if c.contains(separator) || c.contains('"') {
                        format!("\"{}\"", c.replace('"', "\"\""))
                    } else {
                        (*c).to_owned()
                    }
                })
                .collect();
            writeln!(file, "{}", cells.join(&separator.to_string())).unwrap();
        }
        drop(file);
        let mut report = report(&import(&db, &path, &["--dry-run"]));
        report["title"] = Value::Null;
        reports.push(report);
    }
    assert_eq!(reports[0], reports[1]);
    let questions = reports[0]["questions"].as_array().unwrap();
    assert_eq!(questions[0]["label"], "Prenez-vous le bus ; le tram ?");
    assert_eq!(questions[1]["label"], "Quelle ligne, \"C6\" ?");
    assert_eq!(questions[1]["from_row"], 4);
    assert!(
        reports[0]["warnings"].as_array().unwrap().is_empty(),
        "{:#}",
        reports[0]
    );
}

fn refused_file(db: &TestDb, name: &str, bytes: &[u8]) -> String {
    let path = db.work_dir().join(name);
    std::fs::write(&path, bytes).unwrap();
    let output = import(db, &path, &[]);
    assert_eq!(output.status.code(), Some(1), "{name} refused with exit 1");
    assert!(output.stdout.is_empty(), "{name}: nothing on stdout");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn malformed_files_get_a_message_and_leave_nothing() {
    let db = TestDb::new();
    let pdf = refused_file(
        &db,
        "formulaire.xlsx",
        b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n",
    );
    assert!(pdf.contains("PDF"), "{pdf}");

    // 200 MB of spaces in one sheet part: ~200 KB packed.
    let mut bomb = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    bomb.start_file("xl/worksheets/sheet1.xml", options)
        .unwrap();
    let block = vec![b' '; 1 << 20];
    for _ in 0..200 {
        bomb.write_all(&block).unwrap();
    }
    let bomb = bomb.finish().unwrap().into_inner();
    assert!(bomb.len() < 2 * 1024 * 1024, "{} bytes", bomb.len());
    let message = refused_file(&db, "bombe.xlsx", &bomb);
    assert!(message.contains("décompressé"), "{message}");

    let empty = db.work_dir().join("vide.xlsx");
    let mut book = Workbook::new();
    book.add_worksheet().set_name("survey").unwrap();
    book.save(&empty).unwrap();
    let message = refused_file(&db, "vide.xlsx", &std::fs::read(&empty).unwrap());
    assert!(message.contains("survey"), "{message}");

    // Every data row shifted one column right: no type where the header says `type`.
    let shifted = "type,name,label\n,text,nom,Votre nom\n,integer,age,Votre âge\n";
    let message = refused_file(&db, "decale.csv", shifted.as_bytes());
    assert!(message.contains("aucune question importable"), "{message}");

    let not_a_form = refused_file(&db, "notes.csv", b"quartier,nombre\nBellevue,12\n");
    assert!(not_a_form.contains("« type »"), "{not_a_form}");

    assert!(stored_drafts(&db).is_empty(), "nothing half-imported");
}

mod over_http {
    use reqwest::multipart::{Form, Part};
    use reqwest::{Method, StatusCode};

    use super::*;
    use crate::helpers::{spawn_app, TestApp};

    async fn upload(
        app: &TestApp,
        token: &str,
        name: &str,
        bytes: Vec<u8>,
        fields: &[(&str, &str)],
    ) -> (StatusCode, Value) {
        let mut form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_owned()));
        for (key, value) in fields {
            form = form.text(key.to_string(), value.to_string());
        }
        let reply = app
            .request(Method::POST, "/api/v1/surveys/import", Some(token))
            .multipart(form)
            .send()
            .await
            .unwrap();
        let status = reply.status();
        (status, reply.json().await.unwrap())
    }

    #[tokio::test]
    async fn a_coordinator_imports_a_form_and_opens_the_draft() {
        let app = spawn_app().await;
        let (_, token) = app.user("coordinator", None).await;
        let path = app.db.work_dir().join("Vie du quartier.xlsx");
        bilingual_form(&path);
        let bytes = std::fs::read(&path).unwrap();

        let (status, dry) = upload(
            &app,
            &token,
            "Vie du quartier.xlsx",
            bytes.clone(),
            &[("dry_run", "true"), ("keep", "habite, Sujets")],
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{dry:#}");
        assert_eq!(
            (dry["kept"].as_u64(), dry.get("survey_id")),
            (Some(2), None)
        );
        // The survey the form would make, kept questions only, with its languages: the builder
        // takes translations from it into an existing survey.
        let codes: Vec<&str> = dry["definition"]["questions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["habite", "sujets"], "{dry:#}");
        assert_eq!(dry["definition"]["languages"], serde_json::json!(["ar"]));
        assert!(dry["definition"]["questions"][0]["translations"]["ar"].is_string());
        let listed = app.get("/api/v1/surveys", &token).await;
        assert_eq!(
            listed.body,
            serde_json::json!([]),
            "a dry run makes nothing"
        );

        let (status, made) = upload(&app, &token, "Vie du quartier.xlsx", bytes, &[]).await;
        assert_eq!(status, StatusCode::CREATED, "{made:#}");
        assert_eq!(
            made.get("definition"),
            None,
            "the draft is read from its own route"
        );
        let id = made["survey_id"].as_i64().unwrap();
        let survey = app.get(&format!("/api/v1/surveys/{id}"), &token).await;
        assert_eq!(survey.body["status"], "draft");
        assert_eq!(survey.body["draft"]["title"], "Vie du quartier");
        assert_eq!(
            survey.body["draft"]["questions"].as_array().unwrap().len(),
            6
        );
    }

    #[tokio::test]
    async fn bad_uploads_get_a_json_error_and_store_nothing() {
        let app = spawn_app().await;
        let (_, token) = app.user("coordinator", None).await;
        let (status, body) = upload(&app, &token, "f.xlsx", b"%PDF-1.4 nope".to_vec(), &[]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["error"]["code"], "not_a_form");
        assert!(body["error"]["message"].as_str().unwrap().contains("PDF"));

        let (status, body) = upload(
            &app,
            &token,
            "f.csv",
            b"type,name\nnote,merci\n".to_vec(),
            &[],
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["error"]["code"], "nothing_importable");

        let (status, body) = upload(
            &app,
            &token,
            "big.csv",
            vec![b'a'; 5 * 1024 * 1024 + 1],
            &[],
        )
        .await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body:#}");

        let form = Form::new().text("dry_run", "true");
        let reply = app
            .request(Method::POST, "/api/v1/surveys/import", Some(&token))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = reply.json().await.unwrap();
        assert_eq!(body["error"]["code"], "missing_file");

        let listed = app.get("/api/v1/surveys", &token).await;
        assert_eq!(listed.body, serde_json::json!([]));
    }
}

/// pyxform's converter: `PORTEVOIX_XLS2XFORM` (set by `cargo xtask test`, which installs it),
/// else where `cargo xtask test` puts it.
fn xls2xform() -> PathBuf {
    let path = std::env::var_os("PORTEVOIX_XLS2XFORM").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/pyxform-venv/bin/xls2xform"),
        PathBuf::from,
    );
    assert!(
        path.exists(),
        "pyxform's xls2xform not found at {}: run `cargo xtask test` once (it installs pyxform), \
         or set PORTEVOIX_XLS2XFORM",
        path.display()
    );
    path
}

mod export {
    use reqwest::{Method, StatusCode};

    use super::*;
    use crate::helpers::spawn_app;

    fn every_kind() -> Value {
        serde_json::json!({
            "title": "Vie du quartier — marché",
            "intro": "Bonjour ! Trois minutes pour parler du marché.",
            "questions": [
                {"code": "habite", "label": "Habitez-vous le quartier ?", "type": "yes_no", "required": true},
                {"code": "transport", "label": "Comment venez-vous ?", "type": "single_choice",
                 "options": [{"code": "tram", "label": "Tram 1"}, {"code": "bus", "label": "Bus C6"}],
                 "show_if": {"question": "habite", "any_of": ["yes"]}},
                {"code": "sujets", "label": "Ce qui compte", "type": "multiple_choice", "max_choices": 2,
                 "options": [{"code": "securite", "label": "Sécurité"}, {"code": "proprete", "label": "Propreté"}, {"code": "loyers", "label": "Loyers"}],
                 "show_if": {"question": "transport", "any_of": ["tram", "bus"]}},
                {"code": "note", "label": "Le marché, de 1 à 5", "type": "scale"},
                {"code": "humeur", "label": "Votre humeur", "type": "scale", "smiley": true},
                {"code": "rue", "label": "Votre rue", "type": "short_text", "max_chars": 80,
                 "show_if": {"question": "note", "any_of": ["1", "2"]}},
                {"code": "idee", "label": "Une idée ?", "type": "long_text"},
                {"code": "age", "label": "Votre âge", "type": "number", "min": 16, "max": 110, "integer": true},
                {"code": "budget", "label": "Budget (€)", "type": "number", "min": 0.5,
                 "show_if": {"all": [{"question": "habite", "none_of": ["no"]},
                                     {"question": "age", "at_least": 18.0, "at_most": 30.0}]}},
                {"code": "arrivee", "label": "Arrivée dans le quartier", "type": "date",
                 "show_if": {"any": [{"question": "idee", "answered": true},
                                     {"question": "note", "at_least": 4.0}]}},
                {"code": "merci", "label": "Merci ! Une dernière chose.", "type": "note",
                 "show_if": {"question": "habite", "any_of": ["yes"]}}
            ]
        })
    }

    #[tokio::test]
    async fn an_exported_survey_converts_with_pyxform_and_imports_back_the_same() {
        let app = spawn_app().await;
        let (_, token) = app.user("coordinator", None).await;
        let created = app.post("/api/v1/surveys", &token, &every_kind()).await;
        assert_eq!(created.status, StatusCode::CREATED, "{:#}", created.body);
        let id = created.body["id"].as_i64().unwrap();
        let published = app
            .post(
                &format!("/api/v1/surveys/{id}/publish"),
                &token,
                &serde_json::json!({}),
            )
            .await;
        assert_eq!(published.status, StatusCode::OK, "{:#}", published.body);

        let reply = app
            .request(
                Method::GET,
                &format!("/api/v1/surveys/{id}/xlsform?version=1"),
                Some(&token),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), StatusCode::OK);
        let disposition = reply.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            disposition.contains("vie_du_quartier_marche-v1.xlsx"),
            "{disposition}"
        );
        let bytes = reply.bytes().await.unwrap();
        let path = app.db.work_dir().join("export.xlsx");
        std::fs::write(&path, &bytes).unwrap();

        // pyxform, the XLSForm reference implementation, converts it (ODK Validate, a Java
        // program, is not run).
        let xml = app.db.work_dir().join("export.xml");
        let converted = Command::new(xls2xform())
            .args(["--skip_validate"])
            .arg(&path)
            .arg(&xml)
            .output()
            .expect("xls2xform runs");
        assert!(
            converted.status.success(),
            "{}\n{}",
            String::from_utf8_lossy(&converted.stdout),
            String::from_utf8_lossy(&converted.stderr)
        );
        let xform = std::fs::read_to_string(&xml).unwrap();
        for needle in [
            "/data/habite",
            "selected( /data/habite , 'yes')",
            "count-selected(.) &lt;= 2",
            "appearance=\"smiley\"",
            "Tram 1",
            "nodeset=\"/data/arrivee\" type=\"date\"",
            "nodeset=\"/data/merci\" readonly=\"true()\"",
            "(not(selected( /data/habite , 'no'))) and ( /data/age  &gt;= 18 and  /data/age  &lt;= 30)",
            "( /data/idee  != '') or ( /data/note  &gt;= 4)",
        ] {
            assert!(xform.contains(needle), "{needle} in the XForm:\n{xform}");
        }

        // And back: the same definition, nothing refused.
        let back = report(&import(&app.db, &path, &["--dry-run"]));
        assert!(back["refused"].as_array().unwrap().is_empty(), "{back:#}");
        let survey = app.get(&format!("/api/v1/surveys/{id}"), &token).await;
        let draft: SurveyDefinition = serde_json::from_value(survey.body["draft"].clone()).unwrap();
        let imported = portevoix::xlsform::import(&bytes, "export.xlsx", None).unwrap();
        assert_eq!(imported.definition, draft);
        assert_eq!(back["title"], "Vie du quartier — marché");

        // The draft, and a version that does not exist.
        let draft_reply = app
            .request(
                Method::GET,
                &format!("/api/v1/surveys/{id}/xlsform"),
                Some(&token),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(draft_reply.status(), StatusCode::OK);
        let missing = app
            .get(&format!("/api/v1/surveys/{id}/xlsform?version=7"), &token)
            .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_eq!(missing.error_code(), "not_found");
    }

    #[test]
    fn the_command_line_writes_the_form() {
        let db = TestDb::new();
        let path = db.work_dir().join("Vie du quartier.xlsx");
        bilingual_form(&path);
        let made = report(&import(&db, &path, &[]));
        let id = made["survey_id"].as_i64().unwrap().to_string();
        let out = db.work_dir().join("sortie.xlsx");
        let output = Command::new(env!("CARGO_BIN_EXE_portevoix"))
            .current_dir(db.work_dir())
            .arg("--database")
            .arg(db.url())
            .args(["survey", "export", &id, "--output"])
            .arg(&out)
            .env_remove("PORTEVOIX_DATABASE_URL")
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let again = report(&import(&db, &out, &["--dry-run"]));
        assert_eq!(again["kept"], made["kept"]);
        assert!(again["refused"].as_array().unwrap().is_empty(), "{again:#}");
        let missing = Command::new(env!("CARGO_BIN_EXE_portevoix"))
            .current_dir(db.work_dir())
            .arg("--database")
            .arg(db.url())
            .args(["survey", "export", "999"])
            .env_remove("PORTEVOIX_DATABASE_URL")
            .output()
            .unwrap();
        assert_eq!(missing.status.code(), Some(1));
        assert!(String::from_utf8_lossy(&missing.stderr).contains("enquête"));
    }
}
