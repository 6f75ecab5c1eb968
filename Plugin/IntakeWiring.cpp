#include "IntakeWiring.h"

#include "Application.h"
#include "Clock.h"
#include "Intake/InviteService.h"
#include "Intake/UploadFinisher.h"
#include "Intake/UploadReceiver.h"
#include "Orthanc/ExceptionText.h"

#include <set>

namespace Ratatoskr
{
  namespace
  {
    constexpr std::chrono::seconds IdleCheckPeriod{30};
  }

  void BuildIntake(Application& app, const Intake::InvitePolicy& policy, const std::string& baseUrl)
  {
    const auto now = [] { return Clock::NowMilliseconds(); };
    std::set<std::string> destinations;
    std::map<std::string, std::vector<std::string>> webhooks;
    for (const auto& entry : app.configuration.destinations)
    {
      destinations.insert(entry.first);
      webhooks[entry.first] = entry.second.webhooks;
    }
    app.invites = std::make_unique<Intake::InviteService>(*app.store, *app.profiles, destinations, policy, baseUrl, now);
    app.uploads = std::make_unique<Intake::UploadReceiver>(*app.store, *app.orthanc, *app.profiles,
                                                           app.configuration.uidRoot, policy, now);
    app.finisher = std::make_unique<Intake::UploadFinisher>(*app.store, *app.deliveries, *app.outbox,
                                                            std::move(webhooks), now);
  }

  std::unique_ptr<Delivery::PollingWorker> MakeIdleUploadWorker(Application& app, const Intake::InvitePolicy& policy)
  {
    const Intake::UploadFinisher* finisher = app.finisher.get();
    Host* host = &app.host;
    const std::int64_t idleMs = static_cast<std::int64_t>(policy.idleFinishMinutes) * 60 * 1000;
    return std::make_unique<Delivery::PollingWorker>(
      "idle uploads", [finisher, host, idleMs]
      {
        if (idleMs > 0)
        {
          finisher->FinishIdle(Clock::NowMilliseconds() - idleMs,
                               [host](const std::string& message) { host->LogWarning(message); });
        }
        return std::chrono::milliseconds(IdleCheckPeriod);
      },
      [host] { host->LogError("Ratatoskr: idle uploads: " + DescribeCurrentException()); });
  }
}
