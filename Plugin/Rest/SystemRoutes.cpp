#include "Rest/SystemRoutes.h"

#include "Application.h"
#include "JsonIo.h"
#include "Orthanc/RestRouter.h"

#include <algorithm>

namespace Ratatoskr
{
  void RegisterSystemRoutes(RestRouter& router, const Application& app)
  {
    router.Add(HttpMethod::Get, "/ratatoskr/system", [&app](const RestRequest&, RestResponse& response)
    {
      Json::Value answer;
      answer["Name"] = "Ratatoskr";
      answer["Version"] = RATATOSKR_VERSION;
      answer["SdkVersion"] = app.host.SdkVersion();
      answer["OrthancVersion"] = app.host.OrthancVersion();
      const std::vector<std::string> plugins = app.orthanc->Plugins();
      answer["DicomWebPlugin"] = std::find(plugins.begin(), plugins.end(), "dicom-web") != plugins.end();

      answer["Destinations"] = JsonIo::Keys(app.configuration.destinations);
      answer["Webhooks"] = JsonIo::Keys(app.configuration.webhooks);
      answer["Profiles"] = JsonIo::Array(app.profiles->ListNames());
      answer["DefaultProfile"] = app.configuration.defaultProfile;
      answer["Rules"] = static_cast<Json::UInt>(app.configuration.rules.size());

      Json::Value storage;
      storage["Type"] = app.store->Type();
      storage["Path"] = app.store->Location();
      storage["SchemaVersion"] = app.store->SchemaVersion();
      answer["Storage"] = storage;

      answer["KeyId"] = app.pseudonymizer->KeyId();
      answer["SecretSource"] = app.configuration.secretSource;
      answer["UidRoot"] = app.configuration.uidRoot;
      response.AnswerJson(answer);
    });
  }
}
