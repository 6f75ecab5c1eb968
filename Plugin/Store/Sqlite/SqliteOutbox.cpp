#include "Store/Sqlite/SqliteOutbox.h"

#include "Store/Sqlite/SqliteConnection.h"
#include "Store/Sqlite/SqliteStatement.h"

#include <sqlite3.h>

namespace Ratatoskr::Sqlite
{
  namespace
  {
    const std::string entrySelect =
      "SELECT id, sequence, webhook, eventType, payload, orderingKey, state, attempts, nextAttemptAt,"
      " lastHttpStatus, lastError, createdAt, updatedAt FROM WebhookOutbox";

    OutboxState ReadState(Connection& connection, const std::string& text)
    {
      OutboxState state = OutboxState::Pending;
      if (!Parse(text, state))
      {
        connection.Fail(StoreError(StoreError::Kind::Corrupt, "the plugin's database " + connection.Path() +
                                   " holds an unknown outbox state \"" + text + "\""));
      }
      return state;
    }

    OutboxEntry ReadEntry(Connection& connection, const Statement& s)
    {
      OutboxEntry e;
      e.id = s.Text(0);
      e.sequence = s.Integer(1);
      e.webhook = s.Text(2);
      e.eventType = s.Text(3);
      e.payload = s.Blob(4);
      e.orderingKey = s.Text(5);
      e.state = ReadState(connection, s.Text(6));
      e.attempts = static_cast<unsigned int>(s.Integer(7));
      e.nextAttemptAt = s.Integer(8);
      e.lastHttpStatus = static_cast<int>(s.Integer(9));
      e.lastError = s.Text(10);
      e.createdAt = s.Integer(11);
      e.updatedAt = s.Integer(12);
      return e;
    }
  }

