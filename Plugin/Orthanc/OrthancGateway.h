#pragma once

#include <json/value.h>

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace Ratatoskr
{
  // Orthanc's resource levels, as the plugin's requests name them ("Study", "Series", "Instance").
  enum class ResourceLevel { Study, Series, Instance };

  ResourceLevel ParseResourceLevel(const std::string& name);  // throws std::invalid_argument
  const char* ResourceLevelName(ResourceLevel level);          // "Study"...

  // Orthanc failed or refused a call of the gateway. The message names the operation and Orthanc's reason
  // (never patient data: Orthanc IDs only).
  class GatewayError : public std::runtime_error
  {
  public:
    GatewayError(const std::string& message, int httpStatus, int orthancError)
      : std::runtime_error(message), httpStatus_(httpStatus), orthancError_(orthancError)
    {
    }
    int HttpStatus() const { return httpStatus_; }    // 0 when Orthanc gave an error code instead
    int OrthancError() const { return orthancError_; }

  private:
    int httpStatus_;
    int orthancError_;
  };

  struct StoredInstance
  {
    std::string status;       // "Success" (new) or "AlreadyStored"
    std::string id;           // Orthanc ID
    std::string parentStudy;  // Orthanc ID of its study
  };

  // What the jobs engine says of one job (GET /jobs/{id}).
  struct OrthancJobStatus
  {
    std::string state;     // Pending, Running, Paused, Success, Failure, Retry
    Json::Value content;   // the job's Content (for a DICOMweb STOW job: FunctionErrorDescription...)
    std::string errorDescription;
  };

  // An answer of a DICOMweb server reached through the DICOMweb plugin (POST /dicom-web/servers/{n}/get).
  struct DicomWebAnswer
  {
    int httpStatus = 0;
    std::string body;
  };

  // The typed gateway to the Orthanc the plugin runs in: instances, studies, metadata, jobs and the DICOMweb
  // plugin's client. Jobs, rules and delivery talk to Orthanc only through it, so that they can be tested with
  // a fake. Implementations are thread-safe.
  class OrthancGateway
  {
  public:
    virtual ~OrthancGateway() = default;

    virtual bool Exists(ResourceLevel level, const std::string& id) const = 0;
    // The Orthanc IDs of the instances of a study or series; nullopt when the resource does not exist.
    virtual std::optional<std::vector<std::string>> ListInstances(ResourceLevel level,
                                                                  const std::string& id) const = 0;
    // The main DICOM tags of the series of a study (or of one series): Modality, BodyPartExamined...;
    // nullopt when the resource does not exist.
    virtual std::optional<std::vector<Json::Value>> SeriesMainTags(ResourceLevel level,
                                                                   const std::string& id) const = 0;
    // The DICOM file of an instance; nullopt when it does not exist.
    virtual std::optional<std::string> ReadInstance(const std::string& id) const = 0;
    // Stores a DICOM file; throws GatewayError when Orthanc refuses it.
    virtual StoredInstance StoreInstance(const std::string& dicom) const = 0;
    // Deletes a resource; returns false when it did not exist; throws GatewayError on any other failure.
    virtual bool Delete(ResourceLevel level, const std::string& id) const = 0;
    // The size of an instance's DICOM file in bytes; nullopt when it is gone.
    virtual std::optional<std::uint64_t> InstanceFileSize(const std::string& id) const = 0;
    // The simplified tags of an instance ({"PatientIdentityRemoved": "YES", ...}); nullopt when it is gone.
    virtual std::optional<Json::Value> InstanceTags(const std::string& id) const = 0;

    // Metadata by name ("RemoteAET") or numeric index ("4401"); nullopt when absent.
    virtual std::optional<std::string> GetMetadata(ResourceLevel level, const std::string& id,
                                                   const std::string& key) const = 0;
    virtual void SetMetadata(ResourceLevel level, const std::string& id, const std::string& key,
                             const std::string& value) const = 0;  // throws GatewayError

    // nullopt when Orthanc does not know the job (never existed, evicted from the history, lost in a restart).
    virtual std::optional<OrthancJobStatus> GetJob(const std::string& id) const = 0;

    // Asks the jobs engine to cancel a job (no effect on a finished or unknown one).
    virtual void CancelJob(const std::string& id) const = 0;

    // Names of the loaded plugins (GET /plugins).
    virtual std::vector<std::string> Plugins() const = 0;

    // DICOMweb plugin: starts an asynchronous STOW-RS job sending these instances to the server named in
    // "DicomWeb.Servers"; returns the job's ID. Throws GatewayError (unknown server, plugin missing...).
    virtual std::string StartStow(const std::string& server, const std::vector<std::string>& instanceIds) const = 0;
    // DICOMweb plugin: a GET on the server (e.g. "/studies/<uid>/instances" with {"includefield": "00080018"}).
    // Throws GatewayError when the plugin could not reach it or the server answered an error.
    virtual DicomWebAnswer GetFromServer(const std::string& server, const std::string& uri,
                                         const std::map<std::string, std::string>& arguments) const = 0;
  };
}
