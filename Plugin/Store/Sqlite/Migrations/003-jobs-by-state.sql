-- Schema version 3: the job audit counted by state (the metrics read it every few seconds), from the index
-- alone rather than from every row and its document.
CREATE INDEX JobsByState ON Jobs(state);
