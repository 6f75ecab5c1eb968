#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace Ratatoskr::Intake
{
  // "Ratatoskr.Invites" of the configuration: defaults and bounds of invites (README, "Invites").
  struct InvitePolicy
  {
    unsigned int defaultExpiresInHours = 168;     // a week
    unsigned int maxExpiresInHours = 2160;        // 90 days
    std::uint64_t maxFileBytes = 512ull << 20;    // one instance at most (the public listener refuses more)
    std::uint64_t defaultMaxFiles = 10000;
    std::uint64_t defaultMaxBytes = 10ull << 30;
    unsigned int idleFinishMinutes = 60;          // an open upload idle this long is finished (0: never)

    static const std::vector<std::string>& Kinds();  // "dicom", "image", "pdf", "video"
  };
}
