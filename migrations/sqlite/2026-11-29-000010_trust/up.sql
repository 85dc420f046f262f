-- Trust (issue 7): login throttling kept in the database, so every server instance sees the
-- same counters; indexes for the retention purge and emerging topics.

-- One row per throttled key: `account:<e-mail>` or `address:<ip>`. `failures` counts attempts
-- not yet forgiven; `blocked_until` (Unix ms) refuses attempts before it with 429.
CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL DEFAULT 0,
    last_at BIGINT NOT NULL,
    blocked_until BIGINT NOT NULL DEFAULT 0
);

-- Retention purge and emerging topics walk testimonies by capture time.
CREATE INDEX testimonies_captured ON testimonies (captured_at);
-- Audit log browsing filters by action and pages by id.
CREATE INDEX audit_log_action ON audit_log (action, id);
