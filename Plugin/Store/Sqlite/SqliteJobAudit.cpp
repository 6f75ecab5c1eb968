#include "Store/Sqlite/SqliteJobAudit.h"

#include "JsonIo.h"
#include "Store/Sqlite/SqliteStatement.h"

namespace Ratatoskr::Sqlite
{
  namespace
  {
    const char* const columns = "id, type, state, sourceStudy, resultStudy, createdAt, updatedAt, document";

    JobRecord ReadJob(const Statement& s)
    {
      JobRecord job;
      job.id = s.Text(0);
      job.type = s.Text(1);
      job.state = s.Text(2);
      job.sourceStudy = s.Text(3);
      job.resultStudy = s.Text(4);
      job.createdAt = s.Text(5);
      job.updatedAt = s.Text(6);
      if (!JsonIo::Parse(s.Text(7), job.document) || !job.document.isObject())
      {
        job.document = Json::objectValue;  // as before: an unreadable document shows as empty
      }
      return job;
    }
  }

  void JobAudit::Save(const JobRecord& job)
  {
    Statement s(connection_, std::string("INSERT OR REPLACE INTO Jobs(") + columns + ") VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
    s.Bind(job.id).Bind(job.type).Bind(job.state).Bind(job.sourceStudy).Bind(job.resultStudy)
     .Bind(job.createdAt).Bind(job.updatedAt).Bind(JsonIo::Compact(job.document)).Run();
  }

  bool JobAudit::Get(const std::string& id, JobRecord& job)
  {
    Statement s(connection_, std::string("SELECT ") + columns + " FROM Jobs WHERE id=?");
    s.Bind(id);
    if (s.Step())
    {
      job = ReadJob(s);
      return true;
    }
    return false;
  }

  std::vector<JobRecord> JobAudit::List(unsigned int limit, unsigned int offset)
  {
    Statement s(connection_, std::string("SELECT ") + columns + " FROM Jobs ORDER BY createdAt DESC, id LIMIT ? OFFSET ?");
    s.Bind(static_cast<std::int64_t>(limit)).Bind(static_cast<std::int64_t>(offset));
    std::vector<JobRecord> jobs;
    while (s.Step())
    {
      jobs.push_back(ReadJob(s));
    }
    return jobs;
  }

  std::map<std::string, unsigned int> JobAudit::CountByState()
  {
    // Reads the index JobsByState only (schema version 3), not the documents.
    Statement s(connection_, "SELECT state, COUNT(*) FROM Jobs GROUP BY state");
    std::map<std::string, unsigned int> counts;
    while (s.Step())
    {
      counts[s.Text(0)] = static_cast<unsigned int>(s.Integer(1));
    }
    return counts;
  }
}
