#pragma once

#include <orthanc/OrthancCPlugin.h>

#include <string>

namespace Ratatoskr
{
  // RAII owner of a string allocated by the Orthanc SDK.
  class SdkString
  {
  public:
    SdkString(OrthancPluginContext* context, char* s) : context_(context), s_(s) {}
    ~SdkString() { if (s_ != nullptr) OrthancPluginFreeString(context_, s_); }
    SdkString(const SdkString&) = delete;
    SdkString& operator=(const SdkString&) = delete;

    std::string Str() const { return s_ == nullptr ? std::string() : std::string(s_); }

  private:
    OrthancPluginContext* context_;
    char* s_;
  };

  // RAII owner of a memory buffer filled by the Orthanc SDK.
  class SdkBuffer
  {
  public:
    explicit SdkBuffer(OrthancPluginContext* context) : context_(context) { buffer_.data = nullptr; buffer_.size = 0; }
    ~SdkBuffer() { if (buffer_.data != nullptr) OrthancPluginFreeMemoryBuffer(context_, &buffer_); }
    SdkBuffer(const SdkBuffer&) = delete;
    SdkBuffer& operator=(const SdkBuffer&) = delete;

    OrthancPluginMemoryBuffer* Get() { return &buffer_; }
    std::string Str() const
    {
      return buffer_.data == nullptr ? std::string() : std::string(static_cast<const char*>(buffer_.data), buffer_.size);
    }

  private:
    OrthancPluginContext* context_;
    OrthancPluginMemoryBuffer buffer_;
  };
}
