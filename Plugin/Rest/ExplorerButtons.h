#pragma once

#include <string>

namespace Ratatoskr
{
  struct Configuration;

  // The legacy Orthanc Explorer script with the buttons of this configuration: "Anonymize (<default
  // profile>)" and one "Send to <destination>" per destination.
  std::string BuildExplorerScript(const Configuration& configuration);
}
