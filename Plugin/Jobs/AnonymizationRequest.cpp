#include "Jobs/AnonymizationRequest.h"

#include "Orthanc/HttpError.h"

#include <stdexcept>

namespace Ratatoskr
{
  Core::AnonymizationContext AnonymizationRequest::Context(bool failOnLeak) const
  {
    Core::AnonymizationContext context;
    context.failOnLeak = failOnLeak;
    for (const std::string& key : metadata.getMemberNames())
    {
      context.metadata[key] = metadata[key].asString();
    }
    return context;
  }

  Json::Value AnonymizationRequest::ToJson() const
  {
    Json::Value j;
    j["Level"] = level;
    j["Resource"] = resource;
    j["Profile"] = profile;
    j["Metadata"] = metadata;
    j["DeleteOriginal"] = deleteOriginal;
    j["Destination"] = destination;
    j["DeliveryId"] = deliveryId;
    j["Origin"] = origin;
    j["Priority"] = priority;
    return j;
  }

  AnonymizationRequest AnonymizationRequest::FromJson(const Json::Value& j)
  {
    if (!j.isObject() || !j["Resource"].isString() || !j["Profile"].isString())
    {
      throw std::runtime_error("malformed anonymization request");
    }
    AnonymizationRequest r;
    r.level = j.get("Level", "Study").asString();
    r.resource = j["Resource"].asString();
    r.profile = j["Profile"].asString();
    r.metadata = j.isMember("Metadata") ? j["Metadata"] : Json::Value(Json::objectValue);
    r.deleteOriginal = j.get("DeleteOriginal", false).asBool();
    r.destination = j.get("Destination", "").asString();
    r.deliveryId = j.get("DeliveryId", "").asString();
    r.origin = j.get("Origin", "").asString();
    r.priority = j.get("Priority", 0).asInt();
    return r;
  }

  AnonymizationRequest AnonymizationRequest::FromRestBody(const Json::Value& body, const std::string& defaultProfile)
  {
    AnonymizationRequest r;
    r.profile = defaultProfile;
    if (body.isMember("Profile"))
    {
      if (!body["Profile"].isString() || body["Profile"].asString().empty())
      {
        throw HttpError(400, "\"Profile\" must be a non-empty string");
      }
      r.profile = body["Profile"].asString();
    }
    if (body.isMember("Metadata"))
    {
      if (!body["Metadata"].isObject())
      {
        throw HttpError(400, "\"Metadata\" must be a JSON object of strings");
      }
      for (const std::string& key : body["Metadata"].getMemberNames())
      {
        const Json::Value& v = body["Metadata"][key];
        if (!v.isString() && !v.isNumeric())
        {
          throw HttpError(400, "\"Metadata." + key + "\" must be a string or a number");
        }
        r.metadata[key] = v.asString();
      }
    }
    if (body.isMember("DeleteOriginal"))
    {
      if (!body["DeleteOriginal"].isBool())
      {
        throw HttpError(400, "\"DeleteOriginal\" must be true or false");
      }
      r.deleteOriginal = body["DeleteOriginal"].asBool();
    }
    if (body.isMember("Destination"))
    {
      if (!body["Destination"].isString())
      {
        throw HttpError(400, "\"Destination\" must be a string");
      }
      r.destination = body["Destination"].asString();
    }
    if (body.isMember("Priority"))
    {
      if (!body["Priority"].isInt())
      {
        throw HttpError(400, "\"Priority\" must be an integer");
      }
      r.priority = body["Priority"].asInt();
    }
    return r;
  }
}
