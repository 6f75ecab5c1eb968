#include "Store/Sqlite/SqliteDeliveries.h"

#include "JsonIo.h"
#include "Store/Sqlite/SqliteConnection.h"
#include "Store/Sqlite/SqliteStatement.h"

#include <sqlite3.h>

namespace Ratatoskr::Sqlite
{
  namespace
  {
    // The columns of a DeliverySummary, counts of the expected set included.
    const std::string summarySelect =
      "SELECT d.sequence, d.id, d.study, d.studyInstanceUid, d.destination, d.jobId, d.state, d.attempts,"
      " d.nextAttemptAt, d.createdAt, d.updatedAt, d.verifiedAt, d.remoteInstanceCount, d.lastError, d.attemptsSince,"
      " (SELECT COUNT(*) FROM DeliveryInstances i WHERE i.delivery = d.sequence),"
      " (SELECT COUNT(*) FROM DeliveryInstances i WHERE i.delivery = d.sequence AND i.confirmed = 1)"
      " FROM Deliveries d";

    template <typename E>
    E ParseState(Connection& connection, const std::string& text, const char* what)
    {
      E state{};
      if (!Parse(text, state))
      {
        connection.Fail(StoreError(StoreError::Kind::Corrupt, "the plugin's database " + connection.Path() +
                                   " holds an unknown " + what + " state \"" + text + "\""));
      }
      return state;
    }

    void ReadSummary(Connection& connection, const Statement& s, DeliverySummary& d)
    {
      d.sequence = s.Integer(0);
      d.id = s.Text(1);
      d.study = s.Text(2);
      d.studyInstanceUid = s.Text(3);
      d.destination = s.Text(4);
      d.jobId = s.Text(5);
      d.state = ParseState<DeliveryState>(connection, s.Text(6), "delivery");
      d.attempts = static_cast<unsigned int>(s.Integer(7));
      d.nextAttemptAt = s.Integer(8);
      d.createdAt = s.Integer(9);
      d.updatedAt = s.Integer(10);
      d.verifiedAt = s.Integer(11);
      d.remoteInstanceCount = static_cast<unsigned int>(s.Integer(12));
      d.lastError = s.Text(13);
      d.attemptsSince = s.Integer(14);
      d.instanceCount = static_cast<unsigned int>(s.Integer(15));
      d.confirmedCount = static_cast<unsigned int>(s.Integer(16));
    }

    std::vector<std::string> ReadIdArray(const std::string& json)
    {
      std::vector<std::string> ids;
      Json::Value array;
      if (JsonIo::Parse(json, array) && array.isArray())
      {
        for (const Json::Value& id : array)
        {
          ids.push_back(id.asString());
        }
      }
      return ids;
    }
  }

