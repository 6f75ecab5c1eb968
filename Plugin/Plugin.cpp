#include "Plugin.h"

#include "Application.h"
#include "Clock.h"
#include "Core/Errors.h"
#include "Core/RandomBytes.h"
#include "Jobs/AnonymizationService.h"
#include "Jobs/RuleEngine.h"
#include "Jobs/TaskQueue.h"
#include "Orthanc/ExceptionText.h"
#include "Orthanc/PluginJobs.h"
#include "Orthanc/RestOrthancGateway.h"
#include "Rest/AnonymizationRoutes.h"
#include "DeliveryWiring.h"
#include "IntakeWiring.h"
#include "Intake/InviteApi.h"
#include "Delivery/PollingWorker.h"
#include "MetricsReporter.h"
#include "Orthanc/OrthancMetrics.h"
#include "Rest/CrossSiteCheck.h"
#include "Rest/DeliveryRoutes.h"
#include "Rest/ErrorTranslation.h"
#include "Rest/ExplorerButtons.h"
#include "Rest/InviteRoutes.h"
#include "Orthanc/RestRouter.h"
#include "Rest/SystemRoutes.h"
#include "Rest/WebAppRoutes.h"
#include "Store/Sqlite/SqliteStore.h"
#include "Orthanc/PublicHttpServer.h"
#include "PublicListenerWiring.h"

#include <boost/filesystem.hpp>
#include <chrono>
#include <memory>
#include <stdexcept>

namespace Ratatoskr::Plugin
{
  namespace
  {
    // The running plugin. Created by Initialize, destroyed by Finalize (also on /tools/reset).
    std::unique_ptr<Application> app;
    std::unique_ptr<RestRouter> router;
    std::unique_ptr<AnonymizationService> anonymization;
    std::unique_ptr<TaskQueue> tasks;  // work triggered by Orthanc's change callback
    std::unique_ptr<RuleEngine> rules;
    std::unique_ptr<DeliveryWorkers> deliveryWorkers;  // started once Orthanc is up (the DICOMweb routes exist)
    std::unique_ptr<OrthancMetrics> metricsSink;
    std::unique_ptr<MetricsReporter> metrics;
    std::unique_ptr<Delivery::PollingWorker> metricsWorker;  // refreshes `metrics` every MetricsPeriod
    std::unique_ptr<Delivery::PollingWorker> idleUploads;    // finishes uploads left idle
    std::unique_ptr<PublicHttpServer> publicServer;  // "Ratatoskr.Public": listens from OrthancStarted to OrthancStopped

    // How often the metrics are read from the store: a few aggregate queries each time.
    constexpr std::chrono::seconds MetricsPeriod{5};

    // Orthanc resolves relative paths of its configuration against the folder of the configuration.
    std::string OrthancStorageDirectory(const Host& host, const Json::Value& orthancConfiguration)
    {
      namespace fs = boost::filesystem;
      std::string storage = orthancConfiguration.isMember("StorageDirectory") &&
                            orthancConfiguration["StorageDirectory"].isString()
                              ? orthancConfiguration["StorageDirectory"].asString() : "OrthancStorage";
      fs::path p(storage);
      if (p.is_relative())
      {
        fs::path base(host.ConfigurationPath());
        if (!fs::is_directory(base))
        {
          base = base.parent_path();
        }
        p = fs::absolute(p, base.empty() ? fs::current_path() : fs::absolute(base));
      }
      return p.lexically_normal().string();
    }

    void ResolveSecret(Application& a)
    {
      if (a.configuration.secret.empty())
      {
        std::string stored;
        if (!a.store->Settings().Get("Secret", stored))
        {
          stored = a.store->Settings().SetIfAbsent("Secret", Core::RandomHex(32));
          a.host.LogWarning("Ratatoskr: no \"Secret\" configured: generated one and kept it in " +
                            a.store->Location() + ". Back up this database: without that secret, the same "
                            "patients and studies would get other pseudonyms.");
        }
        a.configuration.secret = stored;
        a.configuration.secretSource = "database";
      }
    }
  }

