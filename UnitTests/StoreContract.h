#pragma once

#include "Store/Store.h"
#include "TemporaryFolder.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

// The contract every backend of the store keeps (Plugin/Store/*.h), written once and run on each backend:
// SqliteStoreContract.cpp instantiates it for SQLite; a PostgreSQL backend adds its own instantiation.
namespace Ratatoskr::Tests
{
  struct StoreBackend
  {
    std::string name;
    // Opens the store kept in `place` (a new folder of the test: a file there, or a database named after
    // it); opening the same place again gives the same data.
    std::function<std::unique_ptr<Store>(const std::filesystem::path& place)> open;
  };

  inline std::ostream& operator<<(std::ostream& out, const StoreBackend& backend) { return out << backend.name; }

  class StoreContract : public ::testing::TestWithParam<StoreBackend>
  {
  protected:
    void SetUp() override { store_ = GetParam().open(folder_.Path()); }

    Store& store() { return *store_; }

    // Closes the store and opens it again: what was committed must still be there.
    void Reopen()
    {
      store_.reset();
      store_ = GetParam().open(folder_.Path());
    }

  private:
    TemporaryFolder folder_;
    std::unique_ptr<Store> store_;
  };

  // A delivery of `instances` instances in two batches, created at `now` and due then.
  DeliveryRecord MakeDelivery(const std::string& id, unsigned int instances, StoreTime now);

  // A Pending event due at `now`.
  OutboxEntry MakeEvent(const std::string& id, const std::string& webhook, const std::string& orderingKey,
                        StoreTime now);

  // Expects `call` to throw a StoreError of `kind`; returns its message.
  std::string ExpectStoreError(StoreError::Kind kind, const std::function<void()>& call);
}
