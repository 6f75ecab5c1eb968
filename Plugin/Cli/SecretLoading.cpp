#include "Cli/SecretLoading.h"

#include "Core/SecretText.h"

#include <cstdlib>

namespace Ratatoskr::Cli
{
  namespace
  {
    const char* const SecretVariable = "RATATOSKR_SECRET";

    // Core's rule for keys (Core/SecretText.h), the plugin's too: one key, one set of pseudonyms.
    std::string Checked(const std::string& where, const std::string& secret)
    {
      try
      {
        Core::CheckSecretLength(secret);
        return secret;
      }
      catch (const Core::SecretError& e)
      {
        throw UsageError(where + ": " + e.what());
      }
    }
  }

  std::string LoadSecret(const CliOptions& options)
  {
    if (options.secretFile)
    {
      try
      {
        return Core::ReadKeyFile(*options.secretFile);
      }
      catch (const Core::SecretError& e)
      {
        throw UsageError("--secret-file \"" + *options.secretFile + "\": " + e.what());
      }
    }
    if (options.secret)
    {
      return Checked("--secret", *options.secret);
    }
    const char* fromEnvironment = std::getenv(SecretVariable);
    if (fromEnvironment != nullptr && fromEnvironment[0] != '\0')
    {
      return Checked(SecretVariable, fromEnvironment);
    }
    throw UsageError("no pseudonymization key: give --secret-file F, --secret S or set RATATOSKR_SECRET "
                     "(pseudonyms and new UIDs are derived from it, so the same key must be used for "
                     "every file of a patient or study)");
  }
}
