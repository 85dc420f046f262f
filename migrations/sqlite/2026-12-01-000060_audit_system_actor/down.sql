-- Nothing to undo: NULL was already how the system was recorded, and 0 named no account.
SELECT 1;
