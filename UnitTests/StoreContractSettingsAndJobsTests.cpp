#include "StoreContract.h"

using namespace Ratatoskr;
using namespace Ratatoskr::Tests;

TEST_P(StoreContract, SettingsAreSetReplacedAndKept)
{
  std::string value;
  EXPECT_FALSE(store().Settings().Get("Secret", value));
  store().Settings().Set("Secret", "first");
  store().Settings().Set("Secret", "second");
  store().Settings().Set("Other", "");
  Reopen();
  ASSERT_TRUE(store().Settings().Get("Secret", value));
  EXPECT_EQ("second", value);
  ASSERT_TRUE(store().Settings().Get("Other", value));
  EXPECT_EQ("", value);
}

TEST_P(StoreContract, SetIfAbsentKeepsTheFirstValue)
{
  EXPECT_EQ("generated", store().Settings().SetIfAbsent("Secret", "generated"));
  EXPECT_EQ("generated", store().Settings().SetIfAbsent("Secret", "another"));
  std::string value;
  ASSERT_TRUE(store().Settings().Get("Secret", value));
  EXPECT_EQ("generated", value);
}

namespace
{
  JobRecord MakeJob(const std::string& id, const std::string& createdAt)
  {
    JobRecord job;
    job.id = id;
    job.type = "Anonymize";
    job.state = "Running";
    job.sourceStudy = "source-" + id;
    job.createdAt = createdAt;
    job.updatedAt = createdAt;
    job.document["Profile"] = "teaching";
    job.document["Counts"]["Instances"] = 3;
    job.document["Metadata"]["CourseId"] = "C-042";
    return job;
  }
}

TEST_P(StoreContract, JobAuditSavesReplacesAndReads)
{
  JobRecord job = MakeJob("job-1", "2026-12-01T10:00:00Z");
  store().JobAudit().Save(job);
  job.state = "Success";
  job.resultStudy = "result-1";
  job.updatedAt = "2026-12-01T10:00:05Z";
  store().JobAudit().Save(job);
  Reopen();

  JobRecord read;
  ASSERT_TRUE(store().JobAudit().Get("job-1", read));
  EXPECT_EQ("job-1", read.id);
  EXPECT_EQ("Anonymize", read.type);
  EXPECT_EQ("Success", read.state);
  EXPECT_EQ("source-job-1", read.sourceStudy);
  EXPECT_EQ("result-1", read.resultStudy);
  EXPECT_EQ("2026-12-01T10:00:00Z", read.createdAt);
  EXPECT_EQ("2026-12-01T10:00:05Z", read.updatedAt);
  EXPECT_EQ(job.document, read.document);
  EXPECT_FALSE(store().JobAudit().Get("job-2", read));
}

TEST_P(StoreContract, JobAuditListsNewestFirstWithLimitAndOffset)
{
  for (int i = 1; i <= 5; i++)
  {
    store().JobAudit().Save(MakeJob("job-" + std::to_string(i), "2026-12-0" + std::to_string(i) + "T10:00:00Z"));
  }
  std::vector<JobRecord> all = store().JobAudit().List(100, 0);
  ASSERT_EQ(5u, all.size());
  EXPECT_EQ("job-5", all.front().id);
  EXPECT_EQ("job-1", all.back().id);

  std::vector<JobRecord> page = store().JobAudit().List(2, 1);
  ASSERT_EQ(2u, page.size());
  EXPECT_EQ("job-4", page[0].id);
  EXPECT_EQ("job-3", page[1].id);
  EXPECT_TRUE(store().JobAudit().List(10, 5).empty());
}
