#include "Intake/InviteApi.h"

#include "Core/ProfileRegistry.h"
#include "Core/ResolvedProfile.h"
#include "Delivery/TimeText.h"
#include "Intake/IntakeError.h"
#include "Intake/InviteService.h"
#include "Intake/PublicError.h"
#include "Intake/PublicSite.h"
#include "Intake/UploadFinisher.h"
#include "Intake/UploadReceiver.h"

namespace Ratatoskr::Intake
{
  namespace
  {
    // Runs a handler with IntakeError turned into the site's error (same reason codes and statuses).
    PublicApiHandler Translated(std::function<void(const PublicApiRequest&, PublicResponse&)> handler)
    {
      return [handler](const PublicApiRequest& request, PublicResponse& response)
      {
        try
        {
          handler(request, response);
        }
        catch (const IntakeError& e)
        {
          throw PublicError(IntakeError::Code(e.GetReason()), e.what());
        }
      };
    }

    InviteRecord Authenticated(const InviteService& invites, const PublicApiRequest& request)
    {
      const std::string token = request.Token();
      if (token.empty())
      {
        throw PublicError(PublicReason::MissingToken,
                          "This page needs the whole invite link you were sent (the part after #).");
      }
      return invites.Authenticate(token);
    }

    Json::Value Describe(const InviteRecord& invite, const InviteService& invites,
                         const std::optional<UploadRecord>& upload)
    {
      Json::Value j;
      j["InviteId"] = invite.id;
      j["State"] = ToString(StatusOf(invite, invites.NowTime()));
      j["Note"] = invite.note;
      j["Metadata"] = invite.metadata;
      j["ExpiresAt"] = Delivery::FormatMilliseconds(invite.expiresAt);
      j["Profile"] = invite.profile;
      Json::Value limits;
      limits["MaxFiles"] = Json::UInt64(invite.maxFiles);
      limits["MaxBytes"] = Json::UInt64(invite.maxBytes);
      limits["MaxStudies"] = invite.maxStudies == 0 ? Json::Value(Json::nullValue) : Json::Value(Json::UInt64(invite.maxStudies));
      limits["MaxFileBytes"] = Json::UInt64(invites.Policy().maxFileBytes);
      Json::Value kinds(Json::arrayValue);
      for (const std::string& kind : invite.allowedKinds)
      {
        kinds.append(kind);
      }
      limits["AllowedKinds"] = kinds;
      j["Limits"] = limits;
      Json::Value used;
      used["Files"] = Json::UInt64(invite.files);
      used["Bytes"] = Json::UInt64(invite.bytes);
      used["Studies"] = Json::UInt64(invite.studies);
      j["Used"] = used;
      if (upload)
      {
        Json::Value u;
        u["ID"] = upload->id;
        u["Files"] = Json::UInt64(upload->files);
        u["Bytes"] = Json::UInt64(upload->bytes);
        j["Upload"] = u;
      }
      else
      {
        j["Upload"] = Json::nullValue;
      }
      return j;
    }
  }

  void RegisterInviteApi(PublicSite& site, const InviteService& invites, const UploadReceiver& uploads,
                         const UploadFinisher& finisher, const Core::ProfileRegistry& profiles)
  {
    const InviteService* i = &invites;
    const UploadReceiver* u = &uploads;
    const UploadFinisher* f = &finisher;
    const Core::ProfileRegistry* p = &profiles;

    site.AddApiRoute(HttpMethod::Get, "/api/invite", Translated([i, u](const PublicApiRequest& r, PublicResponse& out)
    {
      const InviteRecord invite = Authenticated(*i, r);
      AnswerJson(out, Describe(invite, *i, u->OpenUploadOf(invite)));
    }), 0);

    site.AddApiRoute(HttpMethod::Get, "/api/invite/engine", Translated([i, u, p](const PublicApiRequest& r, PublicResponse& out)
    {
      const InviteRecord invite = Authenticated(*i, r);
      const UploadReceiver::EngineSettings engine = u->EngineFor(invite);
      Json::Value j;
      j["Profile"] = p->Get(engine.profileName)->ToJson();
      j["Secret"] = engine.secret;
      j["UidRoot"] = engine.uidRoot;
      j["KeyId"] = engine.keyId;
      j["Metadata"] = invite.metadata;
      AnswerJson(out, j);
    }), 0);

    site.AddApiRoute(HttpMethod::Post, "/api/invite/have", Translated([i, u](const PublicApiRequest& r, PublicResponse& out)
    {
      const InviteRecord invite = Authenticated(*i, r);
      const Json::Value body = r.JsonBody();
      const Json::Value& list = body["SOPInstanceUIDs"];
      if (!list.isArray())
      {
        throw PublicError(PublicReason::BadRequest, "\"SOPInstanceUIDs\" (an array of texts) is required");
      }
      std::vector<std::string> uids;
      for (const Json::Value& uid : list)
      {
        if (!uid.isString() || uid.asString().size() > 64)
        {
          throw PublicError(PublicReason::BadRequest, "\"SOPInstanceUIDs\" must hold UIDs (texts of 64 characters at most)");
        }
        uids.push_back(uid.asString());
      }
      Json::Value j;
      j["Have"] = Json::arrayValue;
      for (const std::string& uid : u->Have(invite, uids))
      {
        j["Have"].append(uid);
      }
      AnswerJson(out, j);
    }));

    site.AddApiRoute(HttpMethod::Post, "/api/invite/instances", Translated([i, u](const PublicApiRequest& r, PublicResponse& out)
    {
      const InviteRecord invite = Authenticated(*i, r);
      std::string kind = r.Header("x-upload-kind");
      if (kind.empty())
      {
        kind = "dicom";
      }
      const UploadReceiver::Received received = u->Receive(invite, r.http.body, kind);
      Json::Value j;
      j["SOPInstanceUID"] = received.sopInstanceUid;
      j["Status"] = received.alreadyStored ? "AlreadyStored" : "Stored";
      j["Upload"] = received.uploadId;
      AnswerJson(out, j);
    }), invites.Policy().maxFileBytes);

    site.AddApiRoute(HttpMethod::Post, "/api/invite/finish", Translated([i, f](const PublicApiRequest& r, PublicResponse& out)
    {
      const InviteRecord invite = Authenticated(*i, r);
      r.JsonBody();  // {} (bounded like every body)
      const UploadRecord upload = f->Finish(invite);
      Json::Value j;
      j["Upload"] = upload.id;
      j["State"] = ToString(upload.state);
      j["Files"] = Json::UInt64(upload.files);
      j["Deliveries"] = Json::arrayValue;
      for (const std::string& id : upload.deliveries)
      {
        j["Deliveries"].append(id);
      }
      j["Error"] = upload.finishError.empty() ? Json::Value(Json::nullValue) : Json::Value(upload.finishError);
      AnswerJson(out, j);
    }));
  }
}