  void Outbox::Enqueue(const OutboxEntry& e)
  {
    Statement s(connection_,
      "INSERT INTO WebhookOutbox(id, webhook, eventType, payload, orderingKey, state, attempts, nextAttemptAt,"
      " lastHttpStatus, lastError, createdAt, updatedAt) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.Bind(e.id).Bind(e.webhook).Bind(e.eventType).BindBlob(e.payload).Bind(e.orderingKey).Bind(ToString(e.state))
     .Bind(static_cast<std::int64_t>(e.attempts)).Bind(e.nextAttemptAt).Bind(static_cast<std::int64_t>(e.lastHttpStatus))
     .Bind(e.lastError).Bind(e.createdAt).Bind(e.updatedAt).Run();
  }

  bool Outbox::Get(const std::string& id, OutboxEntry& entry)
  {
    Statement s(connection_, entrySelect + " WHERE id=?");
    s.Bind(id);
    if (s.Step())
    {
      entry = ReadEntry(connection_, s);
      return true;
    }
    return false;
  }

  std::vector<OutboxEntry> Outbox::List(const OutboxFilter& filter)
  {
    std::string where;
    if (filter.state)
    {
      where += " WHERE state=?";
    }
    if (!filter.webhook.empty())
    {
      where += where.empty() ? " WHERE webhook=?" : " AND webhook=?";
    }
    if (!filter.orderingKey.empty())
    {
      where += where.empty() ? " WHERE orderingKey=?" : " AND orderingKey=?";
    }
    Statement s(connection_, entrySelect + where + " ORDER BY sequence DESC LIMIT ? OFFSET ?");
    if (filter.state)
    {
      s.Bind(ToString(*filter.state));
    }
    if (!filter.webhook.empty())
    {
      s.Bind(filter.webhook);
    }
    if (!filter.orderingKey.empty())
    {
      s.Bind(filter.orderingKey);
    }
    s.Bind(static_cast<std::int64_t>(filter.limit)).Bind(static_cast<std::int64_t>(filter.offset));
    std::vector<OutboxEntry> entries;
    while (s.Step())
    {
      entries.push_back(ReadEntry(connection_, s));
    }
    return entries;
  }

  unsigned int Outbox::Count(OutboxState state)
  {
    Statement s(connection_, "SELECT COUNT(*) FROM WebhookOutbox WHERE state=?");
    s.Bind(ToString(state));
    return s.Step() ? static_cast<unsigned int>(s.Integer(0)) : 0;
  }

  OutboxStatistics Outbox::Statistics()
  {
    OutboxStatistics statistics;
    {
      // Both read the index WebhookOutboxDue(state, ...): the rows themselves only for the Pending ones.
      Statement s(connection_, "SELECT state, COUNT(*) FROM WebhookOutbox GROUP BY state");
      while (s.Step())
      {
        statistics.count[ReadState(connection_, s.Text(0))] = static_cast<unsigned int>(s.Integer(1));
      }
    }
    Statement oldest(connection_, "SELECT MIN(createdAt) FROM WebhookOutbox WHERE state = 'Pending'");
    statistics.oldestPendingCreatedAt = oldest.Step() ? oldest.Integer(0) : 0;  // NULL (none) reads as 0
    return statistics;
  }

  bool Outbox::Update(const OutboxEntry& e)
  {
    Statement s(connection_, "UPDATE WebhookOutbox SET state=?, attempts=?, nextAttemptAt=?, lastHttpStatus=?,"
                             " lastError=?, updatedAt=?, claimedUntil=0 WHERE id=?");
    s.Bind(ToString(e.state)).Bind(static_cast<std::int64_t>(e.attempts)).Bind(e.nextAttemptAt)
     .Bind(static_cast<std::int64_t>(e.lastHttpStatus)).Bind(e.lastError).Bind(e.updatedAt).Bind(e.id).Run();
    return sqlite3_changes(connection_.Handle()) > 0;
  }

  std::vector<OutboxEntry> Outbox::ClaimDue(StoreTime now, StoreTime leaseUntil, unsigned int limit)
  {
    std::vector<OutboxEntry> claimed;
    {
      // An entry waits while an earlier one of its webhook and case has not gone out (Pending, or held by a
      // disabled webhook); Delivered and Failed ones no longer hold the case back.
      Statement s(connection_, entrySelect + " o WHERE o.state = 'Pending' AND o.nextAttemptAt <= ?"
        " AND (o.orderingKey = '' OR NOT EXISTS (SELECT 1 FROM WebhookOutbox e"
        "   WHERE e.webhook = o.webhook AND e.orderingKey = o.orderingKey AND e.sequence < o.sequence"
        "   AND e.state IN ('Pending', 'Disabled')))"
        " ORDER BY o.nextAttemptAt, o.sequence LIMIT ?");
      s.Bind(now).Bind(static_cast<std::int64_t>(limit));
      while (s.Step())
      {
        claimed.push_back(ReadEntry(connection_, s));
      }
    }
    Statement lease(connection_, "UPDATE WebhookOutbox SET claimedFrom=nextAttemptAt, nextAttemptAt=?, claimedUntil=? WHERE id=?");
    for (OutboxEntry& e : claimed)
    {
      lease.Reset();
      lease.Bind(leaseUntil).Bind(leaseUntil).Bind(e.id).Run();
      e.nextAttemptAt = leaseUntil;
    }
    return claimed;
  }

  unsigned int Outbox::ReleaseClaims(StoreTime now)
  {
    Statement s(connection_, "UPDATE WebhookOutbox SET nextAttemptAt=claimedFrom, claimedUntil=0 WHERE claimedUntil > ?");
    s.Bind(now).Run();
    return static_cast<unsigned int>(sqlite3_changes(connection_.Handle()));
  }

  unsigned int Outbox::MoveWebhookEntries(const std::string& webhook, OutboxState from, OutboxState to,
                                          StoreTime nextAttemptAt, StoreTime now)
  {
    Statement s(connection_, "UPDATE WebhookOutbox SET state=?, nextAttemptAt=?, updatedAt=? WHERE webhook=? AND state=?");
    s.Bind(ToString(to)).Bind(nextAttemptAt).Bind(now).Bind(webhook).Bind(ToString(from)).Run();
    return static_cast<unsigned int>(sqlite3_changes(connection_.Handle()));
  }
}
