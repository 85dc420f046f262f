//! The survey builder's choices as types, not strings: the question types offered in its list
//! (two of them, scale and smiley, are one `QuestionKind` with a flag) and the actions of its
//! buttons.

use portevoix_domain::survey::{ChoiceOption, QuestionKind};

use crate::i18n::staff::St;

/// A question type as the builder's list offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindChoice {
    SingleChoice,
    MultipleChoice,
    Scale,
    Smiley,
    YesNo,
    ShortText,
    LongText,
    Number,
    Date,
    Note,
}

impl KindChoice {
    /// In the list's order.
    pub const ALL: [KindChoice; 10] = [
        KindChoice::SingleChoice,
        KindChoice::MultipleChoice,
        KindChoice::Scale,
        KindChoice::Smiley,
        KindChoice::YesNo,
        KindChoice::ShortText,
        KindChoice::LongText,
        KindChoice::Number,
        KindChoice::Date,
        KindChoice::Note,
    ];

    /// The `<option value>`.
    pub fn key(self) -> &'static str {
        match self {
            KindChoice::SingleChoice => "single_choice",
            KindChoice::MultipleChoice => "multiple_choice",
            KindChoice::Scale => "scale",
            KindChoice::Smiley => "smiley",
            KindChoice::YesNo => "yes_no",
            KindChoice::ShortText => "short_text",
            KindChoice::LongText => "long_text",
            KindChoice::Number => "number",
            KindChoice::Date => "date",
            KindChoice::Note => "note",
        }
    }

    /// The choice an `<option value>` stands for.
    pub fn from_key(key: &str) -> Option<KindChoice> {
        KindChoice::ALL.into_iter().find(|k| k.key() == key)
    }

    /// The choice a question's kind shows as.
    pub fn of(kind: &QuestionKind) -> KindChoice {
        match kind {
            QuestionKind::SingleChoice { .. } => KindChoice::SingleChoice,
            QuestionKind::MultipleChoice { .. } => KindChoice::MultipleChoice,
            QuestionKind::Scale { smiley: false } => KindChoice::Scale,
            QuestionKind::Scale { smiley: true } => KindChoice::Smiley,
            QuestionKind::YesNo => KindChoice::YesNo,
            QuestionKind::ShortText { .. } => KindChoice::ShortText,
            QuestionKind::LongText { .. } => KindChoice::LongText,
            QuestionKind::Number { .. } => KindChoice::Number,
            QuestionKind::Date => KindChoice::Date,
            QuestionKind::Note => KindChoice::Note,
        }
    }

    pub fn label(self, t: &St) -> &'static str {
        match self {
            KindChoice::SingleChoice => t.kind_single,
            KindChoice::MultipleChoice => t.kind_multiple,
            KindChoice::Scale => t.kind_scale,
            KindChoice::Smiley => t.kind_smiley,
            KindChoice::YesNo => t.kind_yes_no,
            KindChoice::ShortText => t.kind_short_text,
            KindChoice::LongText => t.kind_long_text,
            KindChoice::Number => t.kind_number,
            KindChoice::Date => t.kind_date,
            KindChoice::Note => t.kind_note,
        }
    }

    /// A question of this type, keeping the options of `previous` when it had some (a single
    /// choice turned multiple keeps its options), two empty ones otherwise.
    pub fn make(self, previous: &QuestionKind) -> QuestionKind {
        let options = previous
            .options()
            .map(<[ChoiceOption]>::to_vec)
            .unwrap_or_else(|| vec![ChoiceOption::default(), ChoiceOption::default()]);
        match self {
            KindChoice::SingleChoice => QuestionKind::SingleChoice { options },
            KindChoice::MultipleChoice => QuestionKind::MultipleChoice {
                options,
                max_choices: None,
            },
            KindChoice::Scale => QuestionKind::Scale { smiley: false },
            KindChoice::Smiley => QuestionKind::Scale { smiley: true },
            KindChoice::YesNo => QuestionKind::YesNo,
            KindChoice::ShortText => QuestionKind::ShortText { max_chars: None },
            KindChoice::LongText => QuestionKind::LongText { max_chars: None },
            KindChoice::Number => QuestionKind::Number {
                min: None,
                max: None,
                integer: true,
            },
            KindChoice::Date => QuestionKind::Date,
            KindChoice::Note => QuestionKind::Note,
        }
    }
}

/// What a button of the builder does once the draft is saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuilderAction {
    Save,
    Publish,
    Open,
    Close,
    Assign,
}

impl BuilderAction {
    /// The survey's status change (`POST /api/v1/surveys/{id}/{path}`), for those that are one.
    pub fn status_path(self) -> Option<&'static str> {
        match self {
            BuilderAction::Publish => Some("publish"),
            BuilderAction::Open => Some("open"),
            BuilderAction::Close => Some("close"),
            BuilderAction::Save | BuilderAction::Assign => None,
        }
    }
}
