#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace Ratatoskr
{
  struct OutgoingHttpRequest
  {
    std::string method = "POST";                              // GET, POST, PUT, DELETE
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    unsigned int timeoutSeconds = 15;                         // whole exchange, connection included
  };

  struct HttpExchange
  {
    int status = 0;                               // 0: no HTTP answer (see transportError)
    std::map<std::string, std::string> headers;   // of the answer, keys lower-cased (Retry-After...)
    std::string body;                             // of the answer, whatever its status (bounded)
    std::string transportError;                   // connection refused, timeout, TLS failure...

    bool Answered() const { return status != 0; }
  };

  // Outgoing HTTP (webhooks). Never throws for what the network or the peer does: a refused connection,
  // a timeout or a 500 is an HttpExchange like any other; redirects are not followed (a 3xx is an answer).
  class HttpClient
  {
  public:
    virtual ~HttpClient() = default;
    virtual HttpExchange Send(const OutgoingHttpRequest& request) const = 0;
  };
}
