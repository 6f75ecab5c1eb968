#include "Cli/DescriptorOutputStream.h"

#include <dcmtk/dcmdata/dcerror.h>

#include <cerrno>
#include <sys/uio.h>
#include <unistd.h>

namespace Ratatoskr::Cli
{
  namespace
  {
    // What DCMTK's file consumer announces: the stream never has to wait for room.
    const offile_off_t Unlimited = 1024 * 1024 * 1024;
    // Pieces this large (pixel data comes in 64 kB pieces from DCMTK's write cache) are not copied
    // into the buffer: they go out together with what it holds, in one writev(2).
    const size_t DirectSize = 32 * 1024;
  }

  DescriptorConsumer::DescriptorConsumer(int descriptor, size_t bufferSize) :
    descriptor_(descriptor),
    capacity_(bufferSize)
  {
    buffer_.reserve(capacity_);
  }

  OFBool DescriptorConsumer::good() const
  {
    return error_ == 0;
  }

  OFCondition DescriptorConsumer::status() const
  {
    return error_ == 0 ? EC_Normal : EC_InvalidStream;   // the reason is in Error()
  }

  OFBool DescriptorConsumer::isFlushed() const
  {
    return buffer_.empty();
  }

  offile_off_t DescriptorConsumer::avail() const
  {
    return Unlimited;
  }

  void DescriptorConsumer::WriteThrough(const char* data, size_t size)
  {
    // The buffered bytes first, then `data`, without copying `data`; partial writes continue.
    struct iovec parts[2] = {{buffer_.data(), buffer_.size()}, {const_cast<char*>(data), size}};
    size_t first = 0;
    const auto skipDone = [&parts, &first]() {
      while (first < 2 && parts[first].iov_len == 0)
      {
        ++first;
      }
    };
    skipDone();
    while (first < 2 && error_ == 0)
    {
      const ssize_t written = ::writev(descriptor_, parts + first, static_cast<int>(2 - first));
      if (written < 0 && errno == EINTR)
      {
        continue;
      }
      if (written <= 0)
      {
        error_ = written < 0 ? errno : EIO;
        break;
      }
      written_ += static_cast<size_t>(written);
      size_t done = static_cast<size_t>(written);
      for (; first < 2 && done >= parts[first].iov_len; ++first)
      {
        done -= parts[first].iov_len;
      }
      if (first < 2)
      {
        parts[first].iov_base = static_cast<char*>(parts[first].iov_base) + done;
        parts[first].iov_len -= done;
      }
      skipDone();
    }
    buffer_.clear();   // keeps the capacity
  }

  offile_off_t DescriptorConsumer::write(const void* buffer, offile_off_t length)
  {
    // Everything is accepted: after an error the rest is dropped and status() reports it, as the
    // caller checks the stream's status after writing.
    if (length <= 0 || buffer == nullptr)
    {
      return 0;
    }
    const size_t size = static_cast<size_t>(length);
    if (size >= DirectSize || size > capacity_ - buffer_.size())
    {
      WriteThrough(static_cast<const char*>(buffer), size);
    }
    else
    {
      buffer_.append(static_cast<const char*>(buffer), size);
    }
    return length;
  }

  void DescriptorConsumer::flush()
  {
    WriteThrough(nullptr, 0);
  }

  DescriptorOutputStream::DescriptorOutputStream(int descriptor, size_t bufferSize) :
    DcmOutputStream(&consumer_),   // as DCMTK's own streams do: the base only keeps the pointer
    consumer_(descriptor, bufferSize)
  {
  }

  DescriptorOutputStream::~DescriptorOutputStream()
  {
    Finish();   // while the consumer still exists
  }

  void DescriptorOutputStream::Finish()
  {
    flush();
    consumer_.flush();
  }
}
