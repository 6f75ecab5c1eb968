#include "Delivery/EventPayloads.h"

#include "Delivery/TimeText.h"

#include <json/writer.h>

#include <regex>

namespace Ratatoskr::Delivery::EventPayloads
{
  namespace
  {
    // RFC 3986: unreserved characters stay, every other byte is %XX.
    std::string PercentEncoded(const std::string& value)
    {
      static const char* const hex = "0123456789ABCDEF";
      std::string encoded;
      for (unsigned char c : value)
      {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
        {
          encoded += static_cast<char>(c);
        }
        else
        {
          encoded += '%';
          encoded += hex[c >> 4];
          encoded += hex[c & 15];
        }
      }
      return encoded;
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
      else if (context.invite != nullptr)
      {
        data["InviteId"] = context.invite->id;
        data["Metadata"] = context.invite->metadata;
        Json::Value profile;
        profile["Name"] = context.invite->profile;
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

  std::string ViewerUrl(const std::string& pattern, const std::string& studyInstanceUid, const std::string& deliveryId)
  {
    static const std::string uidPlaceholder = "{StudyInstanceUID}";
    static const std::string idPlaceholder = "{DeliveryId}";
    std::string url;
    for (size_t i = 0; i < pattern.size();)
    {
      if (pattern.compare(i, uidPlaceholder.size(), uidPlaceholder) == 0)
      {
        url += PercentEncoded(studyInstanceUid);
        i += uidPlaceholder.size();
      }
      else if (pattern.compare(i, idPlaceholder.size(), idPlaceholder) == 0)
      {
        url += PercentEncoded(deliveryId);
        i += idPlaceholder.size();
      }
      else
      {
        url += pattern[i++];
      }
    }
    return url;
  }

  Json::Value CaseDelivered(const DeliveryRecord& delivery, const CaseContext& context)
  {
    Json::Value data = CaseData(delivery, context);
    data["ViewerUrl"] = context.viewerUrlTemplate.empty() ? Json::Value(Json::nullValue)
                                                          : Json::Value(ViewerUrl(context.viewerUrlTemplate, delivery.studyInstanceUid, delivery.id));
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
