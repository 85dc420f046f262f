//! An XLSForm's tables → a Porte-Voix draft and the report of every row's fate.

use std::collections::HashMap;

use portevoix_domain::survey::{
    is_language_tag, ChoiceOption, Question, QuestionKind, SurveyDefinition, Translations,
    DEFAULT_LANGUAGE, MAX_HINT_CHARS, MAX_INTRO_CHARS, MAX_LABEL_CHARS, MAX_LANGUAGES, MAX_OPTIONS,
    MAX_QUESTIONS, MAX_TITLE_CHARS, SCALE_MAX, SCALE_MIN,
};
use portevoix_domain::wire::{
    ImportReport, ImportWarning, ImportedQuestion, RefusedRow, RenamedCode,
};

use super::codes::Scope;
use super::conditions::{self, Known};
use super::expression::{self, Expr};
use super::relevant;
use super::table::{language_code, Record, Table};

/// A choice of the `choices` sheet.
struct Choice {
    name: String,
    label: String,
    translations: Translations,
}

/// An importable question and where it came from.
pub struct Candidate {
    pub question: Question,
    pub row: usize,
    pub name: String,
}

/// A `begin group` / `begin repeat` being read.
struct Open {
    repeat: bool,
    name: String,
    row: usize,
    relevant: Option<Result<Expr, String>>,
}

pub struct Converter<'t> {
    survey: &'t Table,
    /// The label language imported: `None` for a plain `label` column.
    language: Option<String>,
    /// The other label columns (as written; `None`: a plain `label`) and their language tags.
    others: Vec<(Option<String>, String)>,
    choices: HashMap<String, Vec<Choice>>,
    questions: Scope,
    known: HashMap<String, Known>,
    pub candidates: Vec<Candidate>,
    pub warnings: Vec<ImportWarning>,
    pub refused: Vec<RefusedRow>,
    pub renamed: Vec<RenamedCode>,
    pub languages: Vec<String>,
    /// Notes before the first question: the survey's introduction.
    pub intro: Option<String>,
    pub intro_translations: Translations,
}

impl<'t> Converter<'t> {
    pub fn new(survey: &'t Table, choices: Option<&Table>, default_language: &str) -> Self {
        let mut written = survey.languages("label");
        for language in choices.map(|c| c.languages("label")).unwrap_or_default() {
            if !written.contains(&language) {
                written.push(language);
            }
        }
        let plain = survey
            .headers
            .iter()
            .any(|h| h.base == "label" && h.language.is_none());
        let default_code = (!default_language.is_empty()).then(|| language_code(default_language));
        let is_french = |w: &String| {
            let code = language_code(w);
            code == "fr" || code.starts_with("fr-")
        };
        let language = written
            .iter()
            .find(|w| is_french(w))
            .or_else(|| {
                default_code
                    .as_ref()
                    .and_then(|d| written.iter().find(|w| &language_code(w) == d))
            })
            .cloned()
            .or_else(|| {
                if plain {
                    None
                } else {
                    written.first().cloned()
                }
            });
        // The imported language's texts are the survey's own (French); the others become its
        // translations, under their BCP 47 code.
        let plain_code = default_code.clone().unwrap_or_else(|| "fr".to_owned());
        let primary_code = language
            .as_ref()
            .map_or_else(|| plain_code.clone(), |w| language_code(w));
        let mut columns: Vec<Option<String>> = Vec::new();
        if plain && language.is_some() {
            columns.push(None);
        }
        columns.extend(
            written
                .iter()
                .filter(|w| Some(*w) != language.as_ref())
                .cloned()
                .map(Some),
        );
        let mut others: Vec<(Option<String>, String)> = Vec::new();
        let mut skipped: Vec<String> = Vec::new();
        for column in columns {
            let code = column
                .as_deref()
                .map_or_else(|| plain_code.clone(), language_code);
            if code == primary_code || others.iter().any(|(_, c)| c == &code) {
                continue;
            }
            if !is_language_tag(&code) || code == DEFAULT_LANGUAGE || others.len() >= MAX_LANGUAGES
            {
                skipped.push(column.unwrap_or_else(|| "label".to_owned()));
                continue;
            }
            others.push((column, code));
        }
        let mut languages = vec![primary_code.clone()];
        languages.extend(others.iter().map(|(_, code)| code.clone()));
        let mut converter = Converter {
            survey,
            language,
            others,
            choices: HashMap::new(),
            questions: Scope::default(),
            known: HashMap::new(),
            candidates: Vec::new(),
            warnings: Vec::new(),
            refused: Vec::new(),
            renamed: Vec::new(),
            languages,
            intro: None,
            intro_translations: Translations::new(),
        };
        if primary_code != DEFAULT_LANGUAGE && !primary_code.starts_with("fr-") {
            converter.warn(
                0,
                "label",
                format!(
                    "pas de libellés en français : ceux en « {primary_code} » deviennent les textes de \
                     l'enquête, à traduire dans l'éditeur"
                ),
            );
        }
        for column in skipped {
            converter.warn(
                0,
                &format!("label::{column}"),
                format!(
                    "langue « {column} » non reprise : pas un code de langue connu (écrivez \
                     label::Nom (code), par exemple label::Wolof (wo)), ou plus de \
                     {MAX_LANGUAGES} langues"
                ),
            );
        }
        if let Some(choices) = choices {
            converter.read_choices(choices);
        }
        converter
    }

