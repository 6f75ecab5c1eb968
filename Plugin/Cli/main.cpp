#include "Cli/AnonymizeCommand.h"
#include "Cli/CliOptions.h"
#include "Cli/ProfileCommands.h"
#include "Core/Errors.h"

#include <dcmtk/oflog/oflog.h>

#include <iostream>

// ratatoskr-anonymize: the Ratatoskr anonymization engine on files and folders.
namespace
{
  const char* const ProgramName = "ratatoskr-anonymize";

  // DCMTK's own messages can quote element values: silent unless --verbose.
  void ConfigureDcmtkLogging(bool verbose)
  {
    OFLog::configure(verbose ? OFLogger::WARN_LOG_LEVEL : OFLogger::FATAL_LOG_LEVEL);
  }

  int Run(const Ratatoskr::Cli::CliOptions& options)
  {
    using Ratatoskr::Cli::Command;
    switch (options.command)
    {
      case Command::Help:
        std::cout << Ratatoskr::Cli::UsageText();
        return 0;
      case Command::Version:
        std::cout << ProgramName << " " << RATATOSKR_VERSION << '\n';
        return 0;
      case Command::ListProfiles:
        return Ratatoskr::Cli::ListProfiles(options, std::cout);
      case Command::ShowProfile:
        return Ratatoskr::Cli::ShowProfile(options, std::cout);
      default:
        return Ratatoskr::Cli::RunAnonymize(options);
    }
  }
}

int main(int argc, char* argv[])
{
  try
  {
    const Ratatoskr::Cli::CliOptions options = Ratatoskr::Cli::ParseCommandLine(argc, argv);
    ConfigureDcmtkLogging(options.verbose);
    return Run(options);
  }
  catch (const Ratatoskr::Cli::UsageError& e)
  {
    std::cerr << ProgramName << ": " << e.what() << " (see --help)\n";
  }
  catch (const Ratatoskr::Core::ProfileError& e)
  {
    std::cerr << ProgramName << ": profile error: " << e.what() << '\n';
  }
  catch (const std::exception& e)
  {
    std::cerr << ProgramName << ": " << e.what() << '\n';
  }
  return 1;
}
