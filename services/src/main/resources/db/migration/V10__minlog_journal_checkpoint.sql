-- Where the MinLog journal's entries stop being in minlog_entry (see MinLogIndexer): a segment and a byte
-- offset, moved in the same transaction as the entries. Only the embedded H2 database journals; on
-- PostgreSQL the table stays empty.
CREATE TABLE minlog_journal_checkpoint (
    id       INTEGER PRIMARY KEY,
    segment  BIGINT  NOT NULL,
    position BIGINT  NOT NULL
);
