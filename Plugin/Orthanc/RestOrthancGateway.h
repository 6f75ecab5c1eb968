#pragma once

#include "Orthanc/Host.h"
#include "Orthanc/OrthancGateway.h"

namespace Ratatoskr
{
  // The gateway over Orthanc's own REST API, called in-process (no HTTP, no authentication): built-in
  // routes directly, the DICOMweb plugin's routes "after plugins".
  class RestOrthancGateway : public OrthancGateway
  {
  public:
    explicit RestOrthancGateway(const Host& host) : host_(host) {}

    bool Exists(ResourceLevel level, const std::string& id) const override;
    std::optional<std::vector<std::string>> ListInstances(ResourceLevel level, const std::string& id) const override;
    std::optional<std::vector<Json::Value>> SeriesMainTags(ResourceLevel level, const std::string& id) const override;
    std::optional<std::string> ReadInstance(const std::string& id) const override;
    StoredInstance StoreInstance(const std::string& dicom) const override;
    bool Delete(ResourceLevel level, const std::string& id) const override;
    std::optional<std::uint64_t> InstanceFileSize(const std::string& id) const override;
    std::optional<Json::Value> InstanceTags(const std::string& id) const override;
    std::optional<std::string> GetMetadata(ResourceLevel level, const std::string& id,
                                           const std::string& key) const override;
    void SetMetadata(ResourceLevel level, const std::string& id, const std::string& key,
                     const std::string& value) const override;
    std::optional<OrthancJobStatus> GetJob(const std::string& id) const override;
    void CancelJob(const std::string& id) const override;
    std::vector<std::string> Plugins() const override;
    std::string StartStow(const std::string& server, const std::vector<std::string>& instanceIds) const override;
    DicomWebAnswer GetFromServer(const std::string& server, const std::string& uri,
                                 const std::map<std::string, std::string>& arguments) const override;

  private:
    GatewayError Refused(const std::string& what, const RestAnswer& answer) const;

    const Host& host_;
  };
}
