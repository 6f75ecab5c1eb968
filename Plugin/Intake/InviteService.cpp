#include "Intake/InviteService.h"

#include "Core/ProfileRegistry.h"
#include "Core/RandomBytes.h"
#include "Delivery/TimeText.h"
#include "Intake/IntakeError.h"
#include "Intake/InviteToken.h"

#include <algorithm>

namespace Ratatoskr::Intake
{
  namespace
  {
    constexpr StoreTime HourMs = 3600LL * 1000;
    constexpr size_t MaxNoteLength = 2000;

    IntakeError Bad(const std::string& message)
    {
      return IntakeError(IntakeError::Reason::BadRequest, message);
    }

    std::uint64_t PositiveCount(const Json::Value& body, const char* key, std::uint64_t fallback)
    {
      if (!body.isMember(key) || body[key].isNull())
      {
        return fallback;
      }
      const Json::Value& v = body[key];
      if (!v.isIntegral() || (v.isInt64() && v.asInt64() <= 0))
      {
        throw Bad(std::string("\"") + key + "\" must be a positive integer");
      }
      return v.asUInt64();
    }
  }

  InviteSpec ParseInviteSpec(const Json::Value& body, const InvitePolicy& policy, const std::string& defaultProfile)
  {
    InviteSpec spec;
    auto text = [&](const char* key, const std::string& fallback)
    {
      if (!body.isMember(key) || body[key].isNull())
      {
        return fallback;
      }
      if (!body[key].isString())
      {
        throw Bad(std::string("\"") + key + "\" must be a string");
      }
      return body[key].asString();
    };
    spec.profile = text("Profile", defaultProfile);
    spec.destination = text("Destination", "");
    spec.note = text("Note", "");
    if (spec.note.size() > MaxNoteLength)
    {
      throw Bad("\"Note\" is longer than " + std::to_string(MaxNoteLength) + " characters");
    }
    if (body.isMember("Metadata") && !body["Metadata"].isNull())
    {
      const Json::Value& metadata = body["Metadata"];
      if (!metadata.isObject())
      {
        throw Bad("\"Metadata\" must be an object of texts and numbers, e.g. {\"CourseId\": \"rad-101\"}");
      }
      for (const std::string& key : metadata.getMemberNames())
      {
        if (!metadata[key].isString() && !metadata[key].isNumeric() && !metadata[key].isBool())
        {
          throw Bad("\"Metadata." + key + "\" must be a text, a number or a boolean");
        }
      }
      spec.metadata = metadata;
    }
    const std::uint64_t hours = PositiveCount(body, "ExpiresInHours", policy.defaultExpiresInHours);
    if (hours > policy.maxExpiresInHours)
    {
      throw Bad("\"ExpiresInHours\" is more than " + std::to_string(policy.maxExpiresInHours) +
                " (Ratatoskr.Invites.MaxExpiresInHours)");
    }
    spec.expiresInHours = static_cast<unsigned int>(hours);
    spec.maxStudies = PositiveCount(body, "MaxStudies", 0);
    spec.maxFiles = PositiveCount(body, "MaxFiles", policy.defaultMaxFiles);
    spec.maxBytes = PositiveCount(body, "MaxBytes", policy.defaultMaxBytes);
    if (body.isMember("AllowedKinds") && !body["AllowedKinds"].isNull())
    {
      const Json::Value& kinds = body["AllowedKinds"];
      if (!kinds.isArray() || kinds.empty())
      {
        throw Bad("\"AllowedKinds\" must be a non-empty array of \"dicom\", \"image\", \"pdf\", \"video\"");
      }
      for (const Json::Value& kind : kinds)
      {
        const std::vector<std::string>& known = InvitePolicy::Kinds();
        if (!kind.isString() || std::find(known.begin(), known.end(), kind.asString()) == known.end())
        {
          throw Bad("\"AllowedKinds\" may hold only \"dicom\", \"image\", \"pdf\", \"video\"");
        }
        if (std::find(spec.allowedKinds.begin(), spec.allowedKinds.end(), kind.asString()) == spec.allowedKinds.end())
        {
          spec.allowedKinds.push_back(kind.asString());
        }
      }
    }
    else
    {
      spec.allowedKinds = InvitePolicy::Kinds();
    }
    return spec;
  }

  const char* ToString(InviteStatus status)
  {
    switch (status)
    {
      case InviteStatus::Active: return "Active";
      case InviteStatus::Expired: return "Expired";
      case InviteStatus::Revoked: return "Revoked";
      case InviteStatus::Exhausted: return "Exhausted";
    }
    return "Active";
  }

  InviteStatus StatusOf(const InviteRecord& invite, StoreTime now)
  {
    if (invite.revokedAt != 0)
    {
      return InviteStatus::Revoked;
    }
    if (now >= invite.expiresAt)
    {
      return InviteStatus::Expired;
    }
    if ((invite.maxFiles != 0 && invite.files >= invite.maxFiles) ||
        (invite.maxBytes != 0 && invite.bytes >= invite.maxBytes))
    {
      return InviteStatus::Exhausted;
    }
    return InviteStatus::Active;
  }

  InviteService::InviteService(Store& store, const Core::ProfileRegistry& profiles, std::set<std::string> destinations,
                               InvitePolicy policy, std::string baseUrl, Now now)
    : store_(store), profiles_(profiles), destinations_(std::move(destinations)), policy_(policy),
      baseUrl_(std::move(baseUrl)), now_(std::move(now))
  {
    while (!baseUrl_.empty() && baseUrl_.back() == '/')
    {
      baseUrl_.pop_back();
    }
  }