    fn warn(&mut self, row: usize, column: &str, message: impl Into<String>) {
        self.warnings.push(ImportWarning {
            row,
            column: column.to_owned(),
            message: message.into(),
        });
    }

    fn refuse(&mut self, row: usize, kind: &str, message: impl Into<String>) {
        self.refused.push(RefusedRow {
            row,
            kind: kind.to_owned(),
            message: message.into(),
        });
    }

    /// The label in the imported language, else in another one (with a warning).
    fn label(&mut self, table: &Table, record: &Record, base: &str) -> Option<String> {
        let texts = table.texts(record, base);
        let wanted = self.language.as_deref();
        if let Some((_, text)) = texts.iter().find(|(l, _)| *l == wanted) {
            return Some((*text).to_owned());
        }
        let (other, text) = texts.first()?;
        let from = other.map_or_else(|| "sans langue".to_owned(), language_code);
        self.warn(
            record.row,
            &table.written(base),
            format!("pas de libellé dans la langue importée : celui en « {from} » est repris"),
        );
        Some((*text).to_owned())
    }

    /// The record's `base` texts in the survey's other languages.
    fn translations(&self, table: &Table, record: &Record, base: &str) -> Translations {
        let texts = table.texts(record, base);
        self.others
            .iter()
            .filter_map(|(column, code)| {
                texts
                    .iter()
                    .find(|(l, _)| *l == column.as_deref())
                    .map(|(_, text)| (code.clone(), (*text).to_owned()))
            })
            .collect()
    }

    fn read_choices(&mut self, table: &Table) {
        for record in &table.records {
            let list = table.cell(record, "list_name").to_owned();
            let name = table.cell(record, "name").to_owned();
            if list.is_empty() || name.is_empty() {
                self.warn(
                    record.row,
                    "list_name",
                    "choix sans liste ou sans nom (colonnes list_name, name) : ignoré",
                );
                continue;
            }
            let label = self
                .label(table, record, "label")
                .unwrap_or_else(|| name.clone());
            let translations = fit_all(self.translations(table, record, "label"), MAX_LABEL_CHARS);
            self.choices.entry(list).or_default().push(Choice {
                name,
                label,
                translations,
            });
        }
    }

