-- 004_add_user_phone: "Adicionar campo telefone para usuários" (the seed's Up, verbatim).
-- Down (the runbook step's rollback): ALTER TABLE users DROP COLUMN phone.
ALTER TABLE users ADD COLUMN phone VARCHAR(20);
