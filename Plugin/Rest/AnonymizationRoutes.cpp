#include "Rest/AnonymizationRoutes.h"

#include "Application.h"
#include "Core/Anonymizer.h"
#include "Jobs/AnonymizationService.h"
#include "JsonIo.h"
#include "Orthanc/HttpError.h"
#include "Orthanc/RestRouter.h"
#include "Rest/DeliveryWait.h"
#include "Rest/ListArguments.h"
#include "Rest/RequestOrigin.h"

#include <boost/algorithm/string.hpp>

namespace Ratatoskr
{
  namespace
  {
    // The keys each route accepts in its body (an unknown key is refused, naming all of these).
    const std::vector<std::string> AnonymizeKeys = {
      "Profile", "Metadata", "DeleteOriginal", "Priority", "Synchronous", "Asynchronous"};
    const std::vector<std::string> SendKeys = {
      "Profile", "Metadata", "DeleteOriginal", "Priority", "Synchronous", "Asynchronous", "Destination"};
    const std::vector<std::string> BatchAnonymizeKeys = {
      "Resources", "Profile", "Metadata", "DeleteOriginal", "Priority", "Synchronous", "Asynchronous"};
    const std::vector<std::string> BatchSendKeys = {
      "Resources", "Profile", "Metadata", "DeleteOriginal", "Priority", "Synchronous", "Asynchronous",
      "Destination"};

    Json::Value JobAnswer(const std::string& id, const std::string& resource)
    {
      Json::Value a;
      a["ID"] = id;
      a["Path"] = "/jobs/" + id;
      a["AuditPath"] = "/ratatoskr/jobs/" + id;
      if (!resource.empty())
      {
        a["Resource"] = resource;
      }
      return a;
    }

    bool IsSynchronous(const Json::Value& body)
    {
      for (const char* key : {"Synchronous", "Asynchronous"})
      {
        if (body.isMember(key) && !body[key].isBool())
        {
          throw HttpError(400, std::string("\"") + key + "\" must be true or false");
        }
      }
      if (body.isMember("Synchronous"))
      {
        return body["Synchronous"].asBool();
      }
      return body.isMember("Asynchronous") ? !body["Asynchronous"].asBool() : false;
    }

    // "Destination" of a send: given, or the only one configured.
    void ResolveDestination(AnonymizationRequest& request, const Configuration& configuration)
    {
      if (!request.destination.empty())
      {
        return;
      }
      if (configuration.destinations.size() == 1)
      {
        request.destination = configuration.destinations.begin()->first;
        return;
      }
      throw HttpError(400, configuration.destinations.empty()
                             ? "No destination is configured in \"Ratatoskr.Destinations\""
                             : "\"Destination\" is required: several destinations are configured",
                      JsonIo::Keys(configuration.destinations));
    }

    void StartJob(const RestRequest& r, RestResponse& response, Application& app,
                  const AnonymizationService& service, const std::string& level, bool send)
    {
      const Json::Value body = r.JsonBody();
      if (body.isMember("Resources"))
      {
        throw HttpError(400, "\"Resources\" belongs to POST /ratatoskr/anonymize and /ratatoskr/send");
      }
      if (!send && body.isMember("Destination"))
      {
        throw HttpError(400, "\"Destination\" is for the send route");
      }
      CheckAcceptedKeys(body, send ? SendKeys : AnonymizeKeys);
      AnonymizationRequest request = AnonymizationRequest::FromRestBody(body, app.configuration.defaultProfile);
      request.level = level;
      request.resource = r.groups.at(0);
      request.origin = DescribeRequestOrigin(r);
      if (send)
      {
        ResolveDestination(request, app.configuration);
      }
      const bool synchronous = IsSynchronous(body);
      const std::string id = service.Submit(request);
      if (!synchronous)
      {
        Json::Value answer = JobAnswer(id, "");
        Json::Value audit;
        if (send && service.Describe(id, audit) && audit.isMember("DeliveryId"))
        {
          // The delivery is created when the anonymization ends; its ID is known now.
          answer["DeliveryId"] = audit["DeliveryId"];
          answer["DeliveryPath"] = "/ratatoskr/deliveries/" + audit["DeliveryId"].asString();
        }
        response.AnswerJson(answer);
        return;
      }
      Json::Value result = service.WaitAndDescribe(id);
      if (result["State"].asString() != "Success")
      {
        throw HttpError(500, "The job " + id + " failed: " + result.get("Error", "unknown error").asString(), result);
      }
      if (send && result.isMember("DeliveryId"))
      {
        // The HTTP thread waits (no job worker does): until delivered, or until the first attempt failed.
        result["Delivery"] = WaitForFirstOutcome(*app.store, result["DeliveryId"].asString());
      }
      response.AnswerJson(result);
    }

    std::vector<std::string> ReadResources(const Json::Value& body)
    {
      std::vector<std::string> resources;
      const Json::Value& value = body["Resources"];
      if (value.isString())  // OE2 bulk buttons: "{CommaSeparatedUUIDs}"
      {
        boost::split(resources, value.asString(), boost::is_any_of(","));
      }
      else if (value.isArray())
      {
        for (const Json::Value& v : value)
        {
          if (!v.isString())
          {
            throw HttpError(400, "\"Resources\" must list Orthanc study IDs as strings");
          }
          resources.push_back(v.asString());
        }
      }
      else
      {
        throw HttpError(400, "\"Resources\" is required: an array of Orthanc study IDs (or a comma-separated string)");
      }
      for (std::string& s : resources)
      {
        boost::trim(s);
      }
      resources.erase(std::remove(resources.begin(), resources.end(), std::string()), resources.end());
      if (resources.empty())
      {
        throw HttpError(400, "\"Resources\" is empty");
      }
      return resources;
    }

