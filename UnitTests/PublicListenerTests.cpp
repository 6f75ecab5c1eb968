// The pieces of the public listener behind its HTTP server: the rate limit, the bad-token lockout, the security
// headers and the site's dispatch (Plugin/Intake), driven with plain requests and an injected clock.
#include "Intake/BadTokenLockout.h"
#include "Intake/ClientAddress.h"
#include "Intake/ClientRateLimiter.h"
#include "Intake/PublicError.h"
#include "Intake/PublicSite.h"
#include "Intake/SecurityHeaders.h"

#include <json/reader.h>
#include <gtest/gtest.h>

#include <memory>

using namespace Ratatoskr;
using namespace Ratatoskr::Intake;

namespace
{
  struct FakeClock
  {
    std::shared_ptr<std::int64_t> now = std::make_shared<std::int64_t>(1000000);

    std::function<std::int64_t()> Function() const
    {
      auto time = now;
      return [time] { return *time; };
    }

    void Advance(std::int64_t milliseconds) { *now += milliseconds; }
  };

  PublicRequest Request(const std::string& method, const std::string& path, const std::string& body = "",
                        const std::string& remoteIp = "127.0.0.1")
  {
    PublicRequest request;
    request.methodName = method;
    request.method = method == "POST" ? HttpMethod::Post : method == "PUT" ? HttpMethod::Put
                   : method == "DELETE" ? HttpMethod::Delete : HttpMethod::Get;
    request.path = path;
    request.body = body;
    request.remoteIp = remoteIp;
    request.contentLength = body.empty() ? -1 : static_cast<long long>(body.size());
    return request;
  }

  Json::Value JsonOf(const PublicResponse& response)
  {
    Json::Value value;
    std::string errors;
    Json::CharReaderBuilder builder;
    std::unique_ptr<Json::CharReader> reader(builder.newCharReader());
    reader->parse(response.body.data(), response.body.data() + response.body.size(), &value, &errors);
    return value;
  }

  void ExpectSecurityHeaders(const PublicResponse& response, const std::string& cacheControl = "no-store")
  {
    EXPECT_EQ(SecurityHeaders::ContentSecurityPolicy, response.Header("Content-Security-Policy"));
    EXPECT_EQ("no-referrer", response.Header("Referrer-Policy"));
    EXPECT_EQ("DENY", response.Header("X-Frame-Options"));
    EXPECT_EQ("nosniff", response.Header("X-Content-Type-Options"));
    EXPECT_EQ(cacheControl, response.Header("Cache-Control"));
    EXPECT_EQ("same-origin", response.Header("Cross-Origin-Opener-Policy"));
  }

  // A site as the listener drives it: Admit, then (when admitted) Handle.
  struct Site
  {
    FakeClock clock;
    std::vector<std::string> internalErrors;
    std::unique_ptr<PublicSite> site;

    explicit Site(PublicSiteSettings settings = PublicSiteSettings())
    {
      site = std::make_unique<PublicSite>(settings, [this](const std::string& where)
      {
        internalErrors.push_back(where);
      }, clock.Function());
      // A route like the invite API's: the token "inv_good.secret" is valid, any other is unknown.
      site->AddApiRoute(HttpMethod::Post, "/api/invite/have", [](const PublicApiRequest& request, PublicResponse& out)
      {
        if (request.Token().empty())
        {
          throw PublicError(PublicReason::MissingToken, "This link lacks its token");
        }
        if (request.Token() != "inv_good.secret")
        {
          throw PublicError(PublicReason::Unknown, "This link is not known");
        }
        Json::Value answer;
        answer["Keys"] = static_cast<Json::UInt>(request.JsonBody().size());
        AnswerJson(out, answer);
      });
      site->AddApiRoute(HttpMethod::Get, "/api/boom", [](const PublicApiRequest&, PublicResponse&)
      {
        throw std::runtime_error("secret detail");
      });
    }

    PublicResponse Send(PublicRequest request)
    {
      PublicResponse response;
      const auto admitted = site->Admit(request, response);
      if (!admitted)
      {
        return response;
      }
      EXPECT_LE(request.body.size(), *admitted);
      site->Handle(request, response);
      return response;
    }

    PublicResponse Post(const std::string& token, const std::string& body = "{}", const std::string& ip = "127.0.0.1")
    {
      PublicRequest request = Request("POST", "/api/invite/have", body, ip);
      if (!token.empty())
      {
        request.headers["x-invite-token"] = token;
      }
      return Send(request);
    }
  };
}

