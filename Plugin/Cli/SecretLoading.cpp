#include "Cli/SecretLoading.h"

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace Ratatoskr::Cli
{
  namespace
  {
    const char* const SecretVariable = "RATATOSKR_SECRET";

    std::string ReadSecretFile(const std::string& path)
    {
      std::ifstream stream(path, std::ios::binary);
      if (!stream)
      {
        throw UsageError("--secret-file: cannot read \"" + path + "\"");
      }
      std::string secret((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
      while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r'))
      {
        secret.pop_back();
      }
      if (secret.empty())
      {
        throw UsageError("--secret-file: \"" + path + "\" is empty");
      }
      return secret;
    }
  }

  std::string LoadSecret(const CliOptions& options)
  {
    if (options.secretFile)
    {
      return ReadSecretFile(*options.secretFile);
    }
    if (options.secret)
    {
      return *options.secret;
    }
    const char* fromEnvironment = std::getenv(SecretVariable);
    if (fromEnvironment != nullptr && fromEnvironment[0] != '\0')
    {
      return fromEnvironment;
    }
    throw UsageError("no pseudonymization key: give --secret-file F, --secret S or set RATATOSKR_SECRET "
                     "(pseudonyms and new UIDs are derived from it, so the same key must be used for "
                     "every file of a patient or study)");
  }
}
