#include "Rest/ExplorerButtons.h"

#include "Configuration.h"
#include "Core/EmbeddedResources.h"
#include "JsonIo.h"

#include <stdexcept>

namespace Ratatoskr
{
  std::string BuildExplorerScript(const Configuration& configuration)
  {
    std::string script;
    if (!Embedded::Find("Resources/OrthancExplorer/ratatoskr-explorer.js", script))
    {
      throw std::runtime_error("the Orthanc Explorer script is missing from the plugin");
    }

    Json::Value buttons = Json::arrayValue;
    Json::Value anonymize;
    anonymize["Label"] = "Anonymize (" + configuration.defaultProfile + ")";
    anonymize["Action"] = "anonymize";
    anonymize["Payload"]["Profile"] = configuration.defaultProfile;
    buttons.append(anonymize);
    for (const auto& d : configuration.destinations)
    {
      Json::Value send;
      send["Label"] = "Send to " + d.first;
      send["Action"] = "send";
      send["Payload"]["Profile"] = configuration.defaultProfile;
      send["Payload"]["Destination"] = d.first;
      buttons.append(send);
    }

    const std::string placeholder = "RATATOSKR_BUTTONS;";
    const size_t at = script.find(placeholder);
    if (at == std::string::npos)
    {
      throw std::runtime_error("the Orthanc Explorer script has no RATATOSKR_BUTTONS placeholder");
    }
    script.replace(at, placeholder.size(), JsonIo::Compact(buttons) + ";");
    return script;
  }
}