  bool Initialize(Host& host)
  {
    try
    {
      const Json::Value orthancConfiguration = host.Configuration();
      auto a = std::make_unique<Application>(host);
      a->orthanc = std::make_unique<RestOrthancGateway>(host);
      a->configuration = Configuration::Parse(orthancConfiguration["Ratatoskr"],
                                              OrthancStorageDirectory(host, orthancConfiguration));

      a->profiles = std::make_unique<Core::ProfileRegistry>();
      a->profiles->LoadBuiltin();
      if (!a->configuration.profilesDirectory.empty())
      {
        a->profiles->LoadDirectory(a->configuration.profilesDirectory);
      }
      if (!a->profiles->Has(a->configuration.defaultProfile))
      {
        throw ConfigurationError("\"Ratatoskr.DefaultProfile\" names \"" + a->configuration.defaultProfile +
                                 "\", which is not a known profile");
      }
      for (const RuleConfiguration& rule : a->configuration.rules)
      {
        if (!a->profiles->Has(rule.profile))
        {
          throw ConfigurationError("rule \"" + rule.name + "\" names the unknown profile \"" + rule.profile + "\"");
        }
      }

      a->store = std::make_unique<SqliteStore>(a->configuration.databasePath);
      ResolveSecret(*a);
      a->pseudonymizer = std::make_unique<Core::Pseudonymizer>(a->configuration.secret, a->configuration.uidRoot);
      BuildDelivery(*a, orthancConfiguration);
      BuildIntake(*a, a->configuration.invites.Policy(),
                  a->configuration.publicListener.enabled ? a->configuration.publicListener.BaseUrl() : "");
      ReleaseClaimsOfAnEarlierRun(*a);
      auto workers = MakeDeliveryWorkers(*a);
      // The public listener: its site takes the invite routes (a->publicSite->AddApiRoute) before it starts.
      BuildPublicSite(*a);
      if (a->publicSite)
      {
        Intake::RegisterInviteApi(*a->publicSite, *a->invites, *a->uploads, *a->finisher, *a->profiles);
      }
      auto publicListener = MakePublicServer(*a);

      auto service = std::make_unique<AnonymizationService>(*a);
      auto r = std::make_unique<RestRouter>(host);
      const std::vector<std::string> allowedOrigins = a->configuration.allowedOrigins;
      r->SetStateChangingCheck([allowedOrigins](const RestRequest& request)
      {
        if (auto refusal = CheckCrossSiteRequest(request.headers, !request.body.empty(), allowedOrigins))
        {
          throw HttpError(refusal->status, refusal->message);
        }
      });
      r->SetErrorTranslator(TranslateLayerError);
      RegisterSystemRoutes(*r, *a);
      RegisterAnonymizationRoutes(*r, *a, *service);
      RegisterDeliveryRoutes(*r, *a);
      RegisterWebhookRoutes(*r, *a);
      RegisterInviteRoutes(*r, *a);
      RegisterWebAppRoutes(*r);
      r->RegisterWithOrthanc();
      host.ExtendOrthancExplorer(BuildExplorerScript(a->configuration));
      const AnonymizationService* s = service.get();
      RegisterJobsUnserializer(host, [s](const std::string& type, const Json::Value& serialized)
      {
        return s->Unserialize(type, serialized);
      });

      host.LogWarning("Ratatoskr " RATATOSKR_VERSION " started: database " + a->store->Location() + ", " +
                      std::to_string(a->profiles->ListNames().size()) + " profiles, key " +
                      a->pseudonymizer->KeyId());
      Host* h = &host;
      tasks = std::make_unique<TaskQueue>([h](const std::string&)
      {
        h->LogError("Ratatoskr: background task failed: " + DescribeCurrentException());
      });
      rules = std::make_unique<RuleEngine>(*a, *service, *tasks);
      const AnonymizationService* cleaner = service.get();
      tasks->SetPeriodic(std::chrono::seconds(2), [cleaner] { cleaner->CleanUpJobsCanceledWhileIdle(); });
      deliveryWorkers = std::move(workers);
      const Json::Value& metricsEnabled = orthancConfiguration["MetricsEnabled"];
      auto sink = std::make_unique<OrthancMetrics>(host, !metricsEnabled.isBool() || metricsEnabled.asBool());
      auto reporter = std::make_unique<MetricsReporter>(
        *a->store, *sink, [] { return Clock::NowMilliseconds(); },
        [h](const std::string& message) { h->LogWarning(message); },
        [h](const std::string& message) { h->LogWarning(message); });  // the "again" line too: seen by default
      MetricsReporter* m = reporter.get();
      metricsWorker = std::make_unique<Delivery::PollingWorker>(
        "metrics", [m] { m->Refresh(); return std::chrono::milliseconds(MetricsPeriod); },
        [h] { h->LogError("Ratatoskr: metrics: " + DescribeCurrentException()); });  // Refresh never throws
      idleUploads = MakeIdleUploadWorker(*a, a->configuration.invites.Policy());
      metricsSink = std::move(sink);
      metrics = std::move(reporter);
      app = std::move(a);
      anonymization = std::move(service);
      router = std::move(r);
      publicServer = std::move(publicListener);
      return true;
    }
    catch (const ConfigurationError& e)
    {
      host.LogError(std::string("Ratatoskr: invalid configuration: ") + e.what());
    }
    catch (const Core::ProfileError& e)
    {
      host.LogError(std::string("Ratatoskr: invalid configuration: ") + e.what());
    }
    catch (...)
    {
      host.LogError("Ratatoskr: cannot start: " + DescribeCurrentException());
    }
    return false;
  }

