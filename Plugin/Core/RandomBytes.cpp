#include "Core/RandomBytes.h"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace Ratatoskr::Core
{
  std::string RandomHex(size_t count)
  {
    std::vector<unsigned char> bytes(count);
    if (count > 0 && RAND_bytes(bytes.data(), static_cast<int>(count)) != 1)
    {
      throw std::runtime_error("the random generator failed");
    }
    static const char digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(2 * count);
    for (unsigned char b : bytes)
    {
      hex.push_back(digits[b >> 4]);
      hex.push_back(digits[b & 0x0f]);
    }
    return hex;
  }
}
