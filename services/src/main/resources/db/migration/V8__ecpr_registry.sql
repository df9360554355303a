-- The national eCPR registry: people without a CPR number, under a replacement number no one else has
-- (the primary key decides between simultaneous registrations), and the other identifiers they are known by.
CREATE TABLE ecpr_registration (
    ecpr              CHAR(10)     PRIMARY KEY,
    birth_date        DATE         NOT NULL,
    gender            VARCHAR(10)  NOT NULL,
    given_name        VARCHAR(200) NOT NULL,
    family_name       VARCHAR(200) NOT NULL,
    address           VARCHAR(200),
    contact           VARCHAR(200),
    version           INTEGER      NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    registered_by     VARCHAR(200) NOT NULL,
    registered_by_sor VARCHAR(20)
);
CREATE INDEX ix_ecpr_registration_name ON ecpr_registration (birth_date, family_name);
-- one identifier (a passport, an asylum-seeker id, a decentral D-eCPR) belongs to one registration
CREATE TABLE ecpr_identifier (
    identifier_system VARCHAR(200) NOT NULL,
    identifier_value  VARCHAR(100) NOT NULL,
    ecpr              CHAR(10)     NOT NULL REFERENCES ecpr_registration (ecpr),
    PRIMARY KEY (identifier_system, identifier_value)
);
CREATE INDEX ix_ecpr_identifier_ecpr ON ecpr_identifier (ecpr);
