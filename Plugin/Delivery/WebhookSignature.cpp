#include "Delivery/WebhookSignature.h"

#include "Core/Crypto.h"
#include "Core/RandomBytes.h"

#include <stdexcept>

namespace Ratatoskr::Delivery
{
  bool IsValidWebhookId(const std::string& id)
  {
    if (id.empty() || id.size() > 256)
    {
      return false;
    }
    for (char c : id)
    {
      if (c <= ' ' || c > '~' || c == '.')
      {
        return false;
      }
    }
    return true;
  }

  std::string NewWebhookId()
  {
    return "msg_" + Core::RandomHex(16);
  }

  std::string SignWebhook(const std::string& secretBytes, const std::string& id, std::int64_t timestamp,
                          const std::string& body)
  {
    if (!IsValidWebhookId(id))
    {
      throw std::invalid_argument("a webhook id has 1 to 256 printable ASCII characters, neither '.' nor space");
    }
    if (timestamp < 0)
    {
      throw std::invalid_argument("a webhook timestamp is a number of seconds since 1970, not negative");
    }
    if (secretBytes.empty())
    {
      throw std::invalid_argument("a webhook is signed with a non-empty secret");
    }
    const Core::Crypto::HmacSha256Key key(secretBytes);
    return "v1," + Core::Crypto::Base64Encode(key.Compute(id + "." + std::to_string(timestamp) + "." + body));
  }

  std::vector<std::pair<std::string, std::string>> WebhookHeaders(const std::string& secretBytes,
                                                                  const std::string& id,
                                                                  std::int64_t timestamp,
                                                                  const std::string& body)
  {
    const std::string signature = SignWebhook(secretBytes, id, timestamp, body);
    return {{WebhookHeader::Id, id},
            {WebhookHeader::Timestamp, std::to_string(timestamp)},
            {WebhookHeader::Signature, signature}};
  }
}
