#include "Cli/CliOptions.h"

#include <cerrno>
#include <cstdlib>
#include <functional>

namespace Ratatoskr::Cli
{
  namespace
  {
    const unsigned int MaxThreads = 256;

    bool IsOption(const std::string& arg)
    {
      return arg.size() > 1 && arg[0] == '-';
    }

    // "KEY=VALUE" -> (KEY, VALUE); the key must not be empty, the value may be.
    std::pair<std::string, std::string> SplitAssignment(const std::string& option, const std::string& text)
    {
      const size_t equal = text.find('=');
      if (equal == std::string::npos || equal == 0)
      {
        throw UsageError(option + " expects KEY=VALUE (got an argument without '=' or with an empty key)");
      }
      return {text.substr(0, equal), text.substr(equal + 1)};
    }

    unsigned int ParseThreads(const std::string& text)
    {
      if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos)
      {
        throw UsageError("--threads expects a positive integer, got \"" + text + "\"");
      }
      errno = 0;
      const unsigned long value = std::strtoul(text.c_str(), nullptr, 10);
      if (errno != 0 || value < 1 || value > MaxThreads)
      {
        throw UsageError("--threads must be between 1 and " + std::to_string(MaxThreads));
      }
      return static_cast<unsigned int>(value);
    }

    // Walks argv, splitting "--name=value" and fetching the value of options that take one.
    class ArgumentCursor
    {
    public:
      ArgumentCursor(int argc, const char* const argv[]) :
        args_(argv + (argc > 0 ? 1 : 0), argv + (argc > 0 ? argc : 0))
      {
      }

      bool AtEnd() const { return position_ >= args_.size(); }
      const std::string& Peek() const { return args_[position_]; }

      // The next raw argument; splits an inline "=value" off options.
      std::string Next()
      {
        std::string arg = args_[position_++];
        inlineValue_.reset();
        if (arg.size() > 2 && arg.compare(0, 2, "--") == 0)
        {
          const size_t equal = arg.find('=');
          if (equal != std::string::npos)
          {
            inlineValue_ = arg.substr(equal + 1);
            arg.resize(equal);
          }
        }
        return arg;
      }

      std::string Value(const std::string& option)
      {
        if (inlineValue_)
        {
          std::string value = *inlineValue_;
          inlineValue_.reset();
          return value;
        }
        if (AtEnd() || Peek().compare(0, 2, "--") == 0)
        {
          throw UsageError(option + " needs a value");
        }
        return args_[position_++];
      }

      void ExpectNoValue(const std::string& option) const
      {
        if (inlineValue_)
        {
          throw UsageError(option + " takes no value");
        }
      }

    private:
      std::vector<std::string> args_;
      size_t position_ = 0;
      std::optional<std::string> inlineValue_;
    };

