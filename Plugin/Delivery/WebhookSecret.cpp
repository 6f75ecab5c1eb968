#include "Delivery/WebhookSecret.h"

#include "Core/Crypto.h"
#include "Core/RandomBytes.h"

namespace Ratatoskr::Delivery
{
  namespace
  {
    const std::string SizeRule = "a Standard Webhooks secret is \"whsec_\" followed by the base64 of " +
                                 std::to_string(WebhookSecret::MinimumBytes) + " to " +
                                 std::to_string(WebhookSecret::MaximumBytes) + " random bytes";
  }

  WebhookSecret WebhookSecret::Parse(const std::string& text)
  {
    const std::string prefix = Prefix;
    if (text.compare(0, prefix.size(), prefix) != 0)
    {
      throw WebhookSecretError("the secret does not start with \"whsec_\" (" + SizeRule + ")");
    }
    const auto bytes = Core::Crypto::Base64Decode(text.substr(prefix.size()));
    if (!bytes)
    {
      throw WebhookSecretError("the secret is not valid base64 after \"whsec_\" (" + SizeRule + ")");
    }
    if (bytes->size() < MinimumBytes || bytes->size() > MaximumBytes)
    {
      throw WebhookSecretError("the secret has a wrong length (" + SizeRule + ")");
    }
    return WebhookSecret(*bytes);
  }

  WebhookSecret WebhookSecret::Generate(size_t size)
  {
    if (size < MinimumBytes || size > MaximumBytes)
    {
      throw WebhookSecretError(SizeRule);
    }
    return WebhookSecret(Core::RandomBytes(size));
  }

  std::string WebhookSecret::Serialized() const
  {
    return Prefix + Core::Crypto::Base64Encode(bytes_);
  }
}
