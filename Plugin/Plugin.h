#pragma once

#include <string>

namespace Ratatoskr
{
  class Host;

  // The wiring of the plugin: reads the configuration, builds the services and registers routes and
  // callbacks. Called only by the SDK entry points in Orthanc/EntryPoints.cpp.
  namespace Plugin
  {
    // Returns false (after logging the precise reason) if the plugin must not start.
    bool Initialize(Host& host);
    void OnOrthancStarted();
    void OnOrthancStopped();
    void OnStableStudy(const std::string& studyId);
    void OnJobEnded();  // any job: a STOW batch of a delivery may be done
    void Finalize();
  }
}
