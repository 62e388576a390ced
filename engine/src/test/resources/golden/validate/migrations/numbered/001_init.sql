CREATE TABLE accounts(id int, legacy text);
