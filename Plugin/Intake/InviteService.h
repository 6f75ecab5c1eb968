#pragma once

#include "Intake/InvitePolicy.h"
#include "Store/Store.h"

#include <json/value.h>

#include <functional>
#include <set>
#include <string>
#include <vector>

namespace Ratatoskr::Core
{
  class ProfileRegistry;
}

namespace Ratatoskr::Intake
{
  // What an operator asks for in POST /ratatoskr/invites, defaults filled in.
  struct InviteSpec
  {
    std::string profile;
    std::string destination;                 // "" = stored only
    Json::Value metadata = Json::objectValue;
    std::string note;
    unsigned int expiresInHours = 0;
    std::uint64_t maxStudies = 0;            // 0 = no limit
    std::uint64_t maxFiles = 0;
    std::uint64_t maxBytes = 0;
    std::vector<std::string> allowedKinds;
  };

  // Reads the JSON body of POST /ratatoskr/invites (keys checked by the caller). Throws IntakeError(BadRequest).
  InviteSpec ParseInviteSpec(const Json::Value& body, const InvitePolicy& policy, const std::string& defaultProfile);

  enum class InviteStatus { Active, Expired, Revoked, Exhausted };
  const char* ToString(InviteStatus status);
  InviteStatus StatusOf(const InviteRecord& invite, StoreTime now);

  // Invites: created and managed by operators (admin REST API), opened with their token by collaborators.
  class InviteService
  {
  public:
    using Now = std::function<StoreTime()>;

    // `baseUrl`: where the public page is reached, without a trailing slash ("" when the listener is off).
    InviteService(Store& store, const Core::ProfileRegistry& profiles, std::set<std::string> destinations,
                  InvitePolicy policy, std::string baseUrl, Now now);

    struct Created
    {
      InviteRecord invite;
      std::string url;   // holds the token (in its fragment): shown once
    };
    Created Create(const InviteSpec& spec) const;  // throws IntakeError
    InviteRecord Get(const std::string& id) const;  // throws IntakeError(UnknownInvite)
    std::vector<InviteRecord> List() const;
    InviteRecord Revoke(const std::string& id) const;
    InviteRecord Extend(const std::string& id, unsigned int hours) const;  // from now

    // The invite a collaborator's token opens, if it may be used now; throws IntakeError (UnknownToken,
    // Expired, Revoked). An exhausted invite is returned (it can still be read and finished).
    InviteRecord Authenticate(const std::string& token) const;

    const InvitePolicy& Policy() const { return policy_; }
    bool Available() const { return !baseUrl_.empty(); }
    StoreTime NowTime() const { return now_(); }

  private:
    Store& store_;
    const Core::ProfileRegistry& profiles_;
    std::set<std::string> destinations_;
    InvitePolicy policy_;
    std::string baseUrl_;
    Now now_;
  };

  // The JSON of an invite for the admin API (never its secret hash nor its key).
  Json::Value DescribeInvite(const InviteRecord& invite, StoreTime now);
}
