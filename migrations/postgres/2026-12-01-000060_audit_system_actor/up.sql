-- The system (command line, first start, key rotation, retention purge) acts with no account:
-- its audit entries have no actor_id. Versions before this one wrote 0 from some commands.
UPDATE audit_log SET actor_id = NULL WHERE actor_id = 0;
