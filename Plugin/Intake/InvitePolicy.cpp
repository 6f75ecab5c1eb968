#include "Intake/InvitePolicy.h"

namespace Ratatoskr::Intake
{
  const std::vector<std::string>& InvitePolicy::Kinds()
  {
    static const std::vector<std::string> kinds = {"dicom", "image", "pdf", "video"};
    return kinds;
  }
}
