#pragma once

#include "Orthanc/OrthancGateway.h"

#include <optional>
#include <string>

namespace Ratatoskr::Delivery
{
  enum class StowState
  {
    Running,   // pending, running, paused or retrying: ask again later
    Sent,      // the DICOMweb plugin says every instance was received
    Failed,    // the DICOMweb plugin says it failed; `reason` has its words
    Unknown    // Orthanc no longer knows the job (restart, history eviction): only the remote can tell
  };

  struct StowOutcome
  {
    StowState state = StowState::Unknown;
    std::string reason;  // for Failed: FunctionErrorDescription (+ details) of the job's content
  };

  // What a STOW-RS job of the DICOMweb plugin (as GET /jobs/{id} shows it) says about its batch. The job's
  // ErrorCode is always "Error encountered within the plugin engine"; the cause is in its Content.
  StowOutcome InterpretStowJob(const std::optional<OrthancJobStatus>& job);
}
