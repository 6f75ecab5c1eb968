-- Schema version 4: invites, their uploads and the instances stored for them (issue 12).
-- Times are milliseconds since the Unix epoch (UTC). No patient data: UIDs here are anonymized ones (as the
-- collaborator's browser wrote them, and as the server's second pass stored them).

CREATE TABLE Invites(
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  secretHash TEXT NOT NULL,            -- SHA-256 (hex) of the link's secret: the secret itself is never kept
  profile TEXT NOT NULL,
  destination TEXT NOT NULL,
  metadata TEXT NOT NULL,              -- JSON object
  note TEXT NOT NULL,
  key TEXT NOT NULL,                   -- the invite's own pseudonymization secret (hex)
  createdAt INTEGER NOT NULL,
  expiresAt INTEGER NOT NULL,
  revokedAt INTEGER NOT NULL,          -- 0: not revoked
  maxStudies INTEGER NOT NULL,         -- 0: no limit
  maxFiles INTEGER NOT NULL,
  maxBytes INTEGER NOT NULL,
  allowedKinds TEXT NOT NULL,          -- JSON array
  files INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  studies INTEGER NOT NULL DEFAULT 0);

CREATE TABLE Uploads(
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  invite TEXT NOT NULL REFERENCES Invites(id) ON DELETE CASCADE,
  state TEXT NOT NULL,
  createdAt INTEGER NOT NULL,
  updatedAt INTEGER NOT NULL,
  finishedAt INTEGER NOT NULL,
  files INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  deliveries TEXT NOT NULL,            -- JSON array of delivery IDs
  finishError TEXT NOT NULL);
CREATE INDEX UploadsByInvite ON Uploads(invite, state);
CREATE INDEX UploadsByState ON Uploads(state, updatedAt);

CREATE TABLE UploadDeliveries(
  delivery TEXT PRIMARY KEY,
  upload TEXT NOT NULL REFERENCES Uploads(id) ON DELETE CASCADE);

CREATE TABLE UploadedInstances(
  invite TEXT NOT NULL REFERENCES Invites(id) ON DELETE CASCADE,
  receivedSopInstanceUid TEXT NOT NULL,
  upload TEXT NOT NULL,
  storedSopInstanceUid TEXT NOT NULL,
  orthancId TEXT NOT NULL,
  study TEXT NOT NULL,
  studyInstanceUid TEXT NOT NULL,
  kind TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  receivedAt INTEGER NOT NULL,
  PRIMARY KEY(invite, receivedSopInstanceUid));
CREATE INDEX UploadedInstancesByUpload ON UploadedInstances(upload, receivedAt);
CREATE INDEX UploadedInstancesByStudy ON UploadedInstances(invite, studyInstanceUid);

-- The webhook events of one delivery or upload (the admin's view of an invite's uploads).
CREATE INDEX WebhookOutboxByOrderingKey ON WebhookOutbox(orderingKey, sequence);
