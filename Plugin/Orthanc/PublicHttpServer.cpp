#include "Orthanc/PublicHttpServer.h"

#include "Orthanc/ExceptionText.h"
#include "Orthanc/Host.h"

#include <civetweb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <vector>

namespace Ratatoskr
{
  namespace
  {
    constexpr size_t ReadChunkBytes = 64 * 1024;

    const char* ReasonPhrase(int status)
    {
      switch (status)
      {
        case 200: return "OK";
        case 204: return "No Content";
        case 302: return "Found";
        case 304: return "Not Modified";
        case 400: return "Bad Request";
        case 401: return "Unauthorized";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 409: return "Conflict";
        case 410: return "Gone";
        case 413: return "Payload Too Large";
        case 415: return "Unsupported Media Type";
        case 422: return "Unprocessable Entity";
        case 429: return "Too Many Requests";
        case 500: return "Internal Server Error";
        case 503: return "Service Unavailable";
        default: return "Status";
      }
    }

    int HexValue(char c)
    {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    }

    // Query-string decoding: %XX and '+' for a space; a malformed escape stays as it is.
    std::string DecodeQueryComponent(const std::string& text)
    {
      std::string decoded;
      for (size_t i = 0; i < text.size(); i++)
      {
        if (text[i] == '+')
        {
          decoded += ' ';
        }
        else if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0)
        {
          decoded += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
          i += 2;
        }
        else
        {
          decoded += text[i];
        }
      }
      return decoded;
    }

    std::map<std::string, std::string> ParseQuery(const char* query)
    {
      std::map<std::string, std::string> arguments;
      const std::string text = query == nullptr ? "" : query;
      size_t start = 0;
      while (start < text.size())
      {
        size_t end = text.find('&', start);
        if (end == std::string::npos)
        {
          end = text.size();
        }
        const std::string pair = text.substr(start, end - start);
        const size_t equal = pair.find('=');
        if (!pair.empty())
        {
          arguments.emplace(DecodeQueryComponent(pair.substr(0, equal)),
                            equal == std::string::npos ? "" : DecodeQueryComponent(pair.substr(equal + 1)));
        }
        start = end + 1;
      }
      return arguments;
    }

    HttpMethod MethodOf(const std::string& name)
    {
      if (name == "POST") return HttpMethod::Post;
      if (name == "PUT") return HttpMethod::Put;
      if (name == "DELETE") return HttpMethod::Delete;
      return HttpMethod::Get;
    }

    // Header values are ours, but a line break in one would start a header of its own.
    std::string OneLine(const std::string& value)
    {
      std::string line;
      for (char c : value)
      {
        if (c != '\r' && c != '\n')
        {
          line += c;
        }
      }
      return line;
    }

    bool WriteAll(mg_connection* connection, const char* data, size_t size)
    {
      while (size > 0)
      {
        const size_t part = std::min<size_t>(size, 1 << 30);
        if (mg_write(connection, data, part) != static_cast<int>(part))
        {
          return false;  // the client went away
        }
        data += part;
        size -= part;
      }
      return true;
    }

    void Send(mg_connection* connection, const PublicResponse& response, bool headRequest)
    {
      std::string head = "HTTP/1.1 " + std::to_string(response.status) + " " + ReasonPhrase(response.status) + "\r\n";
      if (!response.contentType.empty())
      {
        head += "Content-Type: " + OneLine(response.contentType) + "\r\n";
      }
      head += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
      head += "Connection: close\r\n";
      for (const auto& header : response.headers)
      {
        head += OneLine(header.first) + ": " + OneLine(header.second) + "\r\n";
      }
      head += "\r\n";
      if (WriteAll(connection, head.data(), head.size()) && !headRequest && response.status != 304)
      {
        WriteAll(connection, response.body.data(), response.body.size());
      }
    }

    PublicResponse BareInternalError()
    {
      PublicResponse response;
      response.status = 500;
      response.contentType = "text/plain; charset=utf-8";
      response.body = "Internal error";
      return response;
    }

    std::string Lowered(std::string text)
    {
      std::transform(text.begin(), text.end(), text.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      return text;
    }

    bool DeclaresChunkedBody(const PublicRequest& request)
    {
      return Lowered(request.Header("transfer-encoding")).find("chunked") != std::string::npos;
    }

    std::string OpenSslErrors()
    {
      std::string text;
      for (unsigned long code = ERR_get_error(); code != 0; code = ERR_get_error())
      {
        char message[256];
        ERR_error_string_n(code, message, sizeof(message));
        text += (text.empty() ? "" : "; ") + std::string(message);
      }
      return text.empty() ? "unknown OpenSSL error" : text;
    }
  }

