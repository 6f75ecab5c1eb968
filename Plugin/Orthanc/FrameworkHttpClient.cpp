#include <OrthancFramework.h>

#include "Orthanc/FrameworkHttpClient.h"

#include "Orthanc/ExceptionText.h"

#include <HttpClient.h>

#include <boost/algorithm/string/case_conv.hpp>
#include <boost/filesystem.hpp>

#include <memory>

namespace Ratatoskr
{
  namespace
  {
    const size_t MaxAnswerBytes = 64 * 1024;  // of a receiver's answer: enough for a reason, no more in memory
    const char* const DebianCaBundle = "/etc/ssl/certs/ca-certificates.crt";

    class Collector : public Orthanc::HttpClient::IAnswer
    {
    public:
      explicit Collector(HttpExchange& exchange) : exchange_(exchange) {}

      void AddHeader(const std::string& key, const std::string& value) override
      {
        exchange_.headers[boost::algorithm::to_lower_copy(key)] = value;
      }

      void AddChunk(const void* data, size_t size) override
      {
        const size_t room = MaxAnswerBytes - std::min(MaxAnswerBytes, exchange_.body.size());
        exchange_.body.append(static_cast<const char*>(data), std::min(room, size));
      }

    private:
      HttpExchange& exchange_;
    };

    Orthanc::HttpMethod Method(const std::string& name)
    {
      if (name == "GET") return Orthanc::HttpMethod_Get;
      if (name == "PUT") return Orthanc::HttpMethod_Put;
      if (name == "DELETE") return Orthanc::HttpMethod_Delete;
      return Orthanc::HttpMethod_Post;
    }
  }

  FrameworkHttpClient::FrameworkHttpClient(bool verifyPeers, const std::string& caCertificates)
    : verifyPeers_(verifyPeers), caCertificates_(caCertificates)
  {
    if (caCertificates_.empty() && boost::filesystem::exists(DebianCaBundle))
    {
      caCertificates_ = DebianCaBundle;
    }
  }

  HttpExchange FrameworkHttpClient::Send(const OutgoingHttpRequest& request) const
  {
    HttpExchange exchange;
    std::unique_ptr<Orthanc::HttpClient> client;
    try
    {
      client = std::make_unique<Orthanc::HttpClient>();
      client->SetUrl(request.url);
      client->SetMethod(Method(request.method));
      client->SetTimeout(static_cast<long>(request.timeoutSeconds));
      client->SetRedirectionFollowed(false);
      client->SetHttpsVerifyPeers(verifyPeers_);
      client->SetHttpsCACertificates(caCertificates_);
      client->AddHeader("Expect", "");  // no 100-continue round trip
      for (const auto& header : request.headers)
      {
        client->AddHeader(header.first, header.second);
      }
      if (request.method == "POST" || request.method == "PUT")
      {
        client->AssignBody(request.body);
      }
      Collector collector(exchange);
      client->Apply(collector);  // false for a non-2xx answer, which is still an answer
      exchange.status = static_cast<int>(client->GetLastStatus());
    }
    catch (...)
    {
      // The framework sets the status once an answer has come, then names it for its error log, and throws
      // ParameterOutOfRange for a status its enumeration lacks (1.10.1 knows no 429 Too Many Requests): that is
      // still an answer, whose headers (Retry-After) and body the collector holds. Anything else is curl's
      // failure: no connection, timeout, TLS...
      const int status = client ? static_cast<int>(client->GetLastStatus()) : 0;
      if (status >= 100 && status <= 599)
      {
        exchange.status = status;
      }
      else
      {
        exchange.status = 0;
        exchange.headers.clear();
        exchange.body.clear();
        exchange.transportError = DescribeCurrentException();
      }
    }
    return exchange;
  }
}
