-- Harmless first: a comment that says DROP TABLE users; must not count
INSERT INTO audit(note) VALUES ('DELETE FROM users; -- not real');
UPDATE accounts SET active = false WHERE last_login < now() - interval '2 years';
DO $$ BEGIN
  -- a dollar-quoted body with DROP TABLE inside is one statement, not a DROP
  PERFORM 1;
END $$;
DROP TABLE legacy_sessions;
  UPDATE users SET flag = 0;
SELECT 1;
CREATE TABLE IF NOT EXISTS kept (id int);
ALTER TABLE
  kept
  DROP COLUMN id;
DELETE FROM kept WHERE id = 1;