  InviteService::Created InviteService::Create(const InviteSpec& spec) const
  {
    if (!Available())
    {
      throw IntakeError(IntakeError::Reason::NotAvailable,
                        "The public listener is off, so an invite link would lead nowhere: enable "
                        "\"Ratatoskr.Public\" (README, \"Public listener\")");
    }
    if (!profiles_.Has(spec.profile))
    {
      throw Bad("Unknown profile \"" + spec.profile + "\" (GET /ratatoskr/profiles lists them)");
    }
    if (!spec.destination.empty() && destinations_.count(spec.destination) == 0)
    {
      throw Bad("Unknown destination \"" + spec.destination + "\" (\"Ratatoskr.Destinations\" of the configuration)");
    }
    const StoreTime now = now_();
    InviteRecord invite;
    invite.id = "inv_" + Core::RandomHex(8);
    const InviteToken::Issued issued = InviteToken::Issue(invite.id);
    invite.secretHash = issued.secretHash;
    invite.profile = spec.profile;
    invite.destination = spec.destination;
    invite.metadata = spec.metadata;
    invite.note = spec.note;
    invite.key = Core::RandomHex(32);
    invite.createdAt = now;
    invite.expiresAt = now + static_cast<StoreTime>(spec.expiresInHours) * HourMs;
    invite.maxStudies = spec.maxStudies;
    invite.maxFiles = spec.maxFiles;
    invite.maxBytes = spec.maxBytes;
    invite.allowedKinds = spec.allowedKinds;
    store_.Invites().Create(invite);
    return Created{invite, baseUrl_ + "/upload/#" + issued.token};
  }

  InviteRecord InviteService::Get(const std::string& id) const
  {
    InviteRecord invite;
    if (!store_.Invites().Get(id, invite))
    {
      throw IntakeError(IntakeError::Reason::UnknownInvite, "Unknown invite \"" + id + "\"");
    }
    return invite;
  }

  std::vector<InviteRecord> InviteService::List() const
  {
    return store_.Invites().List();
  }

  InviteRecord InviteService::Revoke(const std::string& id) const
  {
    InviteRecord invite;
    store_.Transaction([&](StoreSession& session)
    {
      if (!session.Invites().Get(id, invite))
      {
        throw IntakeError(IntakeError::Reason::UnknownInvite, "Unknown invite \"" + id + "\"");
      }
      if (invite.revokedAt == 0)
      {
        invite.revokedAt = now_();
        session.Invites().Update(invite);
      }
    });
    return invite;
  }

  InviteRecord InviteService::Extend(const std::string& id, unsigned int hours) const
  {
    if (hours == 0 || hours > policy_.maxExpiresInHours)
    {
      throw Bad("\"ExpiresInHours\" must be between 1 and " + std::to_string(policy_.maxExpiresInHours));
    }
    InviteRecord invite;
    store_.Transaction([&](StoreSession& session)
    {
      if (!session.Invites().Get(id, invite))
      {
        throw IntakeError(IntakeError::Reason::UnknownInvite, "Unknown invite \"" + id + "\"");
      }
      if (invite.revokedAt != 0)
      {
        throw Bad("Invite " + id + " is revoked: create a new one");
      }
      invite.expiresAt = now_() + static_cast<StoreTime>(hours) * HourMs;
      session.Invites().Update(invite);
    });
    return invite;
  }

  InviteRecord InviteService::Authenticate(const std::string& token) const
  {
    std::string id, secret;
    InviteRecord invite;
    // One answer for a malformed token, an unknown invite and a wrong secret: nothing to learn from it.
    if (!InviteToken::Split(token, id, secret) || !store_.Invites().Get(id, invite) ||
        !InviteToken::Matches(secret, invite.secretHash))
    {
      throw IntakeError(IntakeError::Reason::UnknownToken,
                        "This invite link is not valid. Check that you opened the whole link you were sent.");
    }
    switch (StatusOf(invite, now_()))
    {
      case InviteStatus::Revoked:
        throw IntakeError(IntakeError::Reason::Revoked,
                          "This invite link was withdrawn by the people who sent it. Ask them for a new one.");
      case InviteStatus::Expired:
        throw IntakeError(IntakeError::Reason::Expired,
                          "This invite link has expired. Ask the people who sent it for a new one.");
      default:
        return invite;
    }
  }

  Json::Value DescribeInvite(const InviteRecord& invite, StoreTime now)
  {
    Json::Value j;
    j["ID"] = invite.id;
    j["State"] = ToString(StatusOf(invite, now));
    j["Profile"] = invite.profile;
    j["Destination"] = invite.destination.empty() ? Json::Value(Json::nullValue) : Json::Value(invite.destination);
    j["Metadata"] = invite.metadata;
    j["Note"] = invite.note;
    j["CreatedAt"] = Delivery::FormatMilliseconds(invite.createdAt);
    j["ExpiresAt"] = Delivery::FormatMilliseconds(invite.expiresAt);
    j["RevokedAt"] = invite.revokedAt == 0 ? Json::Value(Json::nullValue)
                                           : Json::Value(Delivery::FormatMilliseconds(invite.revokedAt));
    Json::Value limits;
    limits["MaxStudies"] = invite.maxStudies == 0 ? Json::Value(Json::nullValue) : Json::Value(Json::UInt64(invite.maxStudies));
    limits["MaxFiles"] = Json::UInt64(invite.maxFiles);
    limits["MaxBytes"] = Json::UInt64(invite.maxBytes);
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
    return j;
  }
}
