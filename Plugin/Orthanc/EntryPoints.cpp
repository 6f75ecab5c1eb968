// The four C entry points Orthanc looks for, and the change callback. Everything else is in Plugin.cpp.
#include "Orthanc/ExceptionText.h"
#include "Orthanc/Host.h"
#include "Plugin.h"

#include <orthanc/OrthancCPlugin.h>

#include <OrthancFramework.h>
#include <Logging.h>

#include <memory>

namespace
{
  // Orthanc's C callbacks carry no user data: the plugin's single host lives here between
  // OrthancPluginInitialize and OrthancPluginFinalize.
  std::unique_ptr<Ratatoskr::Host> host;

  OrthancPluginErrorCode OnChange(OrthancPluginChangeType changeType, OrthancPluginResourceType,
                                  const char* resourceId)
  {
    try
    {
      switch (changeType)
      {
        case OrthancPluginChangeType_OrthancStarted:
          Ratatoskr::Plugin::OnOrthancStarted();
          break;
        case OrthancPluginChangeType_OrthancStopped:
          Ratatoskr::Plugin::OnOrthancStopped();
          break;
        case OrthancPluginChangeType_StableStudy:
          Ratatoskr::Plugin::OnStableStudy(resourceId);
          break;
        case OrthancPluginChangeType_JobSuccess:
        case OrthancPluginChangeType_JobFailure:
          Ratatoskr::Plugin::OnJobEnded();
          break;
        default:
          break;
      }
    }
    catch (...)
    {
      if (host)
      {
        host->LogError("Ratatoskr: error while handling a change: " + Ratatoskr::DescribeCurrentException());
      }
    }
    return OrthancPluginErrorCode_Success;
  }

  void FinalizeQuietly()
  {
    try
    {
      Ratatoskr::Plugin::Finalize();
    }
    catch (...)
    {
      if (host)
      {
        host->LogError("Ratatoskr: error while stopping: " + Ratatoskr::DescribeCurrentException());
      }
    }
    host.reset();
  }
}

extern "C"
{
  ORTHANC_PLUGINS_API int32_t OrthancPluginInitialize(OrthancPluginContext* context)
  {
    if (OrthancPluginCheckVersion(context) == 0)
    {
      OrthancPluginLogError(context, "Ratatoskr: this Orthanc is older than the SDK the plugin was built for "
                                     "(1.10.1 or newer is needed)");
      return -1;
    }

    try
    {
      // The Orthanc Framework linked into the plugin (its SQLite-free parts: HTTP client, toolbox) logs through
      // Orthanc, not to a closed stream. Only this: InitializeFramework() would reload the shared DICOM dictionary.
      Orthanc::Logging::InitializePluginContext(context);
      host = std::make_unique<Ratatoskr::Host>(context);
      OrthancPluginSetDescription(context, "Ratatoskr: anonymize teaching cases and deliver them by DICOMweb");
      if (Ratatoskr::Plugin::Initialize(*host))
      {
        OrthancPluginRegisterOnChangeCallback(context, OnChange);
        return 0;
      }
    }
    catch (...)
    {
      OrthancPluginLogError(context, ("Ratatoskr: cannot start: " + Ratatoskr::DescribeCurrentException()).c_str());
    }
    FinalizeQuietly();
    return -1;
  }

  ORTHANC_PLUGINS_API void OrthancPluginFinalize()
  {
    FinalizeQuietly();
  }

  ORTHANC_PLUGINS_API const char* OrthancPluginGetName()
  {
    return "ratatoskr";
  }

  ORTHANC_PLUGINS_API const char* OrthancPluginGetVersion()
  {
    return RATATOSKR_VERSION;
  }
}
