#pragma once

#include <set>
#include <string>
#include <vector>

// The types of the events Ratatoskr sends to webhooks (the "type" of each event's JSON body), as the
// configuration's "Webhooks.<name>.Events" names them.
namespace Ratatoskr::Delivery::WebhookEventType
{
  constexpr const char* CaseDelivered = "case.delivered";
  constexpr const char* CaseDeliveryFailed = "case.delivery_failed";
  constexpr const char* JobFailed = "job.failed";
  // An invite's upload was finished (by the collaborator or after the idle time): its deliveries exist.
  constexpr const char* UploadCompleted = "upload.completed";
  // The pre-send hook: sent, and waited for, before a job of a destination whose "BeforeSend" names
  // the webhook; only to a webhook that lists it in its "Events".
  constexpr const char* CaseBeforeSend = "case.before_send";
  // POST /ratatoskr/webhooks/{name}/test: always sent, whatever "Events" says.
  constexpr const char* Ping = "ping";

  // Every type, in the order the documentation and messages list them.
  inline const std::vector<std::string>& All()
  {
    static const std::vector<std::string> all = {CaseDelivered, CaseDeliveryFailed, JobFailed, UploadCompleted,
                                                CaseBeforeSend, Ping};
    return all;
  }

  // Whether a webhook whose "Events" are `events` receives `type`: those listed, and ping always.
  inline bool IsSentTo(const std::set<std::string>& events, const std::string& type)
  {
    return type == Ping || events.count(type) != 0;
  }

  // What a webhook receives when its configuration has no "Events": every type but case.before_send.
  inline const std::vector<std::string>& Defaults()
  {
    static const std::vector<std::string> defaults = {CaseDelivered, CaseDeliveryFailed, JobFailed, UploadCompleted};
    return defaults;
  }
}
