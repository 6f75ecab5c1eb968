#include "Jobs/LiveJobs.h"

namespace Ratatoskr
{
  LiveJobs& LiveJobs::Instance()
  {
    static LiveJobs instance;
    return instance;
  }

  void LiveJobs::Register(const std::string& id, AnonymizationJob* job)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_[id] = job;
  }

  void LiveJobs::Unregister(const std::string& id, const AnonymizationJob* job)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = jobs_.find(id);
    if (found != jobs_.end() && found->second == job)
    {
      jobs_.erase(found);
    }
  }

  std::vector<std::string> LiveJobs::Ids()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::string> ids;
    for (const auto& entry : jobs_)
    {
      ids.push_back(entry.first);
    }
    return ids;
  }

  bool LiveJobs::With(const std::string& id, const std::function<void(AnonymizationJob&)>& action)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = jobs_.find(id);
    if (found == jobs_.end())
    {
      return false;
    }
    action(*found->second);
    return true;
  }
}
