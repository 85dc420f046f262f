CREATE TABLE answers_rowid (
    response_id TEXT NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
    question_code TEXT NOT NULL,
    option_code TEXT NOT NULL DEFAULT '',
    number_value REAL,
    text_value TEXT,
    PRIMARY KEY (response_id, question_code, option_code)
);
INSERT INTO answers_rowid (response_id, question_code, option_code, number_value, text_value)
    SELECT response_id, question_code, option_code, number_value, text_value FROM answers;
DROP TABLE answers;
ALTER TABLE answers_rowid RENAME TO answers;