    void StartBatch(const RestRequest& r, RestResponse& response, Application& app,
                    const AnonymizationService& service, bool send)
    {
      const Json::Value body = r.JsonBody(send ? BatchSendKeys : BatchAnonymizeKeys);
      AnonymizationRequest request = AnonymizationRequest::FromRestBody(body, app.configuration.defaultProfile);
      request.origin = DescribeRequestOrigin(r);
      if (send)
      {
        ResolveDestination(request, app.configuration);
      }
      if (IsSynchronous(body))
      {
        throw HttpError(400, "Batches are always asynchronous: follow the jobs they answer");
      }
      // Check everything first: a batch starts completely or not at all.
      std::vector<AnonymizationRequest> requests;
      for (const std::string& resource : ReadResources(body))
      {
        AnonymizationRequest one = request;
        one.resource = resource;
        service.Check(one);
        requests.push_back(one);
      }
      Json::Value answer = Json::arrayValue;
      for (const AnonymizationRequest& one : requests)
      {
        answer.append(JobAnswer(service.Submit(one), one.resource));
      }
      response.AnswerJson(answer);
    }
  }

  void RegisterAnonymizationRoutes(RestRouter& router, Application& app, const AnonymizationService& service)
  {
    for (const std::string level : {"Study", "Series"})
    {
      const std::string prefix = level == "Study" ? "/ratatoskr/studies/" : "/ratatoskr/series/";
      router.Add(HttpMethod::Post, prefix + "([^/]+)/anonymize", [&app, &service, level](const RestRequest& r, RestResponse& out)
      {
        StartJob(r, out, app, service, level, false);
      });
      router.Add(HttpMethod::Post, prefix + "([^/]+)/send", [&app, &service, level](const RestRequest& r, RestResponse& out)
      {
        StartJob(r, out, app, service, level, true);
      });
    }

    router.Add(HttpMethod::Post, "/ratatoskr/anonymize", [&app, &service](const RestRequest& r, RestResponse& out)
    {
      StartBatch(r, out, app, service, false);
    });
    router.Add(HttpMethod::Post, "/ratatoskr/send", [&app, &service](const RestRequest& r, RestResponse& out)
    {
      StartBatch(r, out, app, service, true);
    });

    router.Add(HttpMethod::Post, "/ratatoskr/instances/([^/]+)/preview",
               [&app, &service](const RestRequest& r, RestResponse& out)
    {
      const Json::Value body = r.JsonBody({"Profile", "Metadata"});
      AnonymizationRequest request = AnonymizationRequest::FromRestBody(body, app.configuration.defaultProfile);
      service.CheckProfile(request.profile);
      const std::optional<std::string> file = app.orthanc->ReadInstance(r.groups.at(0));
      if (!file)
      {
        throw HttpError(404, "Unknown instance \"" + r.groups.at(0) + "\"");
      }
      const Core::AnonymizationContext context = request.Context(false);
      const Core::Anonymizer anonymizer(app.profiles->Get(request.profile), *app.pseudonymizer);
      Json::Value answer;
      answer["Profile"] = request.profile;
      answer["ProfileVersion"] = app.profiles->Get(request.profile)->Version();
      try
      {
        answer["Attributes"] = anonymizer.Preview(file->data(), file->size(), context);
      }
      catch (const Core::DicomInputError& e)
      {
        throw HttpError(422, std::string("This instance cannot be anonymized with this profile: ") + e.what());
      }
      out.AnswerJson(answer);
    });

    router.Add(HttpMethod::Get, "/ratatoskr/jobs", [&app, &service](const RestRequest& r, RestResponse& out)
    {
      const ListArguments list = ReadListArguments(r);
      Json::Value answer = Json::arrayValue;
      for (const JobRecord& record : app.store->JobAudit().List(list.limit, list.since))
      {
        Json::Value description;
        if (service.Describe(record.id, description))
        {
          answer.append(description);
        }
      }
      out.AnswerJson(answer);
    });

    router.Add(HttpMethod::Get, "/ratatoskr/jobs/([^/]+)", [&service](const RestRequest& r, RestResponse& out)
    {
      Json::Value description;
      if (!service.Describe(r.groups.at(0), description))
      {
        throw HttpError(404, "Unknown job \"" + r.groups.at(0) + "\"");
      }
      out.AnswerJson(description);
    });

    router.Add(HttpMethod::Get, "/ratatoskr/profiles", [&app](const RestRequest& r, RestResponse& out)
    {
      Json::Value answer = r.HasArgument("expand") ? Json::Value(Json::objectValue) : Json::Value(Json::arrayValue);
      for (const std::string& name : app.profiles->ListNames())
      {
        if (answer.isArray())
        {
          answer.append(name);
        }
        else
        {
          auto p = app.profiles->Get(name);
          Json::Value summary;
          summary["Name"] = p->Name();
          summary["Version"] = p->Version();
          summary["Description"] = p->Description();
          summary["Hash"] = p->Hash();
          answer[name] = summary;
        }
      }
      out.AnswerJson(answer);
    });

    router.Add(HttpMethod::Get, "/ratatoskr/profiles/([^/]+)", [&app](const RestRequest& r, RestResponse& out)
    {
      if (!app.profiles->Has(r.groups.at(0)))
      {
        throw HttpError(404, "Unknown profile \"" + r.groups.at(0) + "\"");
      }
      out.AnswerJson(app.profiles->Get(r.groups.at(0))->ToJson());
    });
  }
}