    /// Reads every row of the `survey` sheet.
    pub fn run(&mut self) {
        let survey = self.survey;
        let mut open: Vec<Open> = Vec::new();
        for record in &survey.records {
            let written_type = survey.cell(record, "type").to_owned();
            let kind = written_type
                .to_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let name = survey.cell(record, "name").to_owned();
            if kind.is_empty() {
                self.warn(
                    record.row,
                    &survey.written("type"),
                    "ligne sans type : ignorée",
                );
                continue;
            }
            if let Some(repeat) = open.iter().find(|o| o.repeat) {
                let (repeat_name, repeat_row) = (repeat.name.clone(), repeat.row);
                if matches!(kind.as_str(), "end repeat" | "end_repeat") {
                    open.pop();
                } else if !matches!(
                    kind.as_str(),
                    "begin group"
                        | "begin_group"
                        | "end group"
                        | "end_group"
                        | "begin repeat"
                        | "begin_repeat"
                ) {
                    self.refuse(
                        record.row,
                        &written_type,
                        format!(
                            "dans la répétition « {repeat_name} » (ligne {repeat_row}) : \
                             Porte-Voix n'a pas de questions répétées"
                        ),
                    );
                } else if kind.starts_with("begin") {
                    open.push(Open {
                        repeat: kind.contains("repeat"),
                        name,
                        row: record.row,
                        relevant: None,
                    });
                } else {
                    open.pop();
                }
                continue;
            }
            match kind.as_str() {
                "begin group" | "begin_group" => {
                    let relevant = self.relevant(record);
                    open.push(Open {
                        repeat: false,
                        name,
                        row: record.row,
                        relevant,
                    });
                }
                "end group" | "end_group" => {
                    if open.pop().is_none() {
                        self.warn(
                            record.row,
                            &survey.written("type"),
                            "« end group » sans « begin group » : ignoré",
                        );
                    }
                }
                "begin repeat" | "begin_repeat" => {
                    self.refuse(
                        record.row,
                        &written_type,
                        "répétition (begin repeat) : Porte-Voix n'a pas de questions répétées ; \
                         ses questions ne sont pas importées",
                    );
                    open.push(Open {
                        repeat: true,
                        name,
                        row: record.row,
                        relevant: None,
                    });
                }
                "end repeat" | "end_repeat" => {
                    self.warn(
                        record.row,
                        &survey.written("type"),
                        "« end repeat » sans « begin repeat » : ignoré",
                    );
                }
                "note" if open.is_empty() && self.candidates.is_empty() => {
                    self.intro_note(record);
                }
                _ => {
                    let groups: Vec<Result<Expr, String>> =
                        open.iter().filter_map(|o| o.relevant.clone()).collect();
                    self.question_row(record, &written_type, &kind, name, groups);
                }
            }
        }
        for group in open {
            self.warn(
                group.row,
                &survey.written("type"),
                format!("groupe « {} » jamais refermé", group.name),
            );
        }
    }

    /// A note before any question: part of the survey's introduction.
    fn intro_note(&mut self, record: &Record) {
        let survey = self.survey;
        let Some(text) = self.label(survey, record, "label") else {
            return;
        };
        if !survey.cell(record, "relevant").is_empty() {
            self.warn(
                record.row,
                &survey.written("relevant"),
                "condition d'une note d'introduction : ignorée, l'introduction est toujours lue",
            );
        }
        let intro = match self.intro.take() {
            Some(before) => format!("{before}\n\n{text}"),
            None => text,
        };
        for (code, translated) in self.translations(survey, record, "label") {
            let joined = match self.intro_translations.remove(&code) {
                Some(before) => format!("{before}\n\n{translated}"),
                None => translated,
            };
            self.intro_translations
                .insert(code, joined.chars().take(MAX_INTRO_CHARS).collect());
        }
        if intro.chars().count() > MAX_INTRO_CHARS {
            self.warn(
                record.row,
                &survey.written("label"),
                format!("introduction de plus de {MAX_INTRO_CHARS} caractères : coupée"),
            );
        }
        self.intro = Some(intro.chars().take(MAX_INTRO_CHARS).collect());
    }

    fn relevant(&mut self, record: &Record) -> Option<Result<Expr, String>> {
        let text = self.survey.cell(record, "relevant");
        (!text.is_empty()).then(|| expression::parse(text).map_err(|e| format!("« {text} » : {e}")))
    }

