#pragma once

#include "Core/Anonymizer.h"
#include "Orthanc/OrthancGateway.h"

#include <string>
#include <vector>

namespace Ratatoskr
{
  struct InstanceOutcome
  {
    std::string source;        // Orthanc ID of the source instance
    std::string result;        // Orthanc ID of the anonymized instance
    std::string resultStudy;   // Orthanc ID of its study
    bool created = false;      // false when Orthanc already had it (a step run again)
    bool leak = false;         // the leak check found survivors (error names the attributes)
    std::string error;         // empty on success; never patient data
  };

  // Reads one stored instance, anonymizes it in memory and stores the result back into Orthanc.
  class InstanceProcessor
  {
  public:
    InstanceProcessor(const OrthancGateway& orthanc, const Core::Anonymizer& anonymizer,
                      const Core::AnonymizationContext& context)
      : orthanc_(orthanc), anonymizer_(anonymizer), context_(context)
    {
    }

    InstanceOutcome Process(const std::string& instanceId) const;  // never throws

    // The instances of the batch on `threads` threads; outcomes in the order of `ids`.
    std::vector<InstanceOutcome> ProcessBatch(const std::vector<std::string>& ids, unsigned int threads) const;

  private:
    const OrthancGateway& orthanc_;
    const Core::Anonymizer& anonymizer_;
    const Core::AnonymizationContext& context_;
  };
}
