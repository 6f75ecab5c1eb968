#pragma once

#include <cstddef>
#include <string>

namespace Ratatoskr::Core
{
  // Cryptographically strong random bytes (OpenSSL RAND_bytes) as lower-case hex, 2 * count characters.
  // Throws std::runtime_error if the generator fails.
  std::string RandomHex(size_t count);
}
