#include "Delivery/BeforeSendHook.h"
#include "Delivery/WebhookDispatcher.h"
#include "Delivery/WebhookSignature.h"

#include <gtest/gtest.h>

#include <deque>

using namespace Ratatoskr;
using namespace Ratatoskr::Delivery;

namespace
{
  // An HTTP peer for the unit tests: answers what it was told, in order, and records what it got.
  class FakeHttpClient : public HttpClient
  {
  public:
    mutable std::vector<OutgoingHttpRequest> sent;
    mutable std::deque<HttpExchange> answers;

    void Answer(int status, const std::string& body = "", const std::map<std::string, std::string>& headers = {})
    {
      HttpExchange e;
      e.status = status;
      e.body = body;
      e.headers = headers;
      answers.push_back(e);
    }

    void NoAnswer(const std::string& error)
    {
      HttpExchange e;
      e.transportError = error;
      answers.push_back(e);
    }

    HttpExchange Send(const OutgoingHttpRequest& request) const override
    {
      sent.push_back(request);
      HttpExchange e = answers.front();
      answers.pop_front();
      return e;
    }
  };

  WebhookTarget Target()
  {
    WebhookTarget t;
    t.name = "django";
    t.url = "https://django.example/hook";
    t.secret = std::string(32, 'k');
    t.timeoutSeconds = 7;
    t.events = {"case.delivered"};
    t.schedule = RetrySchedule({std::chrono::milliseconds(0), std::chrono::milliseconds(1000),
                                std::chrono::milliseconds(2000)}, 0.0);
    return t;
  }

  OutboxEntry Entry()
  {
    OutboxEntry e;
    e.id = "msg_0123456789abcdef0123456789abcdef";
    e.webhook = "django";
    e.eventType = "case.delivered";
    e.payload = R"({"type":"case.delivered","timestamp":"2026-12-03T10:00:00.000Z","data":{}})";
    return e;
  }

  std::string Header(const OutgoingHttpRequest& r, const std::string& key)
  {
    for (const auto& h : r.headers)
    {
      if (h.first == key) return h.second;
    }
    return "";
  }
}

TEST(WebhookDispatcher, SignsEachAttemptAnewWithTheSameId)
{
  FakeHttpClient http;
  http.Answer(500, "busy");
  http.Answer(204);
  const WebhookTarget target = Target();
  OutboxEntry entry = Entry();

  EXPECT_FALSE(SendWebhookAttempt(entry, target, http, 1700000000000));
  EXPECT_EQ(OutboxState::Pending, entry.state);
  EXPECT_EQ(1u, entry.attempts);
  EXPECT_EQ(1700000000000 + 1000, entry.nextAttemptAt);
  EXPECT_EQ(500, entry.lastHttpStatus);
  EXPECT_EQ("HTTP 500: busy", entry.lastError);

  EXPECT_FALSE(SendWebhookAttempt(entry, target, http, 1700000005000));
  EXPECT_EQ(OutboxState::Delivered, entry.state);
  EXPECT_EQ("", entry.lastError);

  ASSERT_EQ(2u, http.sent.size());
  for (const OutgoingHttpRequest& r : http.sent)
  {
    EXPECT_EQ("POST", r.method);
    EXPECT_EQ(target.url, r.url);
    EXPECT_EQ(7u, r.timeoutSeconds);
    EXPECT_EQ(entry.payload, r.body);
    EXPECT_EQ(entry.id, Header(r, "webhook-id"));
    EXPECT_EQ("application/json", Header(r, "Content-Type"));
  }
  EXPECT_EQ("1700000000", Header(http.sent[0], "webhook-timestamp"));
  EXPECT_EQ("1700000005", Header(http.sent[1], "webhook-timestamp"));
  EXPECT_EQ(SignWebhook(target.secret, entry.id, 1700000005, entry.payload), Header(http.sent[1], "webhook-signature"));
  EXPECT_NE(Header(http.sent[0], "webhook-signature"), Header(http.sent[1], "webhook-signature"));
}

TEST(WebhookDispatcher, GoneDisablesTheWebhook)
{
  FakeHttpClient http;
  http.Answer(410);
  OutboxEntry entry = Entry();
  EXPECT_TRUE(SendWebhookAttempt(entry, Target(), http, 1000));
  EXPECT_EQ(OutboxState::Disabled, entry.state);
  EXPECT_EQ(410, entry.lastHttpStatus);
}

TEST(WebhookDispatcher, RetryAfterOnTooManyRequestsIsWaitedFor)
{
  FakeHttpClient http;
  http.Answer(429, "", {{"retry-after", "30"}});
  OutboxEntry entry = Entry();
  EXPECT_FALSE(SendWebhookAttempt(entry, Target(), http, 1000));
  EXPECT_EQ(OutboxState::Pending, entry.state);
  EXPECT_EQ(1000 + 30000, entry.nextAttemptAt);  // longer than the scheduled 1 s
}

TEST(WebhookDispatcher, NoAnswerIsRetriedThenTheLastAttemptFails)
{
  FakeHttpClient http;
  http.NoAnswer("Timeout was reached");
  http.Answer(503);
  OutboxEntry entry = Entry();
  EXPECT_FALSE(SendWebhookAttempt(entry, Target(), http, 1000));
  EXPECT_EQ(OutboxState::Pending, entry.state);
  EXPECT_EQ(0, entry.lastHttpStatus);
  EXPECT_EQ("Timeout was reached", entry.lastError);
  entry.attempts = 2;  // the schedule has three attempts: this is the last one
  EXPECT_FALSE(SendWebhookAttempt(entry, Target(), http, 5000));
  EXPECT_EQ(OutboxState::Failed, entry.state);
  EXPECT_EQ("HTTP 503", entry.lastError);
}

TEST(BeforeSendHook, GoRefusedOrUnreachable)
{
  FakeHttpClient http;
  http.Answer(200, R"({"Metadata": {"CaseId": "CASE-7", "bad key": "x", "Number": 12, "Nested": {"a": 1}}})");
  http.Answer(403, R"({"Reason": "Course is full"})");
  http.Answer(409, "plain words");
  http.NoAnswer("Couldn't connect to server");
  http.Answer(500);
  const WebhookTarget target = Target();
  Json::Value data;
  data["InstanceCount"] = 3;

  BeforeSendAnswer go = AskBeforeSend(target, http, data, 1000);
  EXPECT_EQ(BeforeSendAnswer::Verdict::Go, go.verdict);
  EXPECT_EQ((std::vector<std::string>{"CaseId", "Number"}), go.metadata.getMemberNames());
  EXPECT_EQ("12", go.metadata["Number"].asString());
  EXPECT_NE(std::string::npos, http.sent[0].body.find("\"type\":\"case.before_send\""));
  EXPECT_FALSE(Header(http.sent[0], "webhook-signature").empty());

  BeforeSendAnswer refused = AskBeforeSend(target, http, data, 1000);
  EXPECT_EQ(BeforeSendAnswer::Verdict::Refused, refused.verdict);
  EXPECT_EQ("Course is full", refused.reason);
  EXPECT_EQ("HTTP 409: plain words", AskBeforeSend(target, http, data, 1000).reason);
  EXPECT_EQ(BeforeSendAnswer::Verdict::Unreachable, AskBeforeSend(target, http, data, 1000).verdict);
  EXPECT_EQ(BeforeSendAnswer::Verdict::Unreachable, AskBeforeSend(target, http, data, 1000).verdict);
}