  void Deliveries::Create(const DeliveryRecord& d)
  {
    Statement insert(connection_,
      "INSERT INTO Deliveries(id, study, studyInstanceUid, destination, jobId, state, attempts, nextAttemptAt,"
      " createdAt, updatedAt, verifiedAt, remoteInstanceCount, lastError, attemptsSince)"
      " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.Bind(d.id).Bind(d.study).Bind(d.studyInstanceUid).Bind(d.destination).Bind(d.jobId)
          .Bind(ToString(d.state)).Bind(static_cast<std::int64_t>(d.attempts)).Bind(d.nextAttemptAt)
          .Bind(d.createdAt).Bind(d.updatedAt).Bind(d.verifiedAt)
          .Bind(static_cast<std::int64_t>(d.remoteInstanceCount)).Bind(d.lastError).Bind(d.attemptsSince).Run();
    std::int64_t sequence = 0;
    FindSequence(d.id, sequence);

    Statement instance(connection_, "INSERT INTO DeliveryInstances(delivery, position, sopInstanceUid, orthancId,"
                                    " confirmed) VALUES(?, ?, ?, ?, ?)");
    std::int64_t position = 0;
    for (const ExpectedInstance& i : d.instances)
    {
      instance.Reset();
      instance.Bind(sequence).Bind(position++).Bind(i.sopInstanceUid).Bind(i.orthancId)
              .Bind(static_cast<std::int64_t>(i.confirmed ? 1 : 0)).Run();
    }
    InsertBatches(sequence, d.batches);
  }

  bool Deliveries::FindSequence(const std::string& id, std::int64_t& sequence)
  {
    Statement s(connection_, "SELECT sequence FROM Deliveries WHERE id=?");
    s.Bind(id);
    if (s.Step())
    {
      sequence = s.Integer(0);
      return true;
    }
    return false;
  }

  void Deliveries::InsertBatches(std::int64_t sequence, const std::vector<DeliveryBatch>& batches)
  {
    Statement s(connection_, "INSERT INTO DeliveryBatches(delivery, number, state, stowJobId, instances, error)"
                             " VALUES(?, ?, ?, ?, ?, ?)");
    for (const DeliveryBatch& b : batches)
    {
      s.Reset();
      s.Bind(sequence).Bind(static_cast<std::int64_t>(b.number)).Bind(ToString(b.state)).Bind(b.stowJobId)
       .Bind(JsonIo::Compact(JsonIo::Array(b.instances))).Bind(b.error).Run();
    }
  }

  void Deliveries::LoadDetails(DeliveryRecord& d)
  {
    d.instances.clear();
    Statement instances(connection_, "SELECT sopInstanceUid, orthancId, confirmed FROM DeliveryInstances"
                                     " WHERE delivery=? ORDER BY position");
    instances.Bind(d.sequence);
    while (instances.Step())
    {
      ExpectedInstance i;
      i.sopInstanceUid = instances.Text(0);
      i.orthancId = instances.Text(1);
      i.confirmed = instances.Integer(2) != 0;
      d.instances.push_back(i);
    }

    d.batches.clear();
    Statement batches(connection_, "SELECT number, state, stowJobId, instances, error FROM DeliveryBatches"
                                   " WHERE delivery=? ORDER BY number");
    batches.Bind(d.sequence);
    while (batches.Step())
    {
      DeliveryBatch b;
      b.number = static_cast<unsigned int>(batches.Integer(0));
      b.state = ParseState<BatchState>(connection_, batches.Text(1), "batch");
      b.stowJobId = batches.Text(2);
      b.instances = ReadIdArray(batches.Text(3));
      b.error = batches.Text(4);
      d.batches.push_back(b);
    }
  }

  bool Deliveries::Get(const std::string& id, DeliveryRecord& delivery)
  {
    Statement s(connection_, summarySelect + " WHERE d.id=?");
    s.Bind(id);
    if (!s.Step())
    {
      return false;
    }
    DeliveryRecord d;
    ReadSummary(connection_, s, d);
    LoadDetails(d);
    delivery = d;
    return true;
  }

  std::vector<DeliverySummary> Deliveries::List(const DeliveryFilter& filter)
  {
    std::string where;
    if (filter.state)
    {
      where += " WHERE d.state=?";
    }
    if (!filter.jobId.empty())
    {
      where += where.empty() ? " WHERE d.jobId=?" : " AND d.jobId=?";
    }
    Statement s(connection_, summarySelect + where + " ORDER BY d.sequence DESC LIMIT ? OFFSET ?");
    if (filter.state)
    {
      s.Bind(ToString(*filter.state));
    }
    if (!filter.jobId.empty())
    {
      s.Bind(filter.jobId);
    }
    s.Bind(static_cast<std::int64_t>(filter.limit)).Bind(static_cast<std::int64_t>(filter.offset));
    std::vector<DeliverySummary> result;
    while (s.Step())
    {
      DeliverySummary d;
      ReadSummary(connection_, s, d);
      result.push_back(d);
    }
    return result;
  }

  unsigned int Deliveries::Count(DeliveryState state)
  {
    Statement s(connection_, "SELECT COUNT(*) FROM Deliveries WHERE state=?");
    s.Bind(ToString(state));
    return s.Step() ? static_cast<unsigned int>(s.Integer(0)) : 0;
  }

  DeliveryStatistics Deliveries::Statistics()
  {
    DeliveryStatistics statistics;
    {
      // Both read the index DeliveriesDue(state, ...): the rows themselves only for the unfinished ones.
      Statement s(connection_, "SELECT state, COUNT(*) FROM Deliveries GROUP BY state");
      while (s.Step())
      {
        statistics.count[ParseState<DeliveryState>(connection_, s.Text(0), "delivery")] =
          static_cast<unsigned int>(s.Integer(1));
      }
    }
    Statement oldest(connection_, "SELECT MIN(createdAt) FROM Deliveries"
                                  " WHERE state IN ('Pending', 'Sending', 'Verifying')");
    statistics.oldestUnfinishedCreatedAt = oldest.Step() ? oldest.Integer(0) : 0;  // NULL (none) reads as 0
    return statistics;
  }

  bool Deliveries::Update(const DeliveryRecord& d)
  {
    std::int64_t sequence = 0;
    if (!FindSequence(d.id, sequence))
    {
      return false;
    }
    Statement header(connection_,
      "UPDATE Deliveries SET state=?, attempts=?, nextAttemptAt=?, updatedAt=?, verifiedAt=?,"
      " remoteInstanceCount=?, lastError=?, attemptsSince=?, claimedUntil=0 WHERE sequence=?");
    header.Bind(ToString(d.state)).Bind(static_cast<std::int64_t>(d.attempts)).Bind(d.nextAttemptAt)
          .Bind(d.updatedAt).Bind(d.verifiedAt).Bind(static_cast<std::int64_t>(d.remoteInstanceCount))
          .Bind(d.lastError).Bind(d.attemptsSince).Bind(sequence).Run();

    Statement confirmed(connection_, "UPDATE DeliveryInstances SET confirmed=? WHERE delivery=? AND sopInstanceUid=?");
    for (const ExpectedInstance& i : d.instances)
    {
      confirmed.Reset();
      confirmed.Bind(static_cast<std::int64_t>(i.confirmed ? 1 : 0)).Bind(sequence).Bind(i.sopInstanceUid).Run();
    }

    Statement clear(connection_, "DELETE FROM DeliveryBatches WHERE delivery=?");
    clear.Bind(sequence).Run();
    InsertBatches(sequence, d.batches);
    return true;
  }

  std::vector<DeliveryRecord> Deliveries::ClaimDue(StoreTime now, StoreTime leaseUntil, unsigned int limit)
  {
    std::vector<std::string> due;
    {
      Statement s(connection_, "SELECT id FROM Deliveries WHERE state IN ('Pending', 'Sending', 'Verifying')"
                               " AND nextAttemptAt <= ? ORDER BY nextAttemptAt, sequence LIMIT ?");
      s.Bind(now).Bind(static_cast<std::int64_t>(limit));
      while (s.Step())
      {
        due.push_back(s.Text(0));
      }
    }
    std::vector<DeliveryRecord> claimed;
    Statement lease(connection_, "UPDATE Deliveries SET claimedFrom=nextAttemptAt, nextAttemptAt=?, claimedUntil=? WHERE id=?");
    for (const std::string& id : due)
    {
      lease.Reset();
      lease.Bind(leaseUntil).Bind(leaseUntil).Bind(id).Run();
      DeliveryRecord d;
      Get(id, d);
      claimed.push_back(d);
    }
    return claimed;
  }

  unsigned int Deliveries::ReleaseClaims(StoreTime now)
  {
    Statement s(connection_, "UPDATE Deliveries SET nextAttemptAt=claimedFrom, claimedUntil=0 WHERE claimedUntil > ?");
    s.Bind(now).Run();
    return static_cast<unsigned int>(sqlite3_changes(connection_.Handle()));
  }
}
