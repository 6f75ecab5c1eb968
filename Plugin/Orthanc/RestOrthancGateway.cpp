#include "Orthanc/RestOrthancGateway.h"

#include "JsonIo.h"

#include <algorithm>
#include <cctype>

namespace Ratatoskr
{
  namespace
  {
    const int UnknownResource = 17;  // OrthancPluginErrorCode_UnknownResource
    const int InexistentItem = 7;    // OrthancPluginErrorCode_InexistentItem

    const char* Collection(ResourceLevel level)
    {
      switch (level)
      {
        case ResourceLevel::Study: return "/studies/";
        case ResourceLevel::Series: return "/series/";
        case ResourceLevel::Instance: return "/instances/";
      }
      return "/instances/";
    }

    // Orthanc IDs and metadata keys are letters, digits and dashes: anything else (a '/', '?', "..") taken
    // from a client's URL must not become part of another URI.
    bool IsPlainName(const std::string& s)
    {
      return !s.empty() && s.size() <= 128 &&
             std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_'; });
    }

    std::string Uri(ResourceLevel level, const std::string& id, const std::string& rest = "")
    {
      return Collection(level) + id + rest;
    }

    bool IsAbsent(const RestAnswer& a)
    {
      return a.status == 404 || a.orthancError == UnknownResource || a.orthancError == InexistentItem;
    }
  }

  GatewayError RestOrthancGateway::Refused(const std::string& what, const RestAnswer& answer) const
  {
    std::string reason = answer.orthancError != 0 ? host_.ErrorDescription(answer.orthancError)
                                                  : "HTTP status " + std::to_string(answer.status);
    return GatewayError(what + ": " + reason, answer.status, answer.orthancError);
  }

  bool RestOrthancGateway::Exists(ResourceLevel level, const std::string& id) const
  {
    return IsPlainName(id) && host_.Call(HttpMethod::Get, Uri(level, id), "", false).Ok();
  }

  std::optional<std::vector<std::string>> RestOrthancGateway::ListInstances(ResourceLevel level,
                                                                            const std::string& id) const
  {
    if (!IsPlainName(id))
    {
      return std::nullopt;
    }
    if (level == ResourceLevel::Instance)
    {
      return Exists(level, id) ? std::optional<std::vector<std::string>>({id}) : std::nullopt;
    }
    const RestAnswer answer = host_.Call(HttpMethod::Get, Uri(level, id, "/instances"), "", false);
    if (IsAbsent(answer))
    {
      return std::nullopt;
    }
    if (!answer.Ok())
    {
      throw Refused("cannot list the instances of " + std::string(ResourceLevelName(level)) + " " + id, answer);
    }
    std::vector<std::string> ids;
    for (const Json::Value& instance : answer.Json())
    {
      ids.push_back(instance["ID"].asString());
    }
    return ids;
  }

  std::optional<std::vector<Json::Value>> RestOrthancGateway::SeriesMainTags(ResourceLevel level,
                                                                             const std::string& id) const
  {
    if (!IsPlainName(id) || level == ResourceLevel::Instance)
    {
      return std::nullopt;
    }
    const RestAnswer answer = host_.Call(HttpMethod::Get, level == ResourceLevel::Study ? Uri(level, id, "/series")
                                                                                         : Uri(level, id), "", false);
    if (IsAbsent(answer))
    {
      return std::nullopt;
    }
    if (!answer.Ok())
    {
      throw Refused("cannot describe the series of " + std::string(ResourceLevelName(level)) + " " + id, answer);
    }
    std::vector<Json::Value> tags;
    const Json::Value json = answer.Json();
    if (json.isArray())
    {
      for (const Json::Value& series : json)
      {
        tags.push_back(series["MainDicomTags"]);
      }
    }
    else
    {
      tags.push_back(json["MainDicomTags"]);
    }
    return tags;
  }

  std::optional<std::string> RestOrthancGateway::ReadInstance(const std::string& id) const
  {
    if (!IsPlainName(id))
    {
      return std::nullopt;
    }
    RestAnswer answer = host_.Call(HttpMethod::Get, Uri(ResourceLevel::Instance, id, "/file"), "", false);
    if (IsAbsent(answer))
    {
      return std::nullopt;
    }
    if (!answer.Ok())
    {
      throw Refused("cannot read instance " + id, answer);
    }
    return std::move(answer.body);
  }

  StoredInstance RestOrthancGateway::StoreInstance(const std::string& dicom) const
  {
    const RestAnswer answer = host_.Call(HttpMethod::Post, "/instances", dicom, false);
    if (!answer.Ok())
    {
      throw Refused("Orthanc refused to store an instance", answer);
    }
    const Json::Value json = answer.Json();
    StoredInstance stored;
    stored.status = json["Status"].asString();
    stored.id = json["ID"].asString();
    stored.parentStudy = json["ParentStudy"].asString();
    if (stored.status != "Success" && stored.status != "AlreadyStored")
    {
      throw GatewayError("Orthanc did not store an instance (status " + stored.status + ")", answer.status, 0);
    }
    return stored;
  }

  bool RestOrthancGateway::Delete(ResourceLevel level, const std::string& id) const
  {
    if (!IsPlainName(id))
    {
      return false;
    }
    const RestAnswer answer = host_.Call(HttpMethod::Delete, Uri(level, id), "", false);
    if (IsAbsent(answer))
    {
      return false;
    }
    if (!answer.Ok())
    {
      throw Refused("cannot delete " + std::string(ResourceLevelName(level)) + " " + id, answer);
    }
    return true;
  }

