DROP INDEX audit_log_action;
DROP INDEX testimonies_captured;
DROP TABLE login_throttle;
