#include "Intake/ClientAddress.h"

#include <arpa/inet.h>

namespace Ratatoskr::Intake
{
  namespace
  {
    bool IsIpAddress(const std::string& text)
    {
      unsigned char address[16];
      return inet_pton(AF_INET, text.c_str(), address) == 1 || inet_pton(AF_INET6, text.c_str(), address) == 1;
    }

    std::string Trimmed(const std::string& text)
    {
      const size_t first = text.find_first_not_of(" \t");
      const size_t last = text.find_last_not_of(" \t");
      return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
    }
  }

  std::string ClientAddressOf(const PublicRequest& request, bool trustForwardedFor)
  {
    if (trustForwardedFor)
    {
      const std::string forwarded = request.Header("x-forwarded-for");
      const size_t comma = forwarded.rfind(',');
      const std::string last = Trimmed(comma == std::string::npos ? forwarded : forwarded.substr(comma + 1));
      if (!last.empty() && IsIpAddress(last))
      {
        return last;
      }
    }
    return request.remoteIp;
  }
}
