#include "Delivery/RemoteInstanceSet.h"

#include "Core/BoundedJson.h"

namespace Ratatoskr::Delivery
{
  std::set<std::string> ParseRemoteSopInstanceUids(const std::string& body)
  {
    std::set<std::string> uids;
    if (body.find_first_not_of(" \t\r\n") == std::string::npos)
    {
      return uids;
    }
    Json::Value answer;
    const Core::JsonParseResult parsed = Core::ParseBoundedJson(body, Core::TrustedJsonLimits, answer);
    if (!parsed.Ok() || !answer.isArray())
    {
      throw RemoteAnswerError("the DICOMweb server's list of instances is not a DICOM JSON array" +
                              (parsed.Ok() ? std::string() : " (" + parsed.error + ")"));
    }
    for (const Json::Value& instance : answer)
    {
      const Json::Value& values = instance.isObject() ? instance["00080018"]["Value"] : Json::Value::nullSingleton();
      if (!values.isArray() || values.empty() || !values[0].isString())
      {
        throw RemoteAnswerError("the DICOMweb server listed an instance without a SOP Instance UID (00080018)");
      }
      uids.insert(values[0].asString());
    }
    return uids;
  }
}
