#include "Jobs/RuleEngine.h"

#include "Application.h"
#include "Jobs/AnonymizationService.h"
#include "Jobs/GlobPattern.h"
#include "Jobs/MetadataIndexes.h"
#include "Orthanc/HttpError.h"

namespace Ratatoskr
{
  RuleEngine::RuleEngine(Application& app, const AnonymizationService& service) : app_(app), service_(service)
  {
  }

  RuleEngine::~RuleEngine()
  {
    Stop();
  }

  void RuleEngine::Start()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!thread_.joinable() && !app_.configuration.rules.empty())
    {
      stopping_ = false;
      thread_ = std::thread(&RuleEngine::Run, this);
    }
  }

  void RuleEngine::Stop()
  {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wakeUp_.notify_all();
    if (thread_.joinable())
    {
      thread_.join();
    }
  }

  void RuleEngine::Enqueue(const std::string& studyId)
  {
    if (app_.configuration.rules.empty())
    {
      return;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(studyId);
    }
    wakeUp_.notify_one();
  }

  void RuleEngine::Run()
  {
    for (;;)
    {
      std::string study;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wakeUp_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (stopping_)
        {
          return;
        }
        study = queue_.front();
        queue_.pop_front();
      }
      try
      {
        Examine(study);
      }
      catch (const std::exception& e)
      {
        app_.host.LogError("Ratatoskr: rules could not examine study " + study + ": " + e.what());
      }
    }
  }

  void RuleEngine::Examine(const std::string& studyId)
  {
    // Our own results never trigger rules.
    if (app_.host.Call(HttpMethod::Get, "/studies/" + studyId + "/metadata/" +
                       std::to_string(MetadataIndex::ResultSource), "", false).Ok())
    {
      return;
    }
    RestAnswer instances = app_.host.Call(HttpMethod::Get, "/studies/" + studyId + "/instances", "", false);
    if (!instances.Ok() || instances.Json().empty())
    {
      return;  // deleted meanwhile
    }
    const std::string instance = instances.Json()[0]["ID"].asString();
    RestAnswer tagsAnswer = app_.host.Call(HttpMethod::Get, "/instances/" + instance + "/simplified-tags", "", false);
    if (!tagsAnswer.Ok())
    {
      return;
    }
    const Json::Value tags = tagsAnswer.Json();
    if (tags.get("DeidentificationMethod", "").asString().rfind("Ratatoskr", 0) == 0)
    {
      return;
    }
    RestAnswer aet = app_.host.Call(HttpMethod::Get, "/instances/" + instance + "/metadata/RemoteAET", "", false);
    const std::string callingAet = aet.Ok() ? aet.body : "";

    for (const RuleConfiguration& rule : app_.configuration.rules)
    {
      bool match = rule.callingAet.empty() || MatchesGlob(rule.callingAet, callingAet);
      for (const auto& t : rule.tags)
      {
        match = match && tags.isMember(t.first) && tags[t.first].isString() &&
                MatchesGlob(t.second, tags[t.first].asString());
      }
      if (!match)
      {
        continue;
      }
      AnonymizationRequest request;
      request.resource = studyId;
      request.profile = rule.profile;
      request.destination = rule.destination;
      request.metadata = rule.metadata;
      request.origin = "Rule " + rule.name;
      try
      {
        const std::string job = service_.Submit(request);
        app_.host.LogInfo("Ratatoskr: rule \"" + rule.name + "\" started job " + job + " for study " + studyId);
      }
      catch (const HttpError& e)
      {
        app_.host.LogError("Ratatoskr: rule \"" + rule.name + "\" could not start a job for study " + studyId +
                           ": " + e.what());
      }
      return;  // the first matching rule wins
    }
  }
}
