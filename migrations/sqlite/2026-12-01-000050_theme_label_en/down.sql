ALTER TABLE themes DROP COLUMN label_en;
