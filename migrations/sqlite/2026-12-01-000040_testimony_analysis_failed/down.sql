ALTER TABLE testimonies DROP COLUMN analysis_failed;