    void CheckConsistency(CliOptions& options, const std::vector<std::string>& positional)
    {
      if (options.secret && options.secretFile)
      {
        throw UsageError("give either --secret or --secret-file, not both");
      }
      if (options.command != Command::Anonymize)
      {
        if (!positional.empty() || options.filesMode)
        {
          throw UsageError("no input or output is expected with --list-profiles, --show-profile, --help or --version");
        }
        return;
      }
      if (options.filesMode)
      {
        if (!positional.empty())
        {
          throw UsageError("unexpected argument \"" + positional.front() +
                           "\": with --files, give the output folder with --output-dir");
        }
        if (options.inputs.empty())
        {
          throw UsageError("--files needs at least one file");
        }
        if (options.output.empty() && !options.dryRun)
        {
          throw UsageError("--files needs --output-dir DIR (or --dry-run)");
        }
        return;
      }
      if (!options.output.empty())
      {
        throw UsageError("--output-dir goes with --files; otherwise give INPUT OUTPUT");
      }
      const size_t expected = options.dryRun ? 1 : 2;
      if (positional.size() < expected)
      {
        throw UsageError(options.dryRun ? "missing INPUT (file or folder)" :
                         positional.empty() ? "missing INPUT and OUTPUT" : "missing OUTPUT");
      }
      if (positional.size() > 2)
      {
        throw UsageError("too many arguments (expected INPUT OUTPUT; use --files F... --output-dir DIR for "
                         "several files)");
      }
      options.inputs = {positional[0]};
      if (positional.size() > 1)
      {
        options.output = positional[1];
      }
    }
  }

  CliOptions ParseCommandLine(int argc, const char* const argv[])
  {
    CliOptions options;
    std::vector<std::string> positional;
    ArgumentCursor cursor(argc, argv);
    bool optionsEnded = false;

    const std::map<std::string, std::function<void()>> flags = {
      {"--help", [&] { options.command = Command::Help; }},
      {"-h", [&] { options.command = Command::Help; }},
      {"--version", [&] { options.command = Command::Version; }},
      {"--list-profiles", [&] { options.command = Command::ListProfiles; }},
      {"--dry-run", [&] { options.dryRun = true; }},
      {"--fail-on-leak", [&] { options.failOnLeak = true; }},
      {"--no-fail-on-leak", [&] { options.failOnLeak = false; }},
      {"--keep-private", [&] { options.privateTags = PrivateTagOverride::KeepSafe; }},
      {"--delete-private", [&] { options.privateTags = PrivateTagOverride::Delete; }},
      {"--quiet", [&] { options.quiet = true; }},
      {"-q", [&] { options.quiet = true; }},
      {"--verbose", [&] { options.verbose = true; }},
      {"--progress", [&] { options.forceProgress = true; options.noProgress = false; }},
      {"--no-progress", [&] { options.noProgress = true; options.forceProgress = false; }},
    };
    const std::map<std::string, std::function<void(const std::string&, const std::string&)>> valued = {
      {"--profile", [&](const std::string&, const std::string& v) { options.profile = v; }},
      {"--profile-dir", [&](const std::string&, const std::string& v) { options.profileDirectories.push_back(v); }},
      {"--show-profile", [&](const std::string&, const std::string& v) {
        options.command = Command::ShowProfile;
        options.showProfile = v;
      }},
      {"--secret", [&](const std::string&, const std::string& v) { options.secret = v; }},
      {"--secret-file", [&](const std::string&, const std::string& v) { options.secretFile = v; }},
      {"--uid-root", [&](const std::string&, const std::string& v) { options.uidRoot = v; }},
      {"--threads", [&](const std::string&, const std::string& v) { options.threads = ParseThreads(v); }},
      {"-j", [&](const std::string&, const std::string& v) { options.threads = ParseThreads(v); }},
      {"--output-dir", [&](const std::string&, const std::string& v) { options.output = v; }},
      {"--keep-private-creator", [&](const std::string&, const std::string& v) {
        options.privateTags = PrivateTagOverride::KeepCreators;
        options.privateCreators.push_back(v);
      }},
      {"--replace", [&](const std::string& o, const std::string& v) { options.replacements.push_back(SplitAssignment(o, v)); }},
      {"--metadata", [&](const std::string& o, const std::string& v) {
        const auto entry = SplitAssignment(o, v);
        options.metadata[entry.first] = entry.second;
      }},
    };

    while (!cursor.AtEnd())
    {
      if (optionsEnded || !IsOption(cursor.Peek()))
      {
        positional.push_back(cursor.Next());
        continue;
      }
      const std::string option = cursor.Next();
      if (option == "--")
      {
        optionsEnded = true;
      }
      else if (option == "--files")
      {
        cursor.ExpectNoValue(option);
        options.filesMode = true;
        while (!cursor.AtEnd() && !IsOption(cursor.Peek()))
        {
          options.inputs.push_back(cursor.Next());
        }
      }
      else if (flags.count(option) != 0)
      {
        cursor.ExpectNoValue(option);
        flags.at(option)();
      }
      else if (valued.count(option) != 0)
      {
        const std::string value = cursor.Value(option);
        if (value.empty() && option != "--metadata" && option != "--replace")
        {
          throw UsageError(option + " needs a non-empty value");
        }
        valued.at(option)(option, value);
      }
      else
      {
        throw UsageError("unknown option \"" + option + "\"");
      }
    }

    CheckConsistency(options, positional);
    return options;
  }

  std::string UsageText()
  {
    return
      "Usage: ratatoskr-anonymize [options] INPUT OUTPUT\n"
      "       ratatoskr-anonymize [options] --files FILE... --output-dir DIR\n"
      "       ratatoskr-anonymize --dry-run [options] INPUT [OUTPUT] | --files FILE...\n"
      "       ratatoskr-anonymize --list-profiles | --show-profile NAME|FILE | --help | --version\n"
      "\n"
      "De-identifies DICOM files with a Ratatoskr profile (DICOM PS3.15 Annex E). INPUT is a file or a\n"
      "folder; a folder is walked recursively, OUTPUT is then a folder and relative paths are kept.\n"
      "Files that are not DICOM (and DICOMDIR files) are skipped and listed. Identifiers are keyed\n"
      "pseudonyms: the same secret always gives the same UIDs and pseudonyms.\n"
      "\n"
      "Profile and key:\n"
      "  --profile NAME|FILE       built-in profile (basic, teaching, research, whitelist), a profile of a\n"
      "                            --profile-dir, or a profile file (*.json) [default: basic]\n"
      "  --profile-dir DIR         load every profile file of DIR (repeatable)\n"
      "  --secret S                pseudonymization key (visible in the process list: prefer --secret-file)\n"
      "  --secret-file F           read the key from F: its first line, without the line end and the\n"
      "                            spaces and tabs at both ends (the rule of the plugin's SecretFile)\n"
      "                            one of them, or the RATATOSKR_SECRET environment variable, is required;\n"
      "                            a key has at least 16 characters\n"
      "  --uid-root ROOT           root of the new UIDs [default: 2.25]\n"
      "\n"
      "Overrides of the profile (applied as a profile derived from it):\n"
      "  --keep-private            keep the safe private attributes (Retain Safe Private Option)\n"
      "  --keep-private-creator C  keep every private attribute of private creator C (repeatable)\n"
      "  --delete-private          remove every private attribute\n"
      "  --replace TAG=VALUE       replace an attribute (keyword, GGGG,EEEE or a path; VALUE may use\n"
      "                            placeholders such as {CaseId}) (repeatable)\n"
      "  --metadata KEY=VALUE      value of a placeholder, e.g. --metadata CaseId=C-042 (repeatable)\n"
      "\n"
      "Run:\n"
      "  --threads N, -j N         worker threads [default: number of cores]\n"
      "  --dry-run                 print what would change, attribute by attribute (original values\n"
      "                            included: keep the output private); writes nothing\n"
      "  --fail-on-leak            refuse to write a file when an original identifying value survived\n"
      "                            (default)\n"
      "  --no-fail-on-leak         write it anyway and list the attributes\n"
      "  --progress, --no-progress progress line on stderr [default: when stderr is a terminal]\n"
      "  --quiet, -q               no per-file summary (failures are still reported on stderr)\n"
      "  --verbose                 show DCMTK warnings\n"
      "\n"
      "Information:\n"
      "  --list-profiles           the available profiles\n"
      "  --show-profile NAME|FILE  the resolved profile as JSON (overrides included)\n"
      "  --help, --version\n"
      "\n"
      "Exit status: 0 when every DICOM file was anonymized, 1 when any failed or on a usage error.\n";
  }
}