TEST(ClientRateLimiter, ABurstOfOneMinuteThenOneRequestPerShare)
{
  FakeClock clock;
  ClientRateLimiter limiter(60, clock.Function());
  for (int i = 0; i < 60; i++)
  {
    ASSERT_EQ(0, limiter.Take("10.0.0.1")) << i;
  }
  EXPECT_EQ(1, limiter.Take("10.0.0.1"));  // one token a second
  EXPECT_EQ(0, limiter.Take("10.0.0.2"));  // another address has its own bucket
  clock.Advance(999);
  EXPECT_EQ(1, limiter.Take("10.0.0.1"));
  clock.Advance(1);
  EXPECT_EQ(0, limiter.Take("10.0.0.1"));
  EXPECT_EQ(1, limiter.Take("10.0.0.1"));
}

TEST(ClientRateLimiter, RetryAfterSaysWhenTheNextRequestMayGo)
{
  FakeClock clock;
  ClientRateLimiter limiter(2, clock.Function());  // one request every 30 s
  EXPECT_EQ(0, limiter.Take("a"));
  EXPECT_EQ(0, limiter.Take("a"));
  EXPECT_EQ(30, limiter.Take("a"));
  clock.Advance(10000);
  EXPECT_EQ(20, limiter.Take("a"));  // refused requests cost nothing
  clock.Advance(20000);
  EXPECT_EQ(0, limiter.Take("a"));
}

TEST(ClientRateLimiter, IdleClientsAreForgottenAndTheTableStaysBounded)
{
  FakeClock clock;
  ClientRateLimiter limiter(60, clock.Function(), 3);
  EXPECT_EQ(0, limiter.Take("a"));
  EXPECT_EQ(0, limiter.Take("b"));
  EXPECT_EQ(0, limiter.Take("c"));
  EXPECT_EQ(1, limiter.Take("d"));  // three active clients: a fourth waits
  EXPECT_EQ(3u, limiter.TrackedClients());
  clock.Advance(1000);  // their buckets are full again: idle, forgotten to make room
  EXPECT_EQ(0, limiter.Take("d"));
  EXPECT_EQ(1u, limiter.TrackedClients());
}

TEST(BadTokenLockout, TheNthBadTokenWithinTheWindowLocksTheAddressOut)
{
  FakeClock clock;
  BadTokenLockout lockout(10, 15, clock.Function());
  for (int i = 0; i < 9; i++)
  {
    lockout.CountBadToken("10.0.0.1");
    ASSERT_EQ(0, lockout.LockedForSeconds("10.0.0.1")) << i;
  }
  lockout.CountBadToken("10.0.0.1");
  EXPECT_EQ(900, lockout.LockedForSeconds("10.0.0.1"));
  EXPECT_EQ(0, lockout.LockedForSeconds("10.0.0.2"));
  clock.Advance(899000);
  EXPECT_EQ(1, lockout.LockedForSeconds("10.0.0.1"));
  lockout.CountBadToken("10.0.0.1");  // refused anyway: does not extend it
  clock.Advance(1000);
  EXPECT_EQ(0, lockout.LockedForSeconds("10.0.0.1"));
  lockout.CountBadToken("10.0.0.1");  // a new count starts after the lockout
  EXPECT_EQ(0, lockout.LockedForSeconds("10.0.0.1"));
}

TEST(BadTokenLockout, BadTokensOlderThanTheWindowDoNotCount)
{
  FakeClock clock;
  BadTokenLockout lockout(3, 1, clock.Function());
  lockout.CountBadToken("a");
  lockout.CountBadToken("a");
  clock.Advance(60000);
  lockout.CountBadToken("a");
  EXPECT_EQ(0, lockout.LockedForSeconds("a"));
  lockout.CountBadToken("a");
  EXPECT_EQ(0, lockout.LockedForSeconds("a"));
  lockout.CountBadToken("a");
  EXPECT_EQ(60, lockout.LockedForSeconds("a"));
}

TEST(SecurityHeaders, EveryHeaderOfTheBriefExactly)
{
  PublicResponse response;
  SecurityHeaders::Apply(response);
  EXPECT_EQ("default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; "
            "img-src 'self' blob: data:; style-src 'self'; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'", response.Header("Content-Security-Policy"));
  ExpectSecurityHeaders(response);
  EXPECT_EQ(6u, response.headers.size());
  SecurityHeaders::Apply(response, SecurityHeaders::Caching::Revalidate);
  EXPECT_EQ("no-cache", response.Header("Cache-Control"));
  EXPECT_EQ(6u, response.headers.size());  // replaced, not added twice
}

