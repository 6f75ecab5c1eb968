#pragma once

#include "Orthanc/PublicHttp.h"

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

namespace Ratatoskr
{
  class Host;

  class PublicServerError : public std::runtime_error
  {
  public:
    explicit PublicServerError(const std::string& message) : std::runtime_error(message) {}
  };

  struct PublicServerSettings
  {
    std::string bindAddress = "127.0.0.1";  // an IPv4 address ("0.0.0.0": every interface)
    std::uint16_t port = 8043;
    unsigned int threads = 8;
    unsigned int requestTimeoutSeconds = 30;
    std::string certificate;  // PEM files; both empty: plain HTTP
    std::string privateKey;
  };

  // The plugin's second HTTP listener, for the public upload page: a civetweb server of its own (the same
  // shared libcivetweb Orthanc runs on), independent of Orthanc's HTTP server, its authentication and its
  // threads. Orthanc's Framework HttpServer is not used: in 1.10.1 it cannot answer 429 (HttpStatus has no
  // such value), reads a whole declared body into memory before any handler sees it (a multipart/form-data
  // one even without a chunked reader), listens on every interface, and sends 401 and 405 without the
  // headers and body of the handler. Here every answer is the site's, and a body is read only once admitted,
  // never past its limit.
  class PublicHttpServer
  {
  public:
    PublicHttpServer(const Host& host, PublicServerSettings settings, PublicRequestHandler& handler);
    ~PublicHttpServer();  // stops
    PublicHttpServer(const PublicHttpServer&) = delete;
    PublicHttpServer& operator=(const PublicHttpServer&) = delete;

    // Listens; throws PublicServerError saying why it cannot (port in use, unreadable certificate...).
    void Start();
    // Closes the port and waits for the requests in progress (at most the request timeout). Idempotent.
    void Stop();
    bool IsRunning() const;
    const PublicServerSettings& Settings() const { return settings_; }

  private:
    struct Impl;
    PublicServerSettings settings_;
    std::unique_ptr<Impl> impl_;
  };
}
