//! The domain's enums in text columns. The domain crate knows nothing of diesel, and the orphan
//! rule forbids implementing diesel's traits for its types against diesel's own backends, so:
//!
//! - reading: each enum gets `FromSql<Text, MultiBackend>` (our `MultiBackend` is local), so rows
//!   and selected tuples carry the enum itself. A value the enum does not know is an error naming
//!   the column and the value (data corruption, answered as a 500 and logged), never a default;
//! - writing: [`Stored`] wraps an enum for `.eq(…)`, `.values(…)` and insertable rows, on the
//!   `MultiBackend` as on the concrete connections (multi-row inserts run on those).
//!
//! The text written is the enum's `as_str()`, the same string as its serde name on the wire.

use std::error::Error;
use std::fmt;

use diesel::deserialize::{self, FromSql, FromSqlRow, Queryable};
use diesel::expression::AsExpression;
use diesel::pg::Pg;
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;
use diesel::sqlite::Sqlite;

use super::MultiBackend;

/// A domain enum stored as text.
pub trait TextEnum: Copy + fmt::Debug + Send + Sync + 'static {
    /// Where it is stored (`table.column`, or several), named in errors.
    const COLUMNS: &'static str;
    fn as_str(self) -> &'static str;
    fn parse(value: &str) -> Option<Self>;
}

/// A text the database holds that its enum does not know.
#[derive(Debug)]
pub struct UnknownValue {
    pub columns: &'static str,
    pub value: String,
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown value {:?} in {}", self.value, self.columns)
    }
}

impl Error for UnknownValue {}

/// Reads a stored text as `T`, or says which column holds what.
pub fn parse_stored<T: TextEnum>(value: String) -> deserialize::Result<T> {
    T::parse(&value).ok_or_else(|| {
        Box::new(UnknownValue {
            columns: T::COLUMNS,
            value,
        }) as Box<dyn Error + Send + Sync>
    })
}

/// An enum on its way into a text column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, AsExpression, FromSqlRow)]
#[diesel(sql_type = Text)]
pub struct Stored<T: TextEnum>(pub T);

impl<T: TextEnum> From<T> for Stored<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl<T: TextEnum> ToSql<Text, Pg> for Stored<T> {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        <str as ToSql<Text, Pg>>::to_sql(self.0.as_str(), out)
    }
}

impl<T: TextEnum> ToSql<Text, Sqlite> for Stored<T> {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
        <str as ToSql<Text, Sqlite>>::to_sql(self.0.as_str(), out)
    }
}

impl<T: TextEnum> ToSql<Text, MultiBackend> for Stored<T> {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
        out.set_value((Text, self.0.as_str()));
        Ok(serialize::IsNull::No)
    }
}

impl<T: TextEnum> FromSql<Text, MultiBackend> for Stored<T> {
    fn from_sql(
        bytes: <MultiBackend as diesel::backend::Backend>::RawValue<'_>,
    ) -> deserialize::Result<Self> {
        parse_stored(bytes.from_sql::<String, Text>()?).map(Stored)
    }
}

/// Makes domain enums readable from text columns (`FromSql` and `Queryable` on our
/// `MultiBackend`, what `#[derive(FromSqlRow)]` would give a local type).
macro_rules! text_enum {
    ($($ty:ty => $columns:literal),* $(,)?) => {$(
        impl TextEnum for $ty {
            const COLUMNS: &'static str = $columns;
            fn as_str(self) -> &'static str {
                <$ty>::as_str(self)
            }
            fn parse(value: &str) -> Option<Self> {
                <$ty>::parse(value)
            }
        }

        impl FromSql<Text, MultiBackend> for $ty {
            fn from_sql(
                bytes: <MultiBackend as diesel::backend::Backend>::RawValue<'_>,
            ) -> deserialize::Result<Self> {
                parse_stored(bytes.from_sql::<String, Text>()?)
            }
        }

        impl Queryable<Text, MultiBackend> for $ty {
            type Row = Self;
            fn build(row: Self) -> deserialize::Result<Self> {
                Ok(row)
            }
        }
    )*};
}

use portevoix_domain::wire::{
    AgeBand, AnswerStatus, Consent, ModerationStatus, PublicationKind, Role, SurveyStatus,
    ThemeSource, TombstoneEntity,
};

text_enum! {
    Role => "users.role",
    SurveyStatus => "surveys.status",
    ModerationStatus => "testimonies.status",
    Consent => "testimonies.consent",
    AgeBand => "responses.age_band or testimonies.age_band",
    ThemeSource => "testimony_themes.source",
    TombstoneEntity => "tombstones.entity",
    PublicationKind => "publications.kind",
    AnswerStatus => "council_answers.status",
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_value_names_its_column_and_value() {
        let error = parse_stored::<SurveyStatus>("archived".into()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown value \"archived\" in surveys.status"
        );
        assert_eq!(
            parse_stored::<SurveyStatus>("open".into()).unwrap(),
            SurveyStatus::Open
        );
    }
}
