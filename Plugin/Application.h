#pragma once

#include "Configuration.h"
#include "Core/ProfileRegistry.h"
#include "Core/Pseudonymizer.h"
#include "Orthanc/Host.h"
#include "Orthanc/OrthancGateway.h"
#include "Store/Store.h"

#include <memory>

namespace Ratatoskr
{
  // The services of a running plugin, built once by Plugin::Initialize and shared by routes and jobs.
  struct Application
  {
    Host& host;
    Configuration configuration;
    std::unique_ptr<Store> store;
    std::unique_ptr<Core::ProfileRegistry> profiles;
    std::unique_ptr<Core::Pseudonymizer> pseudonymizer;
    std::unique_ptr<OrthancGateway> orthanc;  // the typed way to Orthanc's resources, jobs and DICOMweb

    explicit Application(Host& h) : host(h) {}
  };
}