    fn question_row(
        &mut self,
        record: &Record,
        written_type: &str,
        kind: &str,
        name: String,
        groups: Vec<Result<Expr, String>>,
    ) {
        let survey = self.survey;
        let row = record.row;
        let Some(mut question_kind) = self.kind(record, written_type, kind) else {
            return;
        };
        if name.is_empty() {
            self.refuse(row, written_type, "question sans nom (colonne name)");
            return;
        }
        let code = self.questions.code_for(&name, "q");
        if code != name {
            self.renamed.push(RenamedCode {
                of: "question".into(),
                from: name.clone(),
                to: code.clone(),
            });
        }
        let label = match self.label(survey, record, "label") {
            Some(label) => label,
            None => {
                self.warn(
                    row,
                    &survey.written("label"),
                    "question sans libellé : son nom est repris",
                );
                name.clone()
            }
        };
        let label = self.fit_label(row, label);
        let translations = fit_all(self.translations(survey, record, "label"), MAX_LABEL_CHARS);
        if label.contains("${") {
            self.warn(row, &survey.written("label"), "le libellé cite une autre réponse (${…}) : le téléphone affichera la référence telle quelle");
        }
        // The hint goes under the question, in every language the form has it in.
        let hint = self
            .label(survey, record, "hint")
            .map(|h| h.chars().take(MAX_HINT_CHARS).collect::<String>());
        let hint_translations = fit_all(self.translations(survey, record, "hint"), MAX_HINT_CHARS);
        let constraint = survey.cell(record, "constraint");
        if !constraint.is_empty() {
            let applied = expression::parse(constraint)
                .and_then(|expr| conditions::apply_bounds(&expr, &mut question_kind));
            if let Err(why) = applied {
                self.warn(
                    row,
                    &survey.written("constraint"),
                    format!("contrainte « {constraint} » non reprise : {why}"),
                );
            }
        }
        let mut required = self.required(record);
        if required && !question_kind.is_answered() {
            self.warn(
                row,
                &survey.written("required"),
                "une note n'attend pas de réponse : elle n'est pas obligatoire",
            );
            required = false;
        }
        let mut rules: Vec<Expr> = Vec::new();
        let mut unreadable: Option<String> = None;
        for group in groups.into_iter().chain(self.relevant(record)) {
            match group {
                Ok(expr) => rules.push(expr),
                Err(why) => unreadable = Some(why),
            }
        }
        let show_if = match (unreadable, rules.is_empty()) {
            (Some(why), _) => Err(why),
            (None, true) => Ok(None),
            (None, false) => relevant::show_if(&rules, &self.known).map(Some),
        };
        let show_if = show_if.unwrap_or_else(|why| {
            let more = if required {
                " ; elle n'est plus obligatoire"
            } else {
                ""
            };
            self.warn(
                row,
                &survey.written("relevant"),
                format!("condition non reprise, la question sera toujours posée{more} : {why}"),
            );
            required = false;
            None
        });
        let values = match &question_kind {
            QuestionKind::Scale { .. } => (SCALE_MIN..=SCALE_MAX)
                .map(|v| (v.to_string(), v.to_string()))
                .collect(),
            QuestionKind::YesNo => ["yes", "no"]
                .into_iter()
                .map(|v| (v.to_owned(), v.to_owned()))
                .collect(),
            _ => HashMap::new(),
        };
        let other = written_type.to_lowercase().contains("or_other");
        let mut known_values = values;
        if let Some(options) = question_kind.options() {
            let list = list_name(kind);
            for (choice, option) in self.choices.get(&list).into_iter().flatten().zip(options) {
                known_values.insert(choice.name.clone(), option.code.clone());
            }
            if other {
                known_values.insert("other".into(), "other".into());
            }
        }
        self.known
            .insert(name.clone(), Known::of(&code, &question_kind, known_values));
        self.candidates.push(Candidate {
            question: Question {
                code: code.clone(),
                label,
                kind: question_kind,
                required,
                show_if,
                translations,
                hint,
                hint_translations,
            },
            row,
            name: name.clone(),
        });
        if other {
            let follow = self.questions.code_for(&format!("{code}_other"), "q");
            self.warn(
                row,
                &survey.written("type"),
                format!(
                    "or_other : choix « Autre » ajouté, et la question « {follow} » pour préciser"
                ),
            );
            self.candidates.push(Candidate {
                question: Question {
                    code: follow.clone(),
                    label: "Précisez (autre)".into(),
                    kind: QuestionKind::ShortText { max_chars: None },
                    required: false,
                    show_if: Some(portevoix_domain::survey::ShowIf::any_of(
                        code,
                        vec!["other".into()],
                    )),
                    translations: Translations::new(),
                    hint: None,
                    hint_translations: Translations::new(),
                },
                row,
                name: format!("{name}_other"),
            });
        }
    }

