//! French text analysis: theme suggestion, personal-data redaction, sensitive-data flag.
//! (Being written; see issue "Testimony analysis in French".)
