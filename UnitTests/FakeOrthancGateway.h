#pragma once

#include "Orthanc/OrthancGateway.h"

#include <functional>
#include <map>
#include <mutex>
#include <set>

// An Orthanc for the unit tests of Delivery: instances with their size and tags, jobs whose state a test sets,
// a STOW that records what it was asked to send, and a DICOMweb destination holding a set of SOP Instance UIDs.
class FakeOrthancGateway : public Ratatoskr::OrthancGateway
{
public:
  struct Instance
  {
    std::string study;
    std::uint64_t size = 1000;
    Json::Value tags = Json::objectValue;
  };

  std::map<std::string, Instance> instances;
  std::map<std::string, Ratatoskr::OrthancJobStatus> jobs;
  std::vector<std::vector<std::string>> stowed;   // instance IDs of each StartStow call
  std::set<std::string> remote;                   // SOP Instance UIDs the destination holds
  bool stowRefused = false;                       // StartStow throws (unknown server...)
  bool remoteDown = false;                        // GetFromServer throws
  bool autoComplete = false;                      // a STOW job succeeds at once and fills `remote`
  std::vector<std::string> canceled;
  std::function<void()> onGetJob;                 // runs inside GetJob (what happens meanwhile elsewhere)

  void AddInstance(const std::string& id, const std::string& study, const std::string& sopUid,
                   std::uint64_t size = 1000)
  {
    Instance instance;
    instance.study = study;
    instance.size = size;
    instance.tags["SOPInstanceUID"] = sopUid;
    instance.tags["PatientIdentityRemoved"] = "YES";
    instance.tags["DeidentificationMethod"] = "Ratatoskr teaching v1 #abc key 1234";
    instances[id] = instance;
  }

  // Ends every running STOW job: success (the destination gets its instances) or failure with a reason.
  void FinishStows(bool success, const std::string& reason = "")
  {
    for (size_t i = 0; i < stowed.size(); i++)
    {
      Ratatoskr::OrthancJobStatus& job = jobs["stow-" + std::to_string(i)];
      if (job.state != "Running")
      {
        continue;
      }
      job.state = success ? "Success" : "Failure";
      if (success)
      {
        for (const std::string& id : stowed[i])
        {
          remote.insert(instances[id].tags["SOPInstanceUID"].asString());
        }
      }
      else
      {
        job.content["FunctionErrorDescription"] = reason;
      }
    }
  }

  bool Exists(Ratatoskr::ResourceLevel, const std::string& id) const override { return instances.count(id) != 0; }

  std::optional<std::vector<std::string>> ListInstances(Ratatoskr::ResourceLevel, const std::string& study) const override
  {
    std::vector<std::string> ids;
    for (const auto& i : instances)
    {
      if (i.second.study == study) ids.push_back(i.first);
    }
    if (ids.empty()) return std::nullopt;
    return ids;
  }

  std::optional<std::vector<Json::Value>> SeriesMainTags(Ratatoskr::ResourceLevel, const std::string&) const override
  {
    return std::nullopt;
  }
  std::optional<std::string> ReadInstance(const std::string&) const override { return std::nullopt; }
  Ratatoskr::StoredInstance StoreInstance(const std::string&) const override { return {}; }
  bool Delete(Ratatoskr::ResourceLevel, const std::string&) const override { return false; }

  std::optional<std::uint64_t> InstanceFileSize(const std::string& id) const override
  {
    auto it = instances.find(id);
    if (it == instances.end()) return std::nullopt;
    return it->second.size;
  }

  std::optional<Json::Value> InstanceTags(const std::string& id) const override
  {
    auto it = instances.find(id);
    if (it == instances.end()) return std::nullopt;
    return it->second.tags;
  }

  std::optional<std::string> GetMetadata(Ratatoskr::ResourceLevel, const std::string&, const std::string&) const override
  {
    return std::nullopt;
  }
  void SetMetadata(Ratatoskr::ResourceLevel, const std::string&, const std::string&, const std::string&) const override {}

  std::optional<Ratatoskr::OrthancJobStatus> GetJob(const std::string& id) const override
  {
    if (onGetJob)
    {
      onGetJob();
    }
    auto it = jobs.find(id);
    if (it == jobs.end()) return std::nullopt;
    return it->second;
  }

  void CancelJob(const std::string& id) const override { const_cast<FakeOrthancGateway*>(this)->canceled.push_back(id); }
  std::vector<std::string> Plugins() const override { return {"dicom-web"}; }

  std::string StartStow(const std::string& server, const std::vector<std::string>& ids) const override
  {
    auto* self = const_cast<FakeOrthancGateway*>(this);
    if (stowRefused)
    {
      throw Ratatoskr::GatewayError("the DICOMweb plugin did not start a STOW-RS job to \"" + server + "\": Unknown resource", 404, 17);
    }
    const std::string id = "stow-" + std::to_string(stowed.size());
    self->stowed.push_back(ids);
    self->jobs[id].state = "Running";
    if (autoComplete)
    {
      self->FinishStows(true);
    }
    return id;
  }

  Ratatoskr::DicomWebAnswer GetFromServer(const std::string&, const std::string&,
                                          const std::map<std::string, std::string>&) const override
  {
    if (remoteDown)
    {
      throw Ratatoskr::GatewayError("the DICOMweb server could not be reached", 0, 9);
    }
    Json::Value answer(Json::arrayValue);
    for (const std::string& uid : remote)
    {
      Json::Value item;
      item["00080018"]["vr"] = "UI";
      item["00080018"]["Value"].append(uid);
      answer.append(item);
    }
    Ratatoskr::DicomWebAnswer result;
    result.httpStatus = 200;
    result.body = answer.toStyledString();
    return result;
  }
};