    fn fit_label(&mut self, row: usize, label: String) -> String {
        if label.chars().count() <= MAX_LABEL_CHARS {
            return label;
        }
        self.warn(
            row,
            &self.survey.written("label"),
            format!("libellé de plus de {MAX_LABEL_CHARS} caractères : coupé"),
        );
        let mut cut: String = label
            .chars()
            .take(MAX_LABEL_CHARS.saturating_sub(1))
            .collect();
        cut.push('…');
        cut
    }

    fn required(&mut self, record: &Record) -> bool {
        let text = self.survey.cell(record, "required");
        match text.to_lowercase().as_str() {
            "yes" | "true" | "1" | "t" | "y" | "oui" | "true()" => true,
            "" | "no" | "false" | "0" | "f" | "n" | "non" | "false()" => false,
            _ => {
                self.warn(
                    record.row,
                    &self.survey.written("required"),
                    format!("« {text} » n'est ni oui ni non : question facultative"),
                );
                false
            }
        }
    }

    /// The question's kind, or `None` with the row refused.
    fn kind(&mut self, record: &Record, written: &str, kind: &str) -> Option<QuestionKind> {
        let row = record.row;
        let appearance = self.survey.cell(record, "appearance").to_lowercase();
        let refuse = |this: &mut Self, why: &str| {
            this.refuse(row, written, why);
            None
        };
        let first = kind.split(' ').next().unwrap_or_default();
        match first {
            "text" | "string" => Some(if appearance.contains("multiline") {
                QuestionKind::LongText { max_chars: None }
            } else {
                QuestionKind::ShortText { max_chars: None }
            }),
            "integer" | "int" => Some(QuestionKind::Number {
                min: None,
                max: None,
                integer: true,
            }),
            "decimal" => Some(QuestionKind::Number {
                min: None,
                max: None,
                integer: false,
            }),
            "range" => Some(self.range(record)),
            "select_one" | "select_multiple" | "select" | "select1" => {
                self.select(record, written, kind)
            }
            "select_one_from_file" | "select_multiple_from_file" | "rank" => refuse(
                self,
                "liste lue dans un fichier externe ou classement : pas pris en charge",
            ),
            "note" => Some(QuestionKind::Note),
            "date" => Some(QuestionKind::Date),
            "time" | "datetime" => refuse(
                self,
                "question d'heure : Porte-Voix ne demande que des dates (type date)",
            ),
            "calculate" | "hidden" => refuse(self, "calcul : Porte-Voix ne calcule pas de valeurs"),
            "geopoint" | "geotrace" | "geoshape" | "start-geopoint" => refuse(
                self,
                "position GPS : Porte-Voix ne collecte pas de position (RGPD : collecter peu)",
            ),
            "image" | "audio" | "video" | "file" | "signature" | "barcode" | "photo"
            | "background-audio" => refuse(
                self,
                "média ou fichier : Porte-Voix ne collecte que des réponses et des textes",
            ),
            "acknowledge" | "trigger" => refuse(self, "case « acknowledge » : pas prise en charge"),
            "start" | "end" | "today" | "deviceid" | "subscriberid" | "simserial"
            | "phonenumber" | "username" | "email" | "audit" | "imei" | "instanceid" => refuse(
                self,
                "métadonnée que ODK collecte seul : Porte-Voix ne la collecte pas",
            ),
            other if other.starts_with("uri:") => refuse(
                self,
                "métadonnée que ODK collecte seul : Porte-Voix ne la collecte pas",
            ),
            "begin" | "end_group" => refuse(self, "ligne de structure non reconnue"),
            _ => refuse(
                self,
                &format!("type « {written} » inconnu de XLSForm ou de Porte-Voix"),
            ),
        }
    }

