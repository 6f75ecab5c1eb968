#include "Core/Errors.h"

namespace Ratatoskr::Core
{
  namespace
  {
    std::string FormatProfileError(const std::string& file, const std::string& rule, const std::string& reason)
    {
      std::string message = "Profile '" + (file.empty() ? std::string("<unnamed>") : file) + "'";
      if (!rule.empty())
      {
        message += ", " + rule;
      }
      return message + ": " + reason;
    }

    std::string FormatLeakError(const std::vector<std::string>& paths)
    {
      std::string message = "Leak check: original identifying values survive in " +
                            std::to_string(paths.size()) + " attribute(s):";
      for (const std::string& path : paths)
      {
        message += " " + path;
      }
      return message;
    }
  }

  ProfileError::ProfileError(const std::string& file, const std::string& rule, const std::string& reason) :
    std::runtime_error(FormatProfileError(file, rule, reason)),
    file_(file),
    rule_(rule),
    reason_(reason)
  {
  }

  LeakError::LeakError(const std::vector<std::string>& paths) :
    std::runtime_error(FormatLeakError(paths)),
    paths_(paths)
  {
  }
}
