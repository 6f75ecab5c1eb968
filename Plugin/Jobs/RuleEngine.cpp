#include "Jobs/RuleEngine.h"

#include "Application.h"
#include "Core/DeidentificationMarker.h"
#include "Jobs/AnonymizationService.h"
#include "Jobs/GlobPattern.h"
#include "Jobs/MetadataIndexes.h"
#include "Orthanc/ExceptionText.h"
#include "Orthanc/HttpError.h"

namespace Ratatoskr
{
  RuleEngine::RuleEngine(Application& app, const AnonymizationService& service, TaskQueue& queue)
    : app_(app), service_(service), queue_(queue)
  {
  }

  void RuleEngine::Enqueue(const std::string& studyId)
  {
    if (app_.configuration.rules.empty())
    {
      return;
    }
    queue_.Post([this, studyId]
    {
      try
      {
        Examine(studyId);
      }
      catch (...)
      {
        app_.host.LogError("Ratatoskr: rules could not examine study " + studyId + ": " +
                           DescribeCurrentException());
      }
    });
  }

  void RuleEngine::Examine(const std::string& studyId)
  {
    // Our own results never trigger rules.
    const OrthancGateway& orthanc = *app_.orthanc;
    if (orthanc.GetMetadata(ResourceLevel::Study, studyId, std::to_string(MetadataIndex::ResultSource)))
    {
      return;
    }
    const auto instances = orthanc.ListInstances(ResourceLevel::Study, studyId);
    if (!instances || instances->empty())
    {
      return;  // deleted meanwhile
    }
    const std::string instance = instances->front();  // Orthanc lists them in the order it received them
    const std::optional<Json::Value> tags = orthanc.InstanceTags(instance);
    if (!tags || Core::DeidentificationMarker::IsRatatoskrMethod(tags->get("DeidentificationMethod", "").asString()))
    {
      return;
    }
    const std::string callingAet = orthanc.GetMetadata(ResourceLevel::Instance, instance, "RemoteAET").value_or("");

    for (const RuleConfiguration& rule : app_.configuration.rules)
    {
      bool match = rule.callingAet.empty() || MatchesGlob(rule.callingAet, callingAet);
      for (const auto& t : rule.tags)
      {
        match = match && tags->isMember(t.first) && (*tags)[t.first].isString() &&
                MatchesGlob(t.second, (*tags)[t.first].asString());
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
      catch (...)
      {
        app_.host.LogError("Ratatoskr: rule \"" + rule.name + "\" could not start a job for study " + studyId +
                           ": " + DescribeCurrentException());
      }
      return;  // the first matching rule wins
    }
  }
}