    /// `range` with `parameters` `start=1 end=5 step=1` (ODK's defaults: 1, 10, 1). 1 to 5 by
    /// one is a scale.
    fn range(&mut self, record: &Record) -> QuestionKind {
        let parameters = self.survey.cell(record, "parameters").to_lowercase();
        let mut values = HashMap::new();
        for part in parameters.split(|c: char| c.is_whitespace() || c == ';' || c == ',') {
            if let Some((key, value)) = part.split_once('=') {
                if let Ok(number) = value.trim().parse::<f64>() {
                    if number.is_finite() {
                        values.insert(key.trim().to_owned(), number);
                    }
                }
            }
        }
        let start = values.get("start").copied().unwrap_or(1.0);
        let end = values.get("end").copied().unwrap_or(10.0);
        let step = values.get("step").copied().unwrap_or(1.0);
        if start == 1.0 && end == 5.0 && step == 1.0 {
            let appearance = self.survey.cell(record, "appearance").to_lowercase();
            return QuestionKind::Scale {
                smiley: appearance.contains("smiley"),
            };
        }
        let (min, max) = if start <= end {
            (start, end)
        } else {
            (end, start)
        };
        QuestionKind::Number {
            min: Some(min),
            max: Some(max),
            integer: step.fract() == 0.0 && start.fract() == 0.0,
        }
    }

    fn select(&mut self, record: &Record, written: &str, kind: &str) -> Option<QuestionKind> {
        let row = record.row;
        let list = list_name(kind);
        let multiple = kind.starts_with("select_multiple")
            || kind.starts_with("select all")
            || kind.starts_with("select multiple")
            || kind == format!("select {list}");
        if list.is_empty() {
            self.refuse(
                row,
                written,
                "choix sans nom de liste (select_one NOM_DE_LISTE)",
            );
            return None;
        }
        if !self.survey.cell(record, "choice_filter").is_empty() {
            self.refuse(
                row,
                written,
                "liste filtrée (choice_filter) : pas prise en charge",
            );
            return None;
        }
        let Some(choices) = self.choices.get(&list) else {
            self.refuse(
                row,
                written,
                format!("liste « {list} » absente de la feuille choices"),
            );
            return None;
        };
        let other = kind.contains("or_other");
        let count = choices.len().saturating_add(usize::from(other));
        if count > MAX_OPTIONS {
            self.refuse(row, written, format!("liste « {list} » de {count} choix : {MAX_OPTIONS} au plus dans une enquête flash"));
            return None;
        }
        if count < 2 {
            self.refuse(
                row,
                written,
                format!("liste « {list} » d'un seul choix : deux au moins"),
            );
            return None;
        }
        let mut scope = Scope::default();
        let mut options = Vec::with_capacity(count);
        let mut renamed = Vec::new();
        for choice in choices {
            let code = scope.code_for(&choice.name, "o");
            if code != choice.name {
                renamed.push(RenamedCode {
                    of: "option".into(),
                    from: format!("{list}/{}", choice.name),
                    to: code.clone(),
                });
            }
            options.push(ChoiceOption {
                code,
                label: choice.label.chars().take(MAX_LABEL_CHARS).collect(),
                translations: choice.translations.clone(),
            });
        }
        if other && !options.iter().any(|o| o.code == "other") {
            options.push(ChoiceOption {
                code: "other".into(),
                label: "Autre".into(),
                translations: Translations::new(),
            });
        }
        for change in renamed {
            if !self.renamed.contains(&change) {
                self.renamed.push(change);
            }
        }
        let mut codes: Vec<&str> = options.iter().map(|o| o.code.as_str()).collect();
        codes.sort_unstable();
        Some(if multiple {
            QuestionKind::MultipleChoice {
                options,
                max_choices: None,
            }
        } else if codes == ["no", "yes"] {
            // A yes/no list is Porte-Voix's yes/no question (the phone words it).
            QuestionKind::YesNo
        } else {
            QuestionKind::SingleChoice { options }
        })
    }
}

