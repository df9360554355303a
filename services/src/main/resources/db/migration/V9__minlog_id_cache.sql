-- MinLog entries are written thousands a second. H2 persists an identity sequence every CACHE values
-- (default 32) in a commit of its own, a whole store write each at WRITE_DELAY 0; PostgreSQL hands each
-- session its own block. The id only breaks ties between entries of the same instant, so gaps and
-- out-of-order blocks after a restart or between sessions are harmless.
ALTER TABLE minlog_entry ALTER COLUMN id SET CACHE 1000;
