#pragma once

#include <cstddef>
#include <string>

namespace Ratatoskr::Core
{
  // `count` cryptographically strong random bytes (OpenSSL RAND_bytes).
  // Throws std::runtime_error if the generator fails.
  std::string RandomBytes(size_t count);

  // The same as lower-case hex, 2 * count characters.
  std::string RandomHex(size_t count);
}