  void OnOrthancStarted()
  {
    if (tasks)
    {
      tasks->Start();
    }
    if (deliveryWorkers)
    {
      deliveryWorkers->Start();
    }
    if (metricsWorker)
    {
      metricsWorker->Start();
    }
    if (idleUploads)
    {
      idleUploads->Start();
    }
    if (app)
    {
      StartPublicServer(*app, publicServer.get());
    }
  }

  void OnOrthancStopped()
  {
    if (tasks)
    {
      tasks->Stop();
    }
    if (deliveryWorkers)
    {
      deliveryWorkers->Stop();
    }
    if (metricsWorker)
    {
      metricsWorker->Stop();
    }
    if (idleUploads)
    {
      idleUploads->Stop();
    }
    if (publicServer)
    {
      publicServer->Stop();  // else it would answer on after Orthanc's own server has closed
    }
  }

  void OnJobEnded()
  {
    // A STOW job of a delivery may have ended: its next batch or the verification need not wait for the poll.
    if (deliveryWorkers)
    {
      deliveryWorkers->WakeDeliveries();
    }
  }

  void OnStableStudy(const std::string& studyId)
  {
    if (rules)
    {
      rules->Enqueue(studyId);
    }
  }

  void Finalize()
  {
    ClearJobsUnserializer();
    if (tasks)
    {
      tasks->Stop();
    }
    if (deliveryWorkers)
    {
      deliveryWorkers->Stop();
    }
    if (metricsWorker)
    {
      metricsWorker->Stop();
    }
    if (idleUploads)
    {
      idleUploads->Stop();
    }
    publicServer.reset();  // frees the port (/tools/reset initializes the plugin again in this process)
    rules.reset();
    tasks.reset();
    deliveryWorkers.reset();
    metricsWorker.reset();
    idleUploads.reset();
    metrics.reset();
    metricsSink.reset();
    router.reset();
    anonymization.reset();
    app.reset();
  }
}
