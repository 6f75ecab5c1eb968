#include "StoreContract.h"

namespace Ratatoskr::Tests
{
  DeliveryRecord MakeDelivery(const std::string& id, unsigned int instances, StoreTime now)
  {
    DeliveryRecord d;
    d.id = id;
    d.study = "study-" + id;
    d.studyInstanceUid = "2.25.1000." + std::to_string(now);
    d.destination = "pacscenter";
    d.jobId = "job-" + id;
    d.state = DeliveryState::Pending;
    d.nextAttemptAt = now;
    d.createdAt = now;
    d.updatedAt = now;
    DeliveryBatch first, second;
    first.number = 0;
    second.number = 1;
    for (unsigned int i = 0; i < instances; i++)
    {
      ExpectedInstance instance;
      instance.sopInstanceUid = "2.25.2000." + std::to_string(i);
      instance.orthancId = "instance-" + id + "-" + std::to_string(i);
      d.instances.push_back(instance);
      (i % 2 == 0 ? first : second).instances.push_back(instance.orthancId);
    }
    d.batches = {first, second};
    return d;
  }

  OutboxEntry MakeEvent(const std::string& id, const std::string& webhook, const std::string& orderingKey,
                        StoreTime now)
  {
    OutboxEntry e;
    e.id = id;
    e.webhook = webhook;
    e.eventType = "case.delivered";
    e.payload = "{\"type\":\"case.delivered\",\"data\":{\"id\":\"" + id + "\"}}";
    e.orderingKey = orderingKey;
    e.nextAttemptAt = now;
    e.createdAt = now;
    e.updatedAt = now;
    return e;
  }

  std::string ExpectStoreError(StoreError::Kind kind, const std::function<void()>& call)
  {
    try
    {
      call();
    }
    catch (const StoreError& e)
    {
      EXPECT_EQ(ToString(kind), std::string(ToString(e.GetKind()))) << e.what();
      return e.what();
    }
    ADD_FAILURE() << "no StoreError(" << ToString(kind) << ") was thrown";
    return "";
  }
}
