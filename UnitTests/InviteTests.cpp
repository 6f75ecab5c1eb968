#include "FakeOrthancGateway.h"
#include "TemporaryFolder.h"
#include "TestSupport.h"

#include "Core/DeidentificationMarker.h"
#include "Intake/IntakeError.h"
#include "Intake/InviteService.h"
#include "Intake/InviteToken.h"
#include "Intake/UploadReceiver.h"
#include "Store/Sqlite/SqliteStore.h"

#include <gtest/gtest.h>

using namespace Ratatoskr;
using namespace Ratatoskr::Intake;
using namespace Ratatoskr::Tests;

namespace
{
  IntakeError::Reason ReasonOf(const std::function<void()>& call)
  {
    try
    {
      call();
    }
    catch (const IntakeError& e)
    {
      return e.GetReason();
    }
    ADD_FAILURE() << "no IntakeError";
    return IntakeError::Reason::BadRequest;
  }

  // A gateway that keeps what is stored, so the receiver's output can be read back.
  class StoringGateway : public FakeOrthancGateway
  {
  public:
    mutable std::map<std::string, std::string> stored;   // Orthanc ID -> bytes
    mutable std::map<std::string, std::string> metadata;
    mutable unsigned int deleted = 0;

    StoredInstance StoreInstance(const std::string& dicom) const override
    {
      const std::string id = "instance-" + std::to_string(std::hash<std::string>()(dicom) % 1000000);
      const bool known = stored.count(id) != 0;
      stored[id] = dicom;
      return StoredInstance{known ? "AlreadyStored" : "Success", id, "study-1"};
    }
    void SetMetadata(ResourceLevel, const std::string& id, const std::string& key, const std::string& value) const override
    {
      metadata[id + "/" + key] = value;
    }
    bool Delete(ResourceLevel, const std::string& id) const override
    {
      deleted++;
      return stored.erase(id) != 0;
    }
  };

  struct InviteFixture : ::testing::Test
  {
    TemporaryFolder folder;
    SqliteStore store{folder.File("ratatoskr.db")};
    StoreTime now = 1'000'000'000;
    InvitePolicy policy;
    InviteService service{store, BuiltinRegistry(), {"pacscenter"}, policy, "https://upload.example.org/",
                          [this] { return now; }};

    InviteSpec Spec()
    {
      Json::Value body;
      body["Profile"] = "teaching";
      body["Destination"] = "pacscenter";
      body["Metadata"]["CourseId"] = "rad-101";
      body["MaxFiles"] = 3;
      return ParseInviteSpec(body, policy, "teaching");
    }

    static std::string TokenOf(const std::string& url)
    {
      return url.substr(url.find('#') + 1);
    }
  };
}

TEST(InviteToken, IsLongRandomUrlSafeAndOnlyItsHashIsKept)
{
  const InviteToken::Issued a = InviteToken::Issue("inv_0123");
  const InviteToken::Issued b = InviteToken::Issue("inv_0123");
  EXPECT_NE(a.token, b.token);
  std::string id, secret;
  ASSERT_TRUE(InviteToken::Split(a.token, id, secret));
  EXPECT_EQ("inv_0123", id);
  EXPECT_EQ(43u, secret.size());  // 32 bytes, base64url without padding: 256 bits
  EXPECT_EQ(std::string::npos, a.token.find_first_of("+/="));
  EXPECT_EQ(std::string::npos, a.secretHash.find(secret));
  EXPECT_TRUE(InviteToken::Matches(secret, a.secretHash));
  EXPECT_FALSE(InviteToken::Matches(secret + "x", a.secretHash));
  EXPECT_FALSE(InviteToken::Split("no-dot", id, secret));
  EXPECT_FALSE(InviteToken::Split("inv_1.", id, secret));
  EXPECT_FALSE(InviteToken::Split("inv_1.a b", id, secret));
  EXPECT_FALSE(InviteToken::Split("inv_1." + std::string(500, 'a'), id, secret));
}

