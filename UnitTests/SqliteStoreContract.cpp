#include "Store/Sqlite/SqliteStore.h"
#include "StoreContract.h"

using namespace Ratatoskr;
using namespace Ratatoskr::Tests;

// The store contract on SQLite: one database file in the test's folder.
INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContract, ::testing::Values(StoreBackend{"Sqlite",
  [](const std::filesystem::path& place) -> std::unique_ptr<Store>
  {
    return std::make_unique<SqliteStore>((place / "ratatoskr.db").string());
  }}),
  [](const ::testing::TestParamInfo<StoreBackend>& info) { return info.param.name; });
