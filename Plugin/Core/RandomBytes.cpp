#include "Core/RandomBytes.h"

#include "Core/Crypto.h"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace Ratatoskr::Core
{
  std::string RandomBytes(size_t count)
  {
    std::vector<unsigned char> bytes(count);
    if (count > 0 && RAND_bytes(bytes.data(), static_cast<int>(count)) != 1)
    {
      throw std::runtime_error("the random generator failed");
    }
    return std::string(bytes.begin(), bytes.end());
  }

  std::string RandomHex(size_t count)
  {
    return Crypto::ToHex(RandomBytes(count));
  }
}
