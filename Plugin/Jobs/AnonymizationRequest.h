#pragma once

#include "Core/Anonymizer.h"

#include <json/value.h>
#include <string>

namespace Ratatoskr
{
  // What a job is asked to do: anonymize one study or series with a profile, optionally delete the
  // original and deliver the result. Serializable (job persistence) and free of patient data.
  struct AnonymizationRequest
  {
    std::string level = "Study";       // "Study" or "Series"
    std::string resource;              // Orthanc ID of the source study/series
    std::string profile;
    Json::Value metadata = Json::objectValue;  // placeholders for the profile ({CaseId}, {CourseId}...)
    bool deleteOriginal = false;
    std::string destination;           // empty: anonymize only
    std::string deliveryId;            // with a destination: the delivery the job creates at its end (chosen at
                                       // submission, so that the answer names it and a step run twice finds it)
    std::string origin;                // who or what asked: "REST (user admin)", "Rule collab"...
    int priority = 0;

    // The engine's context for this request: its metadata as placeholders.
    Core::AnonymizationContext Context(bool failOnLeak) const;

    Json::Value ToJson() const;
    static AnonymizationRequest FromJson(const Json::Value& json);  // throws std::runtime_error

    // Reads the options of a REST body ({"Profile", "Metadata", "DeleteOriginal", "Destination",
    // "Priority"}); wrong types give HttpError 400. Which keys a route accepts, "Synchronous" and
    // "Resources" are left to the caller.
    static AnonymizationRequest FromRestBody(const Json::Value& body, const std::string& defaultProfile);
  };
}
