-- tidy up
ALTER TABLE accounts ADD COLUMN email text;
CREATE INDEX accounts_email ON accounts(email);
ALTER TABLE accounts DROP COLUMN legacy;