TEST(ClientAddress, TheLastHopOfXForwardedForOnlyWhenTrusted)
{
  PublicRequest request = Request("GET", "/upload/");
  request.headers["x-forwarded-for"] = "198.51.100.7, 203.0.113.9";
  EXPECT_EQ("127.0.0.1", ClientAddressOf(request, false));
  EXPECT_EQ("203.0.113.9", ClientAddressOf(request, true));
  request.headers["x-forwarded-for"] = "2001:db8::1";
  EXPECT_EQ("2001:db8::1", ClientAddressOf(request, true));
  request.headers["x-forwarded-for"] = "203.0.113.9, evil";
  EXPECT_EQ("127.0.0.1", ClientAddressOf(request, true));
  request.headers.erase("x-forwarded-for");
  EXPECT_EQ("127.0.0.1", ClientAddressOf(request, true));
}

TEST(PublicSite, AnythingButThePageItsAssetsAndTheApiIsNotFound)
{
  Site site;
  for (const std::string path : {"/", "/system", "/instances", "/app/explorer.html", "/ratatoskr/app/admin.html",
                                 "/ratatoskr/invites", "/api/", "/api/invite/unknown", "/upload/nothing.js",
                                 "/upload/engine/admin.html", "/upload/../WebApp/admin.html", "/dicom-web/studies"})
  {
    const PublicResponse response = site.Send(Request("GET", path));
    EXPECT_EQ(404, response.status) << path;
    EXPECT_EQ("not-found", JsonOf(response)["Reason"].asString()) << path;
    EXPECT_EQ("application/json; charset=utf-8", response.contentType);
    ExpectSecurityHeaders(response);
  }
}

TEST(PublicSite, ThePageIsNeverCachedItsAssetsAreRevalidated)
{
  Site site;
  const PublicResponse page = site.Send(Request("GET", "/upload/"));
  EXPECT_EQ(200, page.status);
  EXPECT_EQ("text/html; charset=utf-8", page.contentType);
  EXPECT_NE(std::string::npos, page.body.find("upload.js"));
  EXPECT_EQ("", page.Header("ETag"));
  ExpectSecurityHeaders(page);

  const PublicResponse script = site.Send(Request("GET", "/upload/upload.js"));
  EXPECT_EQ(200, script.status);
  EXPECT_EQ("text/javascript; charset=utf-8", script.contentType);
  ExpectSecurityHeaders(script, "no-cache");
  ASSERT_FALSE(script.Header("ETag").empty());

  PublicRequest again = Request("GET", "/upload/upload.js");
  again.headers["if-none-match"] = script.Header("ETag");
  const PublicResponse notModified = site.Send(again);
  EXPECT_EQ(304, notModified.status);
  EXPECT_EQ("", notModified.body);
  ExpectSecurityHeaders(notModified, "no-cache");

  const PublicResponse redirect = site.Send(Request("GET", "/upload"));
  EXPECT_EQ(302, redirect.status);
  EXPECT_EQ("upload/", redirect.Header("Location"));
}

TEST(PublicSite, OtherMethodsAreNotAllowed)
{
  Site site;
  const PublicResponse page = site.Send(Request("POST", "/upload/", "x"));
  EXPECT_EQ(405, page.status);
  EXPECT_EQ("GET", page.Header("Allow"));
  EXPECT_EQ("method-not-allowed", JsonOf(page)["Reason"].asString());
  ExpectSecurityHeaders(page);
  const PublicResponse api = site.Send(Request("DELETE", "/api/invite/have"));
  EXPECT_EQ(405, api.status);
  EXPECT_EQ("POST", api.Header("Allow"));
  EXPECT_EQ(405, site.Send(Request("OPTIONS", "/api/invite/have")).status);
  EXPECT_EQ(405, site.Send(Request("HEAD", "/upload/")).status);
}

