#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

// Signing of a webhook request by Standard Webhooks 1.0.0 (symmetric scheme): HMAC-SHA-256 with the
// secret's bytes over "{id}.{timestamp}.{body}", sent as "v1," + base64 in the webhook-signature
// header, next to webhook-id and webhook-timestamp.
namespace Ratatoskr::Delivery
{
  namespace WebhookHeader
  {
    constexpr const char* Id = "webhook-id";
    constexpr const char* Timestamp = "webhook-timestamp";
    constexpr const char* Signature = "webhook-signature";
  }

  // The message id: 1 to 256 printable ASCII characters, no '.' (the separator of the signed content:
  // an id with a '.' would let one signed content be read as another), no space (header-safe).
  bool IsValidWebhookId(const std::string& id);

  // A new id, "msg_" + 32 random hex digits. The id stays the same across the retries of one event
  // (the receiver deduplicates on it); only the timestamp changes.
  std::string NewWebhookId();

  // "v1," + base64(HMAC-SHA-256(secretBytes, id + "." + timestamp + "." + body)). `timestamp` is in
  // seconds since the Unix epoch (>= 0). Throws std::invalid_argument for an invalid id or a negative
  // timestamp; never puts the secret in a message.
  std::string SignWebhook(const std::string& secretBytes, const std::string& id, std::int64_t timestamp,
                          const std::string& body);

  // The three headers, in this order: webhook-id, webhook-timestamp, webhook-signature.
  std::vector<std::pair<std::string, std::string>> WebhookHeaders(const std::string& secretBytes,
                                                                  const std::string& id,
                                                                  std::int64_t timestamp,
                                                                  const std::string& body);
}
