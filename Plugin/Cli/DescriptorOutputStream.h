#pragma once

#include <dcmtk/dcmdata/dcostrma.h>

#include <cstddef>
#include <string>

// A DCMTK output stream that writes to an open file descriptor through one buffer of its own.
// DCMTK's file stream passes every tag, length and value to stdio (hundreds of locked fwrite calls
// per small file, then 4 kB write(2) calls); here a file that fits the buffer costs one write(2),
// and large pieces (pixel data) go to the descriptor without a copy. Same bytes: only the sink differs.
namespace Ratatoskr::Cli
{
  class DescriptorConsumer : public DcmConsumer
  {
  public:
    DescriptorConsumer(int descriptor, size_t bufferSize);

    OFBool good() const override;
    OFCondition status() const override;
    OFBool isFlushed() const override;
    offile_off_t avail() const override;
    offile_off_t write(const void* buffer, offile_off_t length) override;
    void flush() override;

    // errno of the first failed write(2), 0 if none.
    int Error() const { return error_; }
    // Bytes handed to the descriptor so far (after compression, if the stream deflates).
    size_t Written() const { return written_; }

  private:
    // Writes the buffered bytes, then `size` bytes of `data`, and empties the buffer.
    void WriteThrough(const char* data, size_t size);

    int descriptor_;
    size_t capacity_;
    std::string buffer_;   // reserved once, never zero-filled
    size_t written_ = 0;
    int error_ = 0;
  };

  class DescriptorOutputStream : public DcmOutputStream
  {
  public:
    DescriptorOutputStream(int descriptor, size_t bufferSize);
    ~DescriptorOutputStream() override;

    DescriptorOutputStream(const DescriptorOutputStream&) = delete;
    DescriptorOutputStream& operator=(const DescriptorOutputStream&) = delete;

    // Pushes everything out: the filter chain (a deflate filter does not flush what follows it),
    // then the buffer. Call before Error() and Written() are final.
    void Finish();

    int Error() const { return consumer_.Error(); }
    size_t Written() const { return consumer_.Written(); }

  private:
    DescriptorConsumer consumer_;
  };
}
