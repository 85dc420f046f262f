-- The text analysis of a testimony failed when it arrived (a bug met an input): the testimony is
-- kept, with no suggested theme and a placeholder for the redacted text, for the coordinator to
-- theme and redact by hand.
ALTER TABLE testimonies ADD COLUMN analysis_failed BOOLEAN NOT NULL DEFAULT FALSE;
