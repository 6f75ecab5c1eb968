#pragma once

#include "Delivery/WebhookTarget.h"
#include "Orthanc/HttpClient.h"
#include "Store/StoreTime.h"

#include <json/value.h>

namespace Ratatoskr::Delivery
{
  struct BeforeSendAnswer
  {
    enum class Verdict { Go, Refused, Unreachable };
    Verdict verdict = Verdict::Unreachable;
    int httpStatus = 0;
    std::string reason;                          // the receiver's words (Refused) or what failed (Unreachable)
    Json::Value metadata = Json::objectValue;    // values for the profile's placeholders ({CaseTitle}...)
  };

  // The before-send hook of a destination: one signed `case.before_send` POST (Standard Webhooks, not through
  // the outbox: the job waits for it, bounded by the webhook's Timeout), whose 2xx answer may carry
  // {"Metadata": {"CaseTitle": "..."}} and whose 4xx answer refuses the case, with its reason ("Reason",
  // "Message", "detail" or "error" of a JSON answer, else the text).
  BeforeSendAnswer AskBeforeSend(const WebhookTarget& target, const HttpClient& http, const Json::Value& data,
                                 StoreTime now);
}
