-- Schema version 2: deliveries to DICOMweb destinations and the webhook outbox (issue 10).
-- Times are milliseconds since the Unix epoch (UTC); states are the words of Store/DeliveryRecord.h and
-- Store/OutboxEntry.h. `sequence` is the creation order; children refer to it.

CREATE TABLE Deliveries(
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  study TEXT NOT NULL,                 -- Orthanc ID of the anonymized study
  studyInstanceUid TEXT NOT NULL,      -- its (anonymized) StudyInstanceUID
  destination TEXT NOT NULL,
  jobId TEXT NOT NULL,                 -- '' when no anonymization job created it
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  nextAttemptAt INTEGER NOT NULL,
  claimedUntil INTEGER NOT NULL DEFAULT 0,  -- a worker's lease (ClaimDue); 0 when no worker holds it
  claimedFrom INTEGER NOT NULL DEFAULT 0,   -- nextAttemptAt before the lease (ReleaseClaims restores it)
  createdAt INTEGER NOT NULL,
  updatedAt INTEGER NOT NULL,
  verifiedAt INTEGER NOT NULL,         -- 0 before the first verification on the destination
  attemptsSince INTEGER NOT NULL,      -- MaxAge counts from here: the creation, or an admin's retry
  remoteInstanceCount INTEGER NOT NULL,
  lastError TEXT NOT NULL);
CREATE INDEX DeliveriesDue ON Deliveries(state, nextAttemptAt);
CREATE INDEX DeliveriesByJob ON Deliveries(jobId);

-- The expected SOP Instance UID set of a delivery, fixed at its creation.
CREATE TABLE DeliveryInstances(
  delivery INTEGER NOT NULL REFERENCES Deliveries(sequence) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  sopInstanceUid TEXT NOT NULL,
  orthancId TEXT NOT NULL,
  confirmed INTEGER NOT NULL,          -- 1: found on the destination at the last verification
  PRIMARY KEY(delivery, sopInstanceUid));

-- The STOW-RS batches of a delivery; `instances` is a JSON array of Orthanc instance IDs.
CREATE TABLE DeliveryBatches(
  delivery INTEGER NOT NULL REFERENCES Deliveries(sequence) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  state TEXT NOT NULL,
  stowJobId TEXT NOT NULL,
  instances TEXT NOT NULL,
  error TEXT NOT NULL,
  PRIMARY KEY(delivery, number));

-- Webhook events, written before their first attempt; `payload` holds the exact bytes sent and signed.
CREATE TABLE WebhookOutbox(
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,             -- webhook-id
  webhook TEXT NOT NULL,
  eventType TEXT NOT NULL,
  payload BLOB NOT NULL,
  orderingKey TEXT NOT NULL,           -- '' = no order with other events
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  nextAttemptAt INTEGER NOT NULL,
  claimedUntil INTEGER NOT NULL DEFAULT 0,
  claimedFrom INTEGER NOT NULL DEFAULT 0,
  lastHttpStatus INTEGER NOT NULL,
  lastError TEXT NOT NULL,
  createdAt INTEGER NOT NULL,
  updatedAt INTEGER NOT NULL);
CREATE INDEX WebhookOutboxDue ON WebhookOutbox(state, nextAttemptAt);
CREATE INDEX WebhookOutboxByKey ON WebhookOutbox(webhook, orderingKey, sequence);
