#include "StoreContract.h"

using namespace Ratatoskr;
using namespace Ratatoskr::Tests;

namespace
{
  InviteRecord MakeInvite(const std::string& id, StoreTime now)
  {
    InviteRecord invite;
    invite.id = id;
    invite.secretHash = "hash-" + id;
    invite.profile = "teaching";
    invite.destination = "pacscenter";
    invite.metadata["CourseId"] = "course-7";
    invite.note = "Cases for the course";
    invite.key = "00112233445566778899aabbccddeeff";
    invite.createdAt = now;
    invite.expiresAt = now + 3600000;
    invite.maxStudies = 2;
    invite.maxFiles = 10;
    invite.maxBytes = 1000000;
    invite.allowedKinds = {"dicom", "pdf"};
    return invite;
  }

  UploadRecord MakeUpload(const std::string& id, const std::string& invite, StoreTime now)
  {
    UploadRecord upload;
    upload.id = id;
    upload.inviteId = invite;
    upload.createdAt = now;
    upload.updatedAt = now;
    return upload;
  }

  UploadedInstance MakeInstance(const std::string& invite, const std::string& upload, const std::string& uid,
                                const std::string& study, StoreTime now)
  {
    UploadedInstance i;
    i.inviteId = invite;
    i.uploadId = upload;
    i.receivedSopInstanceUid = uid;
    i.storedSopInstanceUid = "2.25.9" + uid;
    i.orthancId = "orthanc-" + uid;
    i.study = "orthanc-study-" + study;
    i.studyInstanceUid = "2.25.7" + study;
    i.kind = "dicom";
    i.bytes = 100;
    i.receivedAt = now;
    return i;
  }
}

TEST_P(StoreContract, InvitesAreCreatedReadListedAndUpdated)
{
  store().Invites().Create(MakeInvite("inv_a", 1000));
  store().Invites().Create(MakeInvite("inv_b", 2000));
  ExpectStoreError(StoreError::Kind::Constraint, [&] { store().Invites().Create(MakeInvite("inv_a", 3000)); });
  Reopen();
  InviteRecord invite;
  ASSERT_TRUE(store().Invites().Get("inv_a", invite));
  EXPECT_EQ("hash-inv_a", invite.secretHash);
  EXPECT_EQ("course-7", invite.metadata["CourseId"].asString());
  EXPECT_EQ((std::vector<std::string>{"dicom", "pdf"}), invite.allowedKinds);
  EXPECT_EQ(3601000, invite.expiresAt);
  EXPECT_EQ(2u, invite.maxStudies);
  EXPECT_EQ(0u, invite.files);
  EXPECT_FALSE(store().Invites().Get("inv_c", invite));

  const std::vector<InviteRecord> all = store().Invites().List();
  ASSERT_EQ(2u, all.size());
  EXPECT_EQ("inv_b", all[0].id);  // newest first

  invite.revokedAt = 5000;
  invite.expiresAt = 9000;
  invite.files = 99;  // counters are the store's: not written by Update
  store().Invites().Update(invite);
  ASSERT_TRUE(store().Invites().Get("inv_a", invite));
  EXPECT_EQ(5000, invite.revokedAt);
  EXPECT_EQ(9000, invite.expiresAt);
  EXPECT_EQ(0u, invite.files);
}

TEST_P(StoreContract, RecordedInstancesCountOnceInTheirUploadAndInvite)
{
  store().Invites().Create(MakeInvite("inv_a", 1000));
  EXPECT_FALSE(store().Invites().OpenUpload("inv_a"));
  store().Invites().CreateUpload(MakeUpload("upl_1", "inv_a", 1000));
  ASSERT_TRUE(store().Invites().OpenUpload("inv_a"));

  EXPECT_TRUE(store().Invites().RecordInstance(MakeInstance("inv_a", "upl_1", "1.1", "s1", 1100)));
  EXPECT_TRUE(store().Invites().RecordInstance(MakeInstance("inv_a", "upl_1", "1.2", "s1", 1200)));
  EXPECT_TRUE(store().Invites().RecordInstance(MakeInstance("inv_a", "upl_1", "1.3", "s2", 1300)));
  EXPECT_FALSE(store().Invites().RecordInstance(MakeInstance("inv_a", "upl_1", "1.2", "s1", 1400)));  // again

  InviteRecord invite;
  ASSERT_TRUE(store().Invites().Get("inv_a", invite));
  EXPECT_EQ(3u, invite.files);
  EXPECT_EQ(300u, invite.bytes);
  EXPECT_EQ(2u, invite.studies);
  UploadRecord upload;
  ASSERT_TRUE(store().Invites().GetUpload("upl_1", upload));
  EXPECT_EQ(3u, upload.files);
  EXPECT_EQ(1300, upload.updatedAt);
  EXPECT_EQ((std::vector<std::string>{"orthanc-study-s1", "orthanc-study-s2"}),
            store().Invites().StudiesOfUpload("upl_1"));

  EXPECT_EQ((std::vector<std::string>{"1.1", "1.3"}), store().Invites().Have("inv_a", {"1.1", "9.9", "1.3"}));
  EXPECT_TRUE(store().Invites().Have("inv_b", {"1.1"}).empty());
  const auto found = store().Invites().FindInstance("inv_a", "1.3");
  ASSERT_TRUE(found);
  EXPECT_EQ("orthanc-1.3", found->orthancId);
  EXPECT_TRUE(store().Invites().HasStudy("inv_a", "2.25.7s2"));
  EXPECT_FALSE(store().Invites().HasStudy("inv_a", "2.25.7s3"));
}

TEST_P(StoreContract, FinishedUploadsKnowTheirDeliveriesAndIdleOnesAreFound)
{
  store().Invites().Create(MakeInvite("inv_a", 1000));
  store().Invites().CreateUpload(MakeUpload("upl_1", "inv_a", 1000));
  store().Invites().CreateUpload(MakeUpload("upl_2", "inv_a", 5000));
  EXPECT_EQ(1u, store().Invites().IdleUploads(2000).size());
  EXPECT_EQ(2u, store().Invites().IdleUploads(6000).size());

  UploadRecord upload;
  ASSERT_TRUE(store().Invites().GetUpload("upl_1", upload));
  upload.state = UploadState::Finished;
  upload.finishedAt = 3000;
  upload.deliveries = {"dlv_1", "dlv_2"};
  store().Invites().UpdateUpload(upload);
  Reopen();
  EXPECT_EQ(1u, store().Invites().IdleUploads(6000).size());
  const auto of = store().Invites().UploadOfDelivery("dlv_2");
  ASSERT_TRUE(of);
  EXPECT_EQ("upl_1", of->id);
  EXPECT_EQ(UploadState::Finished, of->state);
  EXPECT_EQ(3000, of->finishedAt);
  EXPECT_FALSE(store().Invites().UploadOfDelivery("dlv_3"));
  const auto open = store().Invites().OpenUpload("inv_a");
  ASSERT_TRUE(open);
  EXPECT_EQ("upl_2", open->id);
  EXPECT_EQ(2u, store().Invites().ListUploads("inv_a").size());
}
