#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

// The command line of ratatoskr-anonymize, parsed by hand (no Boost.ProgramOptions dependency).
namespace Ratatoskr::Cli
{
  // A wrong command line: the message says which option and why. main() prints it and exits with 1.
  class UsageError : public std::runtime_error
  {
  public:
    explicit UsageError(const std::string& message) : std::runtime_error(message) {}
  };

  enum class Command
  {
    Anonymize,     // INPUT OUTPUT, or --files F... --output-dir DIR (or --dry-run without output)
    ListProfiles,
    ShowProfile,
    Help,
    Version
  };

  enum class PrivateTagOverride
  {
    None,         // the profile's own policy
    KeepSafe,     // --keep-private: PS3.15 Retain Safe Private Option
    KeepCreators, // --keep-private-creator NAME...: every private attribute of these creators
    Delete        // --delete-private: every private attribute goes
  };

  struct CliOptions
  {
    Command command = Command::Anonymize;

    std::vector<std::string> inputs;   // INPUT, or the --files list
    std::string output;                // OUTPUT, or --output-dir; empty in a dry run
    bool filesMode = false;            // --files: each file goes to output/<its file name>

    std::string profile = "basic";     // a name, or a profile file (*.json or an existing file)
    std::vector<std::string> profileDirectories;
    std::string showProfile;           // --show-profile NAME|FILE

    std::optional<std::string> secret;       // --secret
    std::optional<std::string> secretFile;   // --secret-file
    std::optional<std::string> uidRoot;      // --uid-root (default: the Pseudonymizer's, 2.25)

    unsigned int threads = 0;          // 0: one per core
    PrivateTagOverride privateTags = PrivateTagOverride::None;
    std::vector<std::string> privateCreators;
    std::vector<std::pair<std::string, std::string>> replacements;  // --replace TAG=VALUE, in order
    std::map<std::string, std::string> metadata;                    // --metadata KEY=VALUE

    bool dryRun = false;
    bool failOnLeak = true;
    bool quiet = false;
    bool verbose = false;              // DCMTK warnings on stderr
    bool forceProgress = false;        // --progress: progress line even when stderr is not a TTY
    bool noProgress = false;           // --no-progress
  };

  // Throws UsageError with a precise message. argv[0] is skipped.
  CliOptions ParseCommandLine(int argc, const char* const argv[]);

  std::string UsageText();
}
