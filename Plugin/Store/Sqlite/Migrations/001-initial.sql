-- Schema version 1 (Ratatoskr 0.1.0): settings and the audit of the plugin's jobs.
-- Shipped: never edit it; add a new file for every change (Migrations/README.md).
CREATE TABLE Settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE Jobs(id TEXT PRIMARY KEY, type TEXT NOT NULL, state TEXT NOT NULL,
  sourceStudy TEXT, resultStudy TEXT, createdAt TEXT NOT NULL, updatedAt TEXT NOT NULL,
  document TEXT NOT NULL);
CREATE INDEX JobsByCreation ON Jobs(createdAt);
CREATE INDEX JobsBySource ON Jobs(sourceStudy);
