-- 001_create_initial_tables: "Criar tabelas principais" - plans, tenants (law firms) and users.
CREATE TABLE plans (
    id            uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    code          varchar(50)  NOT NULL UNIQUE,
    name          varchar(100) NOT NULL,
    price_cents   integer      NOT NULL CHECK (price_cents >= 0),
    max_users     integer      CHECK (max_users > 0),
    max_processes integer      CHECK (max_processes > 0),
    features      jsonb        NOT NULL DEFAULT '[]'::jsonb,
    active        boolean      NOT NULL DEFAULT true,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE tenants (
    id         uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    name       varchar(200) NOT NULL,
    document   varchar(20)  NOT NULL UNIQUE,
    plan_id    uuid         NOT NULL REFERENCES plans (id),
    status     varchar(20)  NOT NULL DEFAULT 'active'
               CHECK (status IN ('trial', 'active', 'suspended', 'cancelled')),
    created_at timestamptz  NOT NULL DEFAULT now(),
    updated_at timestamptz  NOT NULL DEFAULT now()
);

CREATE TABLE users (
    id            uuid         PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id     uuid         NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email         varchar(255) NOT NULL,
    name          varchar(200) NOT NULL,
    password_hash varchar(255) NOT NULL,
    role          varchar(20)  NOT NULL DEFAULT 'lawyer'
                  CHECK (role IN ('admin', 'lawyer', 'assistant', 'client')),
    status        varchar(20)  NOT NULL DEFAULT 'active'
                  CHECK (status IN ('active', 'invited', 'disabled')),
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT users_tenant_email_key UNIQUE (tenant_id, email)
);