  std::optional<std::uint64_t> RestOrthancGateway::InstanceFileSize(const std::string& id) const
  {
    if (!IsPlainName(id))
    {
      return std::nullopt;
    }
    const RestAnswer answer = host_.Call(HttpMethod::Get, Uri(ResourceLevel::Instance, id), "", false);
    if (IsAbsent(answer))
    {
      return std::nullopt;
    }
    if (!answer.Ok())
    {
      throw Refused("cannot describe instance " + id, answer);
    }
    return answer.Json()["FileSize"].asUInt64();
  }

  std::optional<Json::Value> RestOrthancGateway::InstanceTags(const std::string& id) const
  {
    if (!IsPlainName(id))
    {
      return std::nullopt;
    }
    const RestAnswer answer = host_.Call(HttpMethod::Get, Uri(ResourceLevel::Instance, id, "/simplified-tags"),
                                         "", false);
    if (IsAbsent(answer))
    {
      return std::nullopt;
    }
    if (!answer.Ok())
    {
      throw Refused("cannot read the tags of instance " + id, answer);
    }
    return answer.Json();
  }

  std::optional<std::string> RestOrthancGateway::GetMetadata(ResourceLevel level, const std::string& id,
                                                             const std::string& key) const
  {
    if (!IsPlainName(id) || !IsPlainName(key))
    {
      return std::nullopt;
    }
    RestAnswer answer = host_.Call(HttpMethod::Get, Uri(level, id, "/metadata/" + key), "", false);
    if (!answer.Ok())
    {
      return std::nullopt;
    }
    return std::move(answer.body);
  }

  void RestOrthancGateway::SetMetadata(ResourceLevel level, const std::string& id, const std::string& key,
                                       const std::string& value) const
  {
    if (!IsPlainName(id) || !IsPlainName(key))
    {
      throw GatewayError("cannot set metadata: invalid resource or key", 400, 0);
    }
    const RestAnswer answer = host_.Call(HttpMethod::Put, Uri(level, id, "/metadata/" + key), value, false);
    if (!answer.Ok())
    {
      throw Refused("cannot set metadata " + key + " of " + ResourceLevelName(level) + " " + id, answer);
    }
  }

  std::optional<OrthancJobStatus> RestOrthancGateway::GetJob(const std::string& id) const
  {
    if (!IsPlainName(id))
    {
      return std::nullopt;
    }
    const RestAnswer answer = host_.Call(HttpMethod::Get, "/jobs/" + id, "", false);
    if (IsAbsent(answer))
    {
      return std::nullopt;
    }
    if (!answer.Ok())
    {
      throw Refused("cannot read job " + id, answer);
    }
    const Json::Value json = answer.Json();
    OrthancJobStatus status;
    status.state = json["State"].asString();
    status.content = json.isMember("Content") ? json["Content"] : Json::Value(Json::objectValue);
    status.errorDescription = json.get("ErrorDescription", "").asString();
    return status;
  }

  void RestOrthancGateway::CancelJob(const std::string& id) const
  {
    if (IsPlainName(id))
    {
      host_.Call(HttpMethod::Post, "/jobs/" + id + "/cancel", "", false);  // 400 when already finished: fine
    }
  }

  std::vector<std::string> RestOrthancGateway::Plugins() const
  {
    const RestAnswer answer = host_.Call(HttpMethod::Get, "/plugins", "", false);
    std::vector<std::string> names;
    if (answer.Ok())
    {
      for (const Json::Value& name : answer.Json())
      {
        names.push_back(name.asString());
      }
    }
    return names;
  }

  std::string RestOrthancGateway::StartStow(const std::string& server,
                                            const std::vector<std::string>& instanceIds) const
  {
    if (!IsPlainName(server))
    {
      throw GatewayError("invalid DICOMweb server name", 400, 0);
    }
    Json::Value body;
    body["Resources"] = JsonIo::Array(instanceIds);
    body["Asynchronous"] = true;  // never Synchronous: it blocks a thread and misreports a busy engine
    const RestAnswer answer = host_.Call(HttpMethod::Post, "/dicom-web/servers/" + server + "/stow",
                                         JsonIo::Compact(body), true);
    if (!answer.Ok())
    {
      throw Refused("the DICOMweb plugin did not start a STOW-RS job to \"" + server + "\"", answer);
    }
    const std::string job = answer.Json()["ID"].asString();
    if (job.empty())
    {
      throw GatewayError("the DICOMweb plugin answered a STOW-RS request without a job", answer.status, 0);
    }
    return job;
  }

  DicomWebAnswer RestOrthancGateway::GetFromServer(const std::string& server, const std::string& uri,
                                                   const std::map<std::string, std::string>& arguments) const
  {
    if (!IsPlainName(server))
    {
      throw GatewayError("invalid DICOMweb server name", 400, 0);
    }
    Json::Value body;
    body["Uri"] = uri;
    body["Arguments"] = Json::objectValue;
    for (const auto& argument : arguments)
    {
      body["Arguments"][argument.first] = argument.second;
    }
    RestAnswer answer = host_.Call(HttpMethod::Post, "/dicom-web/servers/" + server + "/get",
                                   JsonIo::Compact(body), true);
    if (!answer.Ok())
    {
      throw Refused("the DICOMweb server \"" + server + "\" could not be asked for " + uri, answer);
    }
    DicomWebAnswer result;
    result.httpStatus = answer.status;
    result.body = std::move(answer.body);
    return result;
  }
}