  struct PublicHttpServer::Impl
  {
    const Host& host;
    const PublicServerSettings& settings;
    PublicRequestHandler& handler;
    mg_context* context = nullptr;
    std::mutex startMutex;     // guards the two below (civetweb reports from its own threads too)
    bool starting = false;
    std::string startProblem;  // what civetweb or OpenSSL said while starting (only then: bounded)

    Impl(const Host& h, const PublicServerSettings& s, PublicRequestHandler& r) : host(h), settings(s), handler(r) {}

    void NoteProblem(const std::string& text)
    {
      std::lock_guard<std::mutex> lock(startMutex);
      if (starting)
      {
        startProblem += (startProblem.empty() ? "" : "; ") + text;
      }
    }

    void SetStarting(bool value)
    {
      std::lock_guard<std::mutex> lock(startMutex);
      starting = value;
      if (value)
      {
        startProblem.clear();
      }
    }

    PublicRequest ReadRequestHead(const mg_request_info& info) const
    {
      PublicRequest request;
      request.methodName = info.request_method == nullptr ? "" : info.request_method;
      request.method = MethodOf(request.methodName);
      request.path = info.local_uri == nullptr ? "" : info.local_uri;
      request.arguments = ParseQuery(info.query_string);
      request.remoteIp = info.remote_addr;
      request.contentLength = info.content_length;
      for (int i = 0; i < info.num_headers; i++)
      {
        const std::string name = Lowered(info.http_headers[i].name == nullptr ? "" : info.http_headers[i].name);
        const std::string value = info.http_headers[i].value == nullptr ? "" : info.http_headers[i].value;
        auto inserted = request.headers.emplace(name, value);
        if (!inserted.second)
        {
          inserted.first->second += ", " + value;  // one field value, as RFC 9110 combines repeated fields
        }
      }
      return request;
    }

    // Reads the body up to maxBytes; false when it is larger (`tooLarge`) or the client broke off.
    bool ReadBody(mg_connection* connection, PublicRequest& request, std::uint64_t maxBytes, bool& tooLarge) const
    {
      tooLarge = false;
      if (request.contentLength > 0)
      {
        request.body.reserve(static_cast<size_t>(request.contentLength));
      }
      std::vector<char> chunk(ReadChunkBytes);
      for (;;)
      {
        const int n = mg_read(connection, chunk.data(), chunk.size());
        if (n == 0)
        {
          return true;
        }
        if (n < 0)
        {
          return false;  // timed out or disconnected: nobody left to answer
        }
        if (request.body.size() + static_cast<size_t>(n) > maxBytes)
        {
          tooLarge = true;
          return false;
        }
        request.body.append(chunk.data(), static_cast<size_t>(n));
      }
    }

    void Serve(mg_connection* connection)
    {
      const mg_request_info* info = mg_get_request_info(connection);
      if (info == nullptr)
      {
        return;
      }
      PublicRequest request = ReadRequestHead(*info);
      const bool headRequest = request.methodName == "HEAD";
      PublicResponse response;
      try
      {
        const std::optional<std::uint64_t> maxBody = handler.Admit(request, response);
        if (!maxBody)
        {
          Send(connection, response, headRequest);
          return;
        }
        const bool hasBody = request.contentLength > 0 || DeclaresChunkedBody(request);
        if (hasBody)
        {
          bool tooLarge = false;
          if (request.contentLength > 0 && static_cast<std::uint64_t>(request.contentLength) > *maxBody)
          {
            tooLarge = true;  // refused before a byte of it is read
          }
          else
          {
            if (Lowered(request.Header("expect")) == "100-continue")
            {
              // Admitted: curl and the like wait for this before sending a large body (civetweb leaves it to us).
              static const char continueLine[] = "HTTP/1.1 100 Continue\r\n\r\n";
              WriteAll(connection, continueLine, sizeof(continueLine) - 1);
            }
            if (!ReadBody(connection, request, *maxBody, tooLarge) && !tooLarge)
            {
              return;
            }
          }
          if (tooLarge)
          {
            request.body.clear();
            handler.RefuseBody(request, *maxBody, response);
            Send(connection, response, headRequest);
            return;
          }
        }
        handler.Handle(request, response);
      }
      catch (...)
      {
        host.LogError("Ratatoskr: public listener: " + DescribeCurrentException());
        response = BareInternalError();
      }
      Send(connection, response, headRequest);
    }

    static Impl* Of(const mg_connection* connection)
    {
      return static_cast<Impl*>(mg_get_user_data(mg_get_context(connection)));
    }

    static int BeginRequest(mg_connection* connection)
    {
      try
      {
        if (Impl* impl = Of(connection))
        {
          impl->Serve(connection);
        }
      }
      catch (...)  // a C callback of civetweb: nothing may leave it
      {
      }
      return 1;  // answered: civetweb does nothing else with the request
    }

