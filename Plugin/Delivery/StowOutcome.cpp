#include "Delivery/StowOutcome.h"

namespace Ratatoskr::Delivery
{
  StowOutcome InterpretStowJob(const std::optional<OrthancJobStatus>& job)
  {
    StowOutcome outcome;
    if (!job)
    {
      outcome.state = StowState::Unknown;
      return outcome;
    }
    if (job->state == "Success")
    {
      outcome.state = StowState::Sent;
      return outcome;
    }
    if (job->state != "Failure")
    {
      outcome.state = StowState::Running;
      return outcome;
    }
    outcome.state = StowState::Failed;
    const Json::Value& content = job->content;
    std::string reason = content.get("FunctionErrorDescription", "").asString();
    const std::string details = content.get("FunctionErrorDetails", "").asString();
    if (!details.empty() && details != reason)
    {
      reason += reason.empty() ? details : " (" + details + ")";
    }
    if (reason.empty())
    {
      reason = job->errorDescription.empty() ? "the STOW-RS job failed without saying why" : job->errorDescription;
    }
    outcome.reason = reason;
    return outcome;
  }
}
