#pragma once

#include "Store/DeliveryStore.h"

namespace Ratatoskr::Sqlite
{
  class Connection;

  // SQL of the deliveries; runs inside the transaction its caller opened.
  class Deliveries : public DeliveryStore
  {
  public:
    explicit Deliveries(Connection& connection) : connection_(connection) {}

    void Create(const DeliveryRecord& delivery) override;
    bool Get(const std::string& id, DeliveryRecord& delivery) override;
    std::vector<DeliverySummary> List(const DeliveryFilter& filter) override;
    unsigned int Count(DeliveryState state) override;
    DeliveryStatistics Statistics() override;
    bool Update(const DeliveryRecord& delivery) override;
    std::vector<DeliveryRecord> ClaimDue(StoreTime now, StoreTime leaseUntil, unsigned int limit) override;
    unsigned int ReleaseClaims(StoreTime now) override;

  private:
    bool FindSequence(const std::string& id, std::int64_t& sequence);
    void LoadDetails(DeliveryRecord& delivery);
    void InsertBatches(std::int64_t sequence, const std::vector<DeliveryBatch>& batches);

    Connection& connection_;
  };
}
