#include "Delivery/BeforeSendHook.h"

#include "Core/BoundedJson.h"
#include "Delivery/EventPayloads.h"
#include "Delivery/WebhookDispatcher.h"
#include "Delivery/WebhookSignature.h"

#include <cctype>

namespace Ratatoskr::Delivery
{
  namespace
  {
    const size_t MaxValueLength = 1024;  // a value ends up in a DICOM attribute through a placeholder

    bool IsPlaceholderName(const std::string& name)
    {
      if (name.empty() || name.size() > 64)
      {
        return false;
      }
      for (char c : name)
      {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
        {
          return false;
        }
      }
      return true;
    }

    std::string ReasonOf(const Json::Value& answer, const HttpExchange& exchange)
    {
      if (answer.isObject())
      {
        for (const char* key : {"Reason", "Message", "detail", "error"})
        {
          if (answer[key].isString() && !answer[key].asString().empty())
          {
            return answer[key].asString().substr(0, 500);
          }
        }
      }
      return DescribeExchange(exchange);
    }
  }

  BeforeSendAnswer AskBeforeSend(const WebhookTarget& target, const HttpClient& http, const Json::Value& data,
                                 StoreTime now)
  {
    const std::string body = EventPayloads::Envelope("case.before_send", now, data);
    OutgoingHttpRequest request;
    request.url = target.url;
    request.timeoutSeconds = target.timeoutSeconds;
    request.body = body;
    request.headers = WebhookHeaders(target.secret, NewWebhookId(), now / 1000, body);
    request.headers.emplace_back("Content-Type", "application/json");
    request.headers.emplace_back("User-Agent", "Ratatoskr/" RATATOSKR_VERSION);
    const HttpExchange exchange = http.Send(request);

    BeforeSendAnswer answer;
    answer.httpStatus = exchange.status;
    Json::Value json;
    const bool parsed = exchange.Answered() &&
                        Core::ParseBoundedJson(exchange.body, Core::ClientJsonLimits, json).Ok();
    if (exchange.status >= 200 && exchange.status < 300)
    {
      answer.verdict = BeforeSendAnswer::Verdict::Go;
      if (parsed && json.isObject() && json["Metadata"].isObject())
      {
        for (const std::string& key : json["Metadata"].getMemberNames())
        {
          const Json::Value& value = json["Metadata"][key];
          if (IsPlaceholderName(key) && (value.isString() || value.isNumeric()))
          {
            answer.metadata[key] = value.asString().substr(0, MaxValueLength);
          }
        }
      }
    }
    else if (exchange.status >= 400 && exchange.status < 500)
    {
      answer.verdict = BeforeSendAnswer::Verdict::Refused;
      answer.reason = ReasonOf(parsed ? json : Json::Value(), exchange);
    }
    else
    {
      answer.verdict = BeforeSendAnswer::Verdict::Unreachable;
      answer.reason = DescribeExchange(exchange);
    }
    return answer;
  }
}