/// Translations cut to `max` characters (the survey's limit for that text).
fn fit_all(translations: Translations, max: usize) -> Translations {
    translations
        .into_iter()
        .map(|(code, text)| (code, text.chars().take(max).collect()))
        .collect()
}

/// The list of `select_one LIST`, `select_one LIST or_other`, `select one from LIST`.
fn list_name(kind: &str) -> String {
    let words: Vec<&str> = kind.split(' ').filter(|w| *w != "or_other").collect();
    match words.as_slice() {
        [_, list] => (*list).to_owned(),
        [.., "from", list] => (*list).to_owned(),
        [_, _, list] => (*list).to_owned(),
        _ => String::new(),
    }
}

/// The report and the draft from what was read. `keep`: codes or names chosen; `None` keeps
/// the first [`MAX_QUESTIONS`].
pub fn finish(
    mut converter: Converter<'_>,
    title: String,
    keep: Option<&[String]>,
) -> (ImportReport, SurveyDefinition) {
    let total = converter.candidates.len();
    let chosen: Vec<bool> = match keep {
        Some(wanted) => {
            for code in wanted {
                if !converter
                    .candidates
                    .iter()
                    .any(|c| &c.question.code == code || &c.name == code)
                {
                    converter.warn(
                        0,
                        "",
                        format!("« {code} » demandée mais pas une question importable"),
                    );
                }
            }
            converter
                .candidates
                .iter()
                .map(|c| wanted.iter().any(|w| w == &c.question.code || w == &c.name))
                .collect()
        }
        None => (0..total).map(|i| i < MAX_QUESTIONS).collect(),
    };
    let kept_count = chosen.iter().filter(|k| **k).count();
    if keep.is_none() && total > MAX_QUESTIONS {
        converter.warn(0, "", format!("{total} questions importables : les {MAX_QUESTIONS} premières sont gardées (une enquête flash en a {MAX_QUESTIONS} au plus) ; choisissez lesquelles garder"));
    } else if kept_count > MAX_QUESTIONS {
        converter.warn(
            0,
            "",
            format!("{kept_count} questions choisies : {MAX_QUESTIONS} au plus pour publier"),
        );
    }
    let mut questions: Vec<Question> = Vec::new();
    let mut listed = Vec::with_capacity(total);
    for (candidate, kept) in converter.candidates.iter().zip(&chosen) {
        listed.push(ImportedQuestion {
            code: candidate.question.code.clone(),
            kind: candidate.question.kind.question_type(),
            label: candidate.question.label.clone(),
            from_row: candidate.row,
            kept: *kept,
        });
        if !kept {
            continue;
        }
        let mut question = candidate.question.clone();
        let left_out = question.show_if.as_ref().and_then(|condition| {
            condition
                .rules()
                .into_iter()
                .find(|r| !questions.iter().any(|q| q.code == r.question))
                .map(|r| r.question.clone())
        });
        if let Some(left_out) = left_out {
            {
                let message = format!(
                    "condition sur « {left_out} », qui n'est pas gardée : la question sera toujours posée"
                );
                converter.warnings.push(ImportWarning {
                    row: candidate.row,
                    column: "relevant".into(),
                    message,
                });
                question.show_if = None;
                question.required = false;
            }
        }
        questions.push(question);
    }
    let title: String = title.chars().take(MAX_TITLE_CHARS).collect();
    let definition = SurveyDefinition {
        title: title.clone(),
        intro: converter.intro.take(),
        questions,
        languages: converter.languages.iter().skip(1).cloned().collect(),
        title_translations: Translations::new(),
        intro_translations: std::mem::take(&mut converter.intro_translations),
    };
    let report = ImportReport {
        title,
        languages: converter.languages,
        importable: total,
        kept: kept_count,
        questions: listed,
        warnings: converter.warnings,
        refused: converter.refused,
        renamed: converter.renamed,
        survey_id: None,
        definition: None,
    };
    (report, definition)
}
