DROP INDEX responses_outing;
CREATE INDEX responses_outing ON responses (outing_id);
DROP INDEX responses_receipt;
CREATE INDEX responses_receipt ON responses (receipt_code);
CREATE TABLE answers_linked (
    response_id TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    question_code TEXT NOT NULL,
    option_code TEXT NOT NULL DEFAULT '',
    number_value REAL,
    text_value TEXT,
    PRIMARY KEY (response_id, question_code, option_code)
) WITHOUT ROWID;
INSERT INTO answers_linked (response_id, question_code, option_code, number_value, text_value)
    SELECT response_id, question_code, option_code, number_value, text_value FROM answers;
DROP TABLE answers;
ALTER TABLE answers_linked RENAME TO answers;
