#include "Cli/ProfileCommands.h"

#include "Cli/ProfileSelection.h"

#include <iomanip>

namespace Ratatoskr::Cli
{
  namespace
  {
    std::string FirstSentence(const std::string& text)
    {
      const size_t maxLength = 100;
      const size_t end = text.find(". ");
      const std::string sentence = end == std::string::npos ? text : text.substr(0, end + 1);
      return sentence.size() <= maxLength ? sentence : sentence.substr(0, maxLength - 3) + "...";
    }
  }

  int ListProfiles(const CliOptions& options, std::ostream& out)
  {
    Core::ProfileRegistry registry;
    LoadProfileSources(registry, options);
    for (const std::string& name : registry.ListNames())
    {
      const auto profile = registry.Get(name);
      out << std::left << std::setw(16) << name << " v" << std::setw(4) << profile->Version() << " "
          << profile->Hash() << "  " << FirstSentence(profile->Description()) << '\n';
    }
    return 0;
  }

  int ShowProfile(const CliOptions& options, std::ostream& out)
  {
    Core::ProfileRegistry registry;
    LoadProfileSources(registry, options);
    out << SelectProfile(registry, options.showProfile, options)->ToJson().toStyledString();
    return 0;
  }
}