TEST(PublicSite, ABodyOverItsRouteLimitIsRefusedBeforeItIsRead)
{
  Site site;
  PublicRequest request = Request("POST", "/api/invite/have");
  request.headers["x-invite-token"] = "inv_good.secret";
  request.contentLength = 50LL * 1024 * 1024;
  PublicResponse refusal;
  EXPECT_FALSE(site.site->Admit(request, refusal));
  EXPECT_EQ(413, refusal.status);
  EXPECT_EQ("too-large", JsonOf(refusal)["Reason"].asString());
  ExpectSecurityHeaders(refusal);

  request.contentLength = -1;  // chunked: admitted up to the route's limit, refused by the server beyond it
  PublicResponse admittedAnswer;
  const auto admitted = site.site->Admit(request, admittedAnswer);
  ASSERT_TRUE(admitted);
  EXPECT_EQ(Core::ClientJsonLimits.maxBytes, *admitted);
  PublicResponse tooLarge;
  site.site->RefuseBody(request, *admitted, tooLarge);
  EXPECT_EQ(413, tooLarge.status);
  ExpectSecurityHeaders(tooLarge);

  EXPECT_EQ(413, site.Send(Request("GET", "/upload/", "a body on a GET")).status);
}

TEST(PublicSite, JsonNestedTooDeepIsRefusedWithoutReachingTheParser)
{
  Site site;
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const PublicResponse response = site.Post("inv_good.secret", deep);
  EXPECT_EQ(400, response.status);
  EXPECT_EQ("bad-request", JsonOf(response)["Reason"].asString());
  EXPECT_NE(std::string::npos, JsonOf(response)["Error"].asString().find("nested deeper than 64"));
  ExpectSecurityHeaders(response);
  EXPECT_EQ(400, site.Post("inv_good.secret", "[1]").status);
  EXPECT_EQ(400, site.Post("inv_good.secret", "{").status);
  const PublicResponse ok = site.Post("inv_good.secret", "{\"SOPInstanceUIDs\": []}");
  EXPECT_EQ(200, ok.status);
  EXPECT_EQ(1, JsonOf(ok)["Keys"].asInt());
  ExpectSecurityHeaders(ok);
}

TEST(PublicSite, BadTokensLockTheAddressOutAndAGoodOneDoesNotUnlockIt)
{
  Site site;
  EXPECT_EQ(401, site.Post("").status);  // missing-token does not count
  EXPECT_EQ("missing-token", JsonOf(site.Post(""))["Reason"].asString());
  for (int i = 0; i < 10; i++)
  {
    const PublicResponse response = site.Post("inv_0123456789abcdef.guess" + std::to_string(i));
    ASSERT_EQ(401, response.status) << i;
    ASSERT_EQ("unknown", JsonOf(response)["Reason"].asString());
  }
  const PublicResponse locked = site.Post("inv_good.secret");
  EXPECT_EQ(429, locked.status);
  EXPECT_EQ("locked-out", JsonOf(locked)["Reason"].asString());
  EXPECT_EQ("900", locked.Header("Retry-After"));
  ExpectSecurityHeaders(locked);
  EXPECT_EQ(200, site.Post("inv_good.secret", "{}", "127.0.0.2").status);  // another address
  EXPECT_EQ(200, site.Send(Request("GET", "/upload/")).status);           // the page itself stays
  site.clock.Advance(15 * 60 * 1000);
  EXPECT_EQ(200, site.Post("inv_good.secret").status);
}

TEST(PublicSite, EachAddressHasItsRateLimitBehindAProxyToo)
{
  PublicSiteSettings settings;
  settings.requestsPerMinute = 3;
  settings.trustForwardedFor = true;
  Site site(settings);
  PublicRequest request = Request("GET", "/upload/");
  request.headers["x-forwarded-for"] = "203.0.113.5";
  for (int i = 0; i < 3; i++)
  {
    ASSERT_EQ(200, site.Send(request).status);
  }
  const PublicResponse limited = site.Send(request);
  EXPECT_EQ(429, limited.status);
  EXPECT_EQ("rate-limited", JsonOf(limited)["Reason"].asString());
  EXPECT_EQ("20", limited.Header("Retry-After"));
  ExpectSecurityHeaders(limited);
  request.headers["x-forwarded-for"] = "203.0.113.5, 203.0.113.6";
  EXPECT_EQ(200, site.Send(request).status);
  EXPECT_EQ(404, site.Send(Request("GET", "/system")).status);  // unknown paths count too
}

TEST(PublicSite, AnUnexpectedErrorIsAGeneric500AndLogged)
{
  Site site;
  const PublicResponse response = site.Send(Request("GET", "/api/boom"));
  EXPECT_EQ(500, response.status);
  EXPECT_EQ("internal", JsonOf(response)["Reason"].asString());
  EXPECT_EQ(std::string::npos, response.body.find("secret detail"));
  ExpectSecurityHeaders(response);
  ASSERT_EQ(1u, site.internalErrors.size());
  EXPECT_EQ("GET /api/boom", site.internalErrors[0]);
}
