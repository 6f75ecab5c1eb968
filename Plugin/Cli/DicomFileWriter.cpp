#include "Cli/DicomFileWriter.h"

#include "Cli/AtomicOutputFile.h"
#include "Cli/DescriptorOutputStream.h"
#include "Cli/DicomEncoding.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcwcache.h>

#include <stdexcept>
#include <system_error>

namespace Ratatoskr::Cli
{
  namespace
  {
    // A small instance is written with one system call; larger values go straight to the file.
    const size_t WriteBuffer = 256 * 1024;
  }

  uintmax_t SaveAtomically(DcmFileFormat& file, const std::string& path)
  {
    AtomicOutputFile output(path);
    size_t size = 0;
    {
      // On a stream of our own instead of stdio, with a write cache for values still on disk.
      DcmWriteCache cache;
      DescriptorOutputStream stream(output.Descriptor(), WriteBuffer);
      file.transferInit();
      OFCondition status = WriteForOutput(file, stream, &cache);
      file.transferEnd();
      stream.Finish();
      if (stream.Error() != 0)
      {
        throw std::runtime_error("cannot write \"" + path + "\": " + std::system_category().message(stream.Error()));
      }
      if (status.bad())
      {
        throw std::runtime_error("cannot write \"" + path + "\": " + std::string(status.text()));
      }
      size = stream.Written();
    }
    output.Commit();
    return static_cast<uintmax_t>(size);
  }
}
