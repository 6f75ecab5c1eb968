#include "Intake/PublicApiRequest.h"

#include "Intake/PublicError.h"
#include "JsonIo.h"

namespace Ratatoskr::Intake
{
  Json::Value PublicApiRequest::JsonBody(const Core::JsonLimits& limits) const
  {
    if (http.body.empty())
    {
      return Json::Value(Json::objectValue);
    }
    Json::Value value;
    const Core::JsonParseResult parsed = Core::ParseBoundedJson(http.body, limits, value);
    if (parsed.status == Core::JsonParseStatus::TooLarge)
    {
      throw PublicError(PublicReason::TooLarge, "The request body is too large: " + parsed.error);
    }
    if (!parsed.Ok())
    {
      throw PublicError(PublicReason::BadRequest, "The request body must be a JSON object: " + parsed.error);
    }
    if (!value.isObject())
    {
      throw PublicError(PublicReason::BadRequest, "The request body must be a JSON object");
    }
    return value;
  }

  void AnswerJson(PublicResponse& response, const Json::Value& value, int status)
  {
    response.status = status;
    response.contentType = "application/json; charset=utf-8";
    response.body = JsonIo::Compact(value);
  }
}
