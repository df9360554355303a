-- Several nodes, one SOR: every SOR write takes the one row of sor_feed FOR UPDATE first, so writes
-- are serialised by the database (not by a JVM lock), and stamps each entity it writes with the next
-- position and a time strictly after the previous write's. Positions and times are therefore handed
-- out in commit order: a delta-sync client that resumes after the last position (or time) it received
-- never skips a change committed later by another node.
CREATE TABLE sor_feed (
    id         INT    NOT NULL PRIMARY KEY,
    position   BIGINT NOT NULL,
    last_stamp TIMESTAMP WITH TIME ZONE NOT NULL
);

ALTER TABLE sor_organisation ADD COLUMN change_seq BIGINT;
-- existing entities get positions in their (last_modified, sor_code) order
UPDATE sor_organisation SET change_seq = (
    SELECT COUNT(*) FROM sor_organisation o
    WHERE o.last_modified < sor_organisation.last_modified
       OR (o.last_modified = sor_organisation.last_modified AND o.sor_code <= sor_organisation.sor_code));
ALTER TABLE sor_organisation ALTER COLUMN change_seq SET NOT NULL;
CREATE UNIQUE INDEX ux_sor_change_seq ON sor_organisation (change_seq);

INSERT INTO sor_feed (id, position, last_stamp)
SELECT 1, COUNT(*), COALESCE(MAX(last_modified), TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00')
FROM sor_organisation;