TEST_F(InviteFixture, ACreatedInviteOpensWithItsLinkOnly)
{
  const InviteService::Created created = service.Create(Spec());
  EXPECT_EQ(0u, created.url.find("https://upload.example.org/upload/#inv_"));
  const std::string token = TokenOf(created.url);
  InviteRecord stored;
  ASSERT_TRUE(store.Invites().Get(created.invite.id, stored));
  EXPECT_EQ(std::string::npos, stored.secretHash.find(token.substr(token.find('.') + 1)));
  EXPECT_EQ(64u, stored.key.size());
  EXPECT_EQ("rad-101", stored.metadata["CourseId"].asString());
  EXPECT_EQ(now + 168LL * 3600 * 1000, stored.expiresAt);

  EXPECT_EQ(created.invite.id, service.Authenticate(token).id);
  EXPECT_EQ(IntakeError::Reason::UnknownToken, ReasonOf([&] { service.Authenticate(token + "A"); }));
  EXPECT_EQ(IntakeError::Reason::UnknownToken, ReasonOf([&] { service.Authenticate("inv_00.abc"); }));
  EXPECT_EQ(IntakeError::Reason::UnknownToken, ReasonOf([&] { service.Authenticate(""); }));

  now = stored.expiresAt;
  EXPECT_EQ(IntakeError::Reason::Expired, ReasonOf([&] { service.Authenticate(token); }));
  service.Extend(created.invite.id, 2);
  EXPECT_EQ(created.invite.id, service.Authenticate(token).id);
  service.Revoke(created.invite.id);
  EXPECT_EQ(IntakeError::Reason::Revoked, ReasonOf([&] { service.Authenticate(token); }));
  EXPECT_EQ(IntakeError::Reason::BadRequest, ReasonOf([&] { service.Extend(created.invite.id, 2); }));
  EXPECT_EQ(IntakeError::Reason::UnknownInvite, ReasonOf([&] { service.Revoke("inv_missing"); }));
}

TEST_F(InviteFixture, BadSpecificationsAreRefusedInWords)
{
  auto parse = [&](const std::string& key, const Json::Value& value)
  {
    Json::Value body;
    body[key] = value;
    return ReasonOf([&] { ParseInviteSpec(body, policy, "teaching"); });
  };
  EXPECT_EQ(IntakeError::Reason::BadRequest, parse("ExpiresInHours", 0));
  EXPECT_EQ(IntakeError::Reason::BadRequest, parse("ExpiresInHours", 100000));
  EXPECT_EQ(IntakeError::Reason::BadRequest, parse("MaxFiles", -1));
  EXPECT_EQ(IntakeError::Reason::BadRequest, parse("MaxFiles", "ten"));
  EXPECT_EQ(IntakeError::Reason::BadRequest, parse("AllowedKinds", Json::Value(Json::arrayValue)));
  Json::Value kinds(Json::arrayValue);
  kinds.append("exe");
  EXPECT_EQ(IntakeError::Reason::BadRequest, parse("AllowedKinds", kinds));
  EXPECT_EQ(IntakeError::Reason::BadRequest, parse("Metadata", "course"));
  EXPECT_EQ(IntakeError::Reason::BadRequest, parse("Note", std::string(3000, 'n')));

  InviteSpec spec = Spec();
  spec.profile = "no-such-profile";
  EXPECT_EQ(IntakeError::Reason::BadRequest, ReasonOf([&] { service.Create(spec); }));
  spec = Spec();
  spec.destination = "elsewhere";
  EXPECT_EQ(IntakeError::Reason::BadRequest, ReasonOf([&] { service.Create(spec); }));

  InviteService off{store, BuiltinRegistry(), {}, policy, "", [this] { return now; }};
  EXPECT_EQ(IntakeError::Reason::NotAvailable, ReasonOf([&] { off.Create(Spec()); }));
}

