#pragma once

#include "Store/JobAuditStore.h"

namespace Ratatoskr::Sqlite
{
  class Connection;

  // SQL of the job audit; runs inside the transaction its caller opened.
  class JobAudit : public JobAuditStore
  {
  public:
    explicit JobAudit(Connection& connection) : connection_(connection) {}

    void Save(const JobRecord& job) override;
    bool Get(const std::string& id, JobRecord& job) override;
    std::vector<JobRecord> List(unsigned int limit, unsigned int offset) override;
    std::map<std::string, unsigned int> CountByState() override;

  private:
    Connection& connection_;
  };
}
