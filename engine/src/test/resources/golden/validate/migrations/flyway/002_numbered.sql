CREATE TABLE u(id int);
