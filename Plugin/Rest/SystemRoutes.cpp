#include "Rest/SystemRoutes.h"

#include "Application.h"
#include "Intake/InviteService.h"
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

      // What the admin page's invite form needs before anyone submits it: can a link be made, and the defaults.
      Json::Value invites;
      invites["Available"] = app.invites && app.invites->Available();
      if (app.invites)
      {
        const Intake::InvitePolicy& policy = app.invites->Policy();
        invites["DefaultExpiresInHours"] = policy.defaultExpiresInHours;
        invites["MaxExpiresInHours"] = policy.maxExpiresInHours;
        invites["DefaultMaxFiles"] = Json::UInt64(policy.defaultMaxFiles);
        invites["DefaultMaxBytes"] = Json::UInt64(policy.defaultMaxBytes);
        invites["MaxFileBytes"] = Json::UInt64(policy.maxFileBytes);
      }
      answer["Invites"] = invites;
      response.AnswerJson(answer);
    });
  }
}