TEST_F(InviteFixture, TheReceiverStoresOnlyItsOwnSecondPassOfAStampedInstance)
{
  const InviteService::Created created = service.Create(Spec());
  const InviteRecord invite = created.invite;
  StoringGateway orthanc;
  UploadReceiver receiver(store, orthanc, BuiltinRegistry(), "2.25", policy, [this] { return now; });

  // What the page's engine does in the browser: the invite's profile and key.
  const UploadReceiver::EngineSettings engine = receiver.EngineFor(invite);
  Core::Pseudonymizer browserKey(engine.secret, engine.uidRoot);
  Core::Anonymizer browser(BuiltinRegistry().Get(engine.profileName), browserKey);
  auto original = MakeInstance();
  const std::string raw = ToBytes(*original);
  Core::AnonymizationReport report;
  const std::string stamped = browser.AnonymizeBuffer(raw.data(), raw.size(), Core::AnonymizationContext(), report);

  EXPECT_EQ(IntakeError::Reason::NoStamp, ReasonOf([&] { receiver.Receive(invite, raw); }));
  EXPECT_EQ(IntakeError::Reason::NotDicom, ReasonOf([&] { receiver.Receive(invite, "not a DICOM file at all"); }));
  EXPECT_TRUE(orthanc.stored.empty());

  // Stamped for another invite (another key): refused too.
  Core::Pseudonymizer otherKey("another-key-of-another-invite", "2.25");
  Core::Anonymizer other(BuiltinRegistry().Get("teaching"), otherKey);
  Core::AnonymizationReport otherReport;
  const std::string foreign = other.AnonymizeBuffer(raw.data(), raw.size(), Core::AnonymizationContext(), otherReport);
  EXPECT_EQ(IntakeError::Reason::NoStamp, ReasonOf([&] { receiver.Receive(invite, foreign); }));

  const UploadReceiver::Received first = receiver.Receive(invite, stamped);
  EXPECT_FALSE(first.alreadyStored);
  EXPECT_EQ(report.newSopInstanceUid, first.sopInstanceUid);
  ASSERT_EQ(1u, orthanc.stored.size());
  const std::string output = orthanc.stored.begin()->second;
  EXPECT_NE(stamped, output);  // anonymized again, not stored as received
  EXPECT_EQ(std::string::npos, output.find("DOE^JOHN"));
  EXPECT_EQ(invite.id, orthanc.metadata[orthanc.stored.begin()->first + "/4410"]);
  EXPECT_EQ(first.uploadId, orthanc.metadata[orthanc.stored.begin()->first + "/4411"]);

  const UploadReceiver::Received again = receiver.Receive(invite, stamped);
  EXPECT_TRUE(again.alreadyStored);
  EXPECT_EQ(first.uploadId, again.uploadId);
  EXPECT_EQ((std::vector<std::string>{report.newSopInstanceUid}),
            receiver.Have(invite, {report.newSopInstanceUid, "1.2.3"}));
  InviteRecord counted;
  ASSERT_TRUE(store.Invites().Get(invite.id, counted));
  EXPECT_EQ(1u, counted.files);
  EXPECT_EQ(stamped.size(), counted.bytes);
  EXPECT_EQ(1u, counted.studies);
}

TEST_F(InviteFixture, TheReceiverKeepsTheInvitesLimitsAndKinds)
{
  InviteSpec spec = Spec();
  spec.maxFiles = 1;
  spec.allowedKinds = {"pdf"};
  InviteRecord invite = service.Create(spec).invite;
  StoringGateway orthanc;
  UploadReceiver receiver(store, orthanc, BuiltinRegistry(), "2.25", policy, [this] { return now; });
  const UploadReceiver::EngineSettings engine = receiver.EngineFor(invite);
  Core::Pseudonymizer key(engine.secret, engine.uidRoot);
  Core::Anonymizer browser(BuiltinRegistry().Get(engine.profileName), key);
  auto stampedOf = [&](const std::string& sop)
  {
    auto file = MakeInstance("DOE^JOHN", "PID12345", "1.2.826.0.1.3680043.2.1125.1", "1.2.826.0.1.3680043.2.1125.1.2", sop);
    const std::string raw = ToBytes(*file);
    Core::AnonymizationReport report;
    return browser.AnonymizeBuffer(raw.data(), raw.size(), Core::AnonymizationContext(), report);
  };
  EXPECT_EQ(IntakeError::Reason::KindNotAllowed, ReasonOf([&] { receiver.Receive(invite, stampedOf("1.2.3.1")); }));

  invite.allowedKinds = {"dicom"};
  receiver.Receive(invite, stampedOf("1.2.3.1"));
  ASSERT_TRUE(store.Invites().Get(invite.id, invite));
  invite.allowedKinds = {"dicom"};
  EXPECT_EQ(IntakeError::Reason::Exhausted, ReasonOf([&] { receiver.Receive(invite, stampedOf("1.2.3.2")); }));
  invite.files = 0;  // a stale copy: the recording transaction still sees the limit, and nothing stays stored
  EXPECT_EQ(IntakeError::Reason::Exhausted, ReasonOf([&] { receiver.Receive(invite, stampedOf("1.2.3.2")); }));
  EXPECT_EQ(1u, orthanc.stored.size());
  EXPECT_EQ(1u, orthanc.deleted);

  InvitePolicy small;
  small.maxFileBytes = 100;
  UploadReceiver strict(store, orthanc, BuiltinRegistry(), "2.25", small, [this] { return now; });
  EXPECT_EQ(IntakeError::Reason::TooLarge, ReasonOf([&] { strict.Receive(invite, stampedOf("1.2.3.3")); }));
}
