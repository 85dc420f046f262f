-- Back to UTC months: the reverse move of up.sql.
CREATE TABLE tally_months_moved AS
SELECT id, quartier_id, utc_month, paris_month FROM (
  SELECT id, quartier_id,
    to_char(to_timestamp(captured_at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM') AS utc_month,
    to_char(to_timestamp(captured_at / 1000.0) AT TIME ZONE 'Europe/Paris', 'YYYY-MM') AS paris_month
  FROM testimonies
  WHERE status = 'approved'
) AS months
WHERE utc_month <> paris_month;

-- Out of the month they were counted in (paris_month) …
INSERT INTO tally_testimonies (quartier_id, month, testimonies)
SELECT quartier_id, paris_month, -COUNT(*) FROM tally_months_moved WHERE true
GROUP BY quartier_id, paris_month
ON CONFLICT (quartier_id, month)
DO UPDATE SET testimonies = tally_testimonies.testimonies + excluded.testimonies;

INSERT INTO tally_themes (quartier_id, theme_code, month, testimonies)
SELECT m.quartier_id, t.theme_code, m.paris_month, -COUNT(*)
FROM tally_months_moved m JOIN testimony_themes t ON t.testimony_id = m.id WHERE true
GROUP BY m.quartier_id, t.theme_code, m.paris_month
ON CONFLICT (quartier_id, theme_code, month)
DO UPDATE SET testimonies = tally_themes.testimonies + excluded.testimonies;

-- … into the month they belong to (utc_month).
INSERT INTO tally_testimonies (quartier_id, month, testimonies)
SELECT quartier_id, utc_month, COUNT(*) FROM tally_months_moved WHERE true
GROUP BY quartier_id, utc_month
ON CONFLICT (quartier_id, month)
DO UPDATE SET testimonies = tally_testimonies.testimonies + excluded.testimonies;

INSERT INTO tally_themes (quartier_id, theme_code, month, testimonies)
SELECT m.quartier_id, t.theme_code, m.utc_month, COUNT(*)
FROM tally_months_moved m JOIN testimony_themes t ON t.testimony_id = m.id WHERE true
GROUP BY m.quartier_id, t.theme_code, m.utc_month
ON CONFLICT (quartier_id, theme_code, month)
DO UPDATE SET testimonies = tally_themes.testimonies + excluded.testimonies;

DROP TABLE tally_months_moved;
