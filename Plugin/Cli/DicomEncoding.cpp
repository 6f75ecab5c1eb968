#include "Cli/DicomEncoding.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcostrmb.h>

#include <stdexcept>
#include <vector>

namespace Ratatoskr::Cli
{
  namespace
  {
    const size_t EncodeChunk = 256 * 1024;

    void TakeBuffer(DcmOutputBufferStream& stream, const OutputSink& sink)
    {
      void* buffer = nullptr;
      offile_off_t length = 0;
      stream.flushBuffer(buffer, length);
      if (length > 0)
      {
        sink(static_cast<const char*>(buffer), static_cast<size_t>(length));
      }
    }
  }

  E_TransferSyntax OutputTransferSyntax(DcmFileFormat& file)
  {
    const E_TransferSyntax current = file.getDataset()->getCurrentXfer();
    return current != EXS_Unknown ? current : EXS_LittleEndianExplicit;
  }

  OFCondition WriteForOutput(DcmFileFormat& file, DcmOutputStream& stream, DcmWriteCache* cache)
  {
    return file.write(stream, OutputTransferSyntax(file), EET_ExplicitLength, cache, EGL_withoutGL, EPD_noChange,
                      0, 0, 0, EWM_updateMeta);
  }

  void EncodeForOutput(DcmFileFormat& file, const OutputSink& sink)
  {
    std::vector<char> chunk(EncodeChunk);
    DcmOutputBufferStream stream(chunk.data(), chunk.size());
    file.transferInit();
    OFCondition status = EC_StreamNotifyClient;
    while (status == EC_StreamNotifyClient)   // the chunk is full: empty it, DCMTK goes on
    {
      status = WriteForOutput(file, stream, nullptr);
      TakeBuffer(stream, sink);
    }
    while (status.good() && !stream.isFlushed())   // what a compression filter (deflate) still holds
    {
      stream.flush();
      TakeBuffer(stream, sink);
    }
    file.transferEnd();
    if (status.bad())
    {
      throw std::runtime_error(status.text() == nullptr ? "unknown DCMTK error" : status.text());
    }
  }
}
