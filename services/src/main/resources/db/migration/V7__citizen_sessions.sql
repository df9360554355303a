-- Citizen web sessions (the pages under /, /minlog, /minspaerring). A row is first a pending login (state,
-- nonce and PKCE verifier of the OpenID Connect request, no citizen yet), then, after the callback, a new row
-- for the logged-in citizen (a fresh session id: the pending one is deleted, so it cannot be fixed in
-- advance). Only a SHA-256 of the cookie's value is stored. In the database so every node knows every session.
CREATE TABLE citizen_session (
    id_hash             CHAR(64)     PRIMARY KEY,
    login_state         VARCHAR(100),
    login_nonce         VARCHAR(100),
    code_verifier       VARCHAR(200),
    return_to           VARCHAR(200),
    subject             VARCHAR(200),
    cpr                 CHAR(10),
    given_name          VARCHAR(200),
    family_name         VARCHAR(200),
    assurance           VARCHAR(40),
    on_behalf_relation  VARCHAR(20),
    on_behalf_cpr       CHAR(10),
    csrf_token          VARCHAR(100) NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_citizen_session_expires ON citizen_session (expires_at);
