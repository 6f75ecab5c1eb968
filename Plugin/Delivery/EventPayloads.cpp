#include "Delivery/EventPayloads.h"

#include "Delivery/TimeText.h"

#include <json/writer.h>

#include <regex>

namespace Ratatoskr::Delivery::EventPayloads
{
  namespace
  {
    void Replace(std::string& text, const std::string& placeholder, const std::string& value)
    {
      for (size_t at = text.find(placeholder); at != std::string::npos;
           at = text.find(placeholder, at + value.size()))
      {
        text.replace(at, placeholder.size(), value);
      }
    }

    Json::Value CaseData(const DeliveryRecord& delivery, const CaseContext& context)
    {
      Json::Value data;
      data["DeliveryId"] = delivery.id;
      data["Destination"] = delivery.destination;
      data["StudyInstanceUID"] = delivery.studyInstanceUid;  // the anonymized one
      data["InstanceCount"] = static_cast<Json::UInt>(delivery.instances.size());
      data["KeyId"] = context.keyId;
      data["JobId"] = delivery.jobId;
      data["InviteId"] = Json::nullValue;
      data["Metadata"] = Json::objectValue;
      data["Profile"] = Json::nullValue;
      if (context.job != nullptr)
      {
        const Json::Value& document = context.job->document;
        if (document["Metadata"].isObject())
        {
          data["Metadata"] = document["Metadata"];
        }
        Json::Value profile;
        profile["Name"] = document.get("Profile", "").asString();
        profile["Version"] = document.get("ProfileVersion", "").asString();
        profile["Hash"] = document.get("ProfileHash", "").asString();
        data["Profile"] = profile;
      }
      return data;
    }
  }

  std::string MaskOrthancIds(const std::string& text)
  {
    static const std::regex orthancId("[0-9a-f]{8}(-[0-9a-f]{8}){4}");
    return std::regex_replace(text, orthancId, "<id>");
  }

  std::string ViewerUrl(const std::string& pattern, const DeliveryRecord& delivery)
  {
    std::string url = pattern;
    Replace(url, "{StudyInstanceUID}", delivery.studyInstanceUid);
    Replace(url, "{DeliveryId}", delivery.id);
    return url;
  }

  Json::Value CaseDelivered(const DeliveryRecord& delivery, const CaseContext& context)
  {
    Json::Value data = CaseData(delivery, context);
    data["ViewerUrl"] = context.viewerUrlTemplate.empty() ? Json::Value(Json::nullValue)
                                                          : Json::Value(ViewerUrl(context.viewerUrlTemplate, delivery));
    data["Attempts"] = delivery.attempts;
    return data;
  }

  Json::Value CaseDeliveryFailed(const DeliveryRecord& delivery, const CaseContext& context)
  {
    Json::Value data = CaseData(delivery, context);
    data["Attempts"] = delivery.attempts;
    data["InstancesOnDestination"] = delivery.confirmedCount;
    data["Error"] = MaskOrthancIds(delivery.lastError);
    return data;
  }

  Json::Value JobFailed(const JobRecord& job, const std::string& keyId)
  {
    const Json::Value& document = job.document;
    Json::Value data;
    data["JobId"] = job.id;
    data["Step"] = document.get("FailedStep", "").asString();
    data["Reason"] = MaskOrthancIds(document.get("Error", "").asString());
    data["Destination"] = document.get("Destination", "").asString();
    data["Metadata"] = document["Metadata"].isObject() ? document["Metadata"] : Json::Value(Json::objectValue);
    Json::Value profile;
    profile["Name"] = document.get("Profile", "").asString();
    profile["Version"] = document.get("ProfileVersion", "").asString();
    profile["Hash"] = document.get("ProfileHash", "").asString();
    data["Profile"] = profile;
    data["KeyId"] = keyId;
    return data;
  }

  Json::Value Ping(const std::string& webhook)
  {
    Json::Value data;
    data["Webhook"] = webhook;
    return data;
  }

  std::string Envelope(const std::string& type, std::int64_t milliseconds, const Json::Value& data)
  {
    Json::Value envelope;
    envelope["type"] = type;
    envelope["timestamp"] = FormatMilliseconds(milliseconds);
    envelope["data"] = data;
    Json::StreamWriterBuilder builder;
    builder["indentation"] = "";
    builder["emitUTF8"] = true;
    return Json::writeString(builder, envelope);
  }
}
