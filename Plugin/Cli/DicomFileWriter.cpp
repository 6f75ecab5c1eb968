#include "Cli/DicomFileWriter.h"

#include "Cli/AtomicOutputFile.h"
#include "Cli/DescriptorOutputStream.h"

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

    // As Core::DicomBuffer::Write does for the plugin: the dataset's current transfer syntax (the one
    // it was read with, unless the engine had to decode pixels to mask them).
    E_TransferSyntax OutputTransferSyntax(DcmFileFormat& file)
    {
      const E_TransferSyntax current = file.getDataset()->getCurrentXfer();
      return current != EXS_Unknown ? current : EXS_LittleEndianExplicit;
    }
  }

  uintmax_t SaveAtomically(DcmFileFormat& file, const std::string& path)
  {
    AtomicOutputFile output(path);
    size_t size = 0;
    {
      // What DcmFileFormat::saveFile does (same arguments, write cache for values still on disk),
      // on a stream of our own instead of stdio.
      DcmWriteCache cache;
      DescriptorOutputStream stream(output.Descriptor(), WriteBuffer);
      file.transferInit();
      OFCondition status = file.write(stream, OutputTransferSyntax(file), EET_ExplicitLength, &cache, EGL_withoutGL,
                                      EPD_noChange, 0, 0, 0, EWM_updateMeta);
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
