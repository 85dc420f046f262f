-- What this deployment's coordinators taught the analysis (issue 14 §3): for each words (folded
-- key, `prefecture`, `nids de frelons`) and theme, how often a suggestion they triggered was kept
-- or removed at approval, and how often the theme was added by hand beside them.
CREATE TABLE theme_evidence (
    words TEXT NOT NULL,
    theme_code TEXT NOT NULL,
    confirmed BIGINT NOT NULL DEFAULT 0,
    rejected BIGINT NOT NULL DEFAULT 0,
    added BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (words, theme_code)
);