    static int LogMessage(const mg_connection* connection, const char* message)
    {
      try
      {
        Impl* impl = connection == nullptr ? nullptr : Of(connection);
        if (impl != nullptr && message != nullptr)
        {
          impl->NoteProblem(message);
          // Per connection (TLS handshakes of scanners, clients going away): not errors of the plugin.
          impl->host.LogInfo(std::string("Ratatoskr: public listener: ") + message);
        }
      }
      catch (...)
      {
      }
      return 1;  // not to civetweb's stderr
    }

    // The certificate and its key from their own files, and TLS 1.2 at least.
    static int InitSsl(void* sslContext, void* userData)
    {
      try
      {
        Impl* impl = static_cast<Impl*>(userData);
        SSL_CTX* ctx = static_cast<SSL_CTX*>(sslContext);
        const std::string& certificate = impl->settings.certificate;
        const std::string& key = impl->settings.privateKey.empty() ? certificate : impl->settings.privateKey;
        ERR_clear_error();
        if (SSL_CTX_use_certificate_chain_file(ctx, certificate.c_str()) != 1)
        {
          impl->NoteProblem("cannot read the certificate " + certificate + ": " + OpenSslErrors());
          return -1;
        }
        if (SSL_CTX_use_PrivateKey_file(ctx, key.c_str(), SSL_FILETYPE_PEM) != 1)
        {
          impl->NoteProblem("cannot read the private key " + key + ": " + OpenSslErrors());
          return -1;
        }
        if (SSL_CTX_check_private_key(ctx) != 1)
        {
          impl->NoteProblem("the private key " + key + " does not match the certificate " + certificate);
          return -1;
        }
        if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1)
        {
          impl->NoteProblem("cannot require TLS 1.2: " + OpenSslErrors());
          return -1;
        }
        return 1;  // set up here: civetweb loads no certificate itself
      }
      catch (...)
      {
        return -1;
      }
    }
  };

  PublicHttpServer::PublicHttpServer(const Host& host, PublicServerSettings settings, PublicRequestHandler& handler)
    : settings_(std::move(settings)), impl_(std::make_unique<Impl>(host, settings_, handler))
  {
  }

  PublicHttpServer::~PublicHttpServer()
  {
    Stop();
  }

  bool PublicHttpServer::IsRunning() const
  {
    return impl_->context != nullptr;
  }

  void PublicHttpServer::Start()
  {
    if (impl_->context != nullptr)
    {
      return;
    }
    const bool tls = !settings_.certificate.empty();
    const std::string ports = settings_.bindAddress + ":" + std::to_string(settings_.port) + (tls ? "s" : "");
    const std::string threads = std::to_string(settings_.threads);
    const std::string timeout = std::to_string(settings_.requestTimeoutSeconds * 1000ULL);
    std::vector<const char*> options = {
      "listening_ports", ports.c_str(),
      "num_threads", threads.c_str(),
      "request_timeout_ms", timeout.c_str(),  // the whole request head, and each wait for body bytes
      "enable_keep_alive", "no",              // one request per connection: no idle connection holds a thread
      "tcp_nodelay", "1",
    };
    if (tls)
    {
      options.push_back("ssl_protocol_version");
      options.push_back("4");  // TLS 1.2 and newer (InitSsl sets it too)
    }
    options.push_back(nullptr);

    mg_callbacks callbacks{};
    callbacks.begin_request = &Impl::BeginRequest;
    callbacks.log_message = &Impl::LogMessage;
    if (tls)
    {
      callbacks.init_ssl = &Impl::InitSsl;
    }
    impl_->SetStarting(true);
    unsigned code = 0;
    char text[512] = {0};
    mg_error_data error{&code, text, sizeof(text)};
    mg_init_data init{&callbacks, impl_.get(), options.data()};
    impl_->context = mg_start2(&init, &error);
    impl_->SetStarting(false);
    if (impl_->context == nullptr)
    {
      std::string why = text;
      {
        std::lock_guard<std::mutex> lock(impl_->startMutex);
        if (!impl_->startProblem.empty())
        {
          why += (why.empty() ? "" : ": ") + impl_->startProblem;
        }
      }
      if (tls && why.find("load_tls_dll") != std::string::npos)
      {
        // Seen with Debian 12's libcivetweb 1.15: it loads libssl at run time and asks for OpenSSL 1.1 functions
        // (SSL_get_peer_certificate) that OpenSSL 3 no longer exports.
        why = "this libcivetweb cannot use the OpenSSL it finds (" + why + "): leave \"Certificate\" empty and "
              "terminate TLS at a reverse proxy";
      }
      throw PublicServerError("cannot listen on " + settings_.bindAddress + ":" + std::to_string(settings_.port) +
                              (tls ? " with TLS" : "") + (why.empty() ? "" : " (" + why + ")"));
    }
  }

  void PublicHttpServer::Stop()
  {
    if (impl_->context != nullptr)
    {
      mg_stop(impl_->context);
      impl_->context = nullptr;
    }
  }
}
