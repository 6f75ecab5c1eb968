#include "Cli/DicomFileWriter.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <filesystem>
#include <stdexcept>

namespace Ratatoskr::Cli
{
  namespace fs = std::filesystem;

  namespace
  {
    const char* const TemporarySuffix = ".ratatoskr-partial";

    // Removes the temporary file unless the rename happened.
    class TemporaryFile
    {
    public:
      explicit TemporaryFile(fs::path path) : path_(std::move(path)) {}
      ~TemporaryFile()
      {
        if (!released_)
        {
          std::error_code ignored;
          fs::remove(path_, ignored);
        }
      }
      TemporaryFile(const TemporaryFile&) = delete;
      TemporaryFile& operator=(const TemporaryFile&) = delete;

      const fs::path& Path() const { return path_; }
      void Release() { released_ = true; }

    private:
      fs::path path_;
      bool released_ = false;
    };

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
    const fs::path target(path);
    std::error_code error;
    if (target.has_parent_path())
    {
      fs::create_directories(target.parent_path(), error);
      if (error)
      {
        throw std::runtime_error("cannot create folder for \"" + path + "\": " + error.message());
      }
    }
    TemporaryFile temporary(fs::path(path + TemporarySuffix));
    const OFCondition status = file.saveFile(temporary.Path().c_str(), OutputTransferSyntax(file),
                                             EET_ExplicitLength, EGL_withoutGL, EPD_noChange, 0, 0,
                                             EWM_updateMeta);
    if (status.bad())
    {
      throw std::runtime_error("cannot write \"" + path + "\": " + std::string(status.text()));
    }
    const uintmax_t size = fs::file_size(temporary.Path(), error);
    fs::rename(temporary.Path(), target, error);
    if (error)
    {
      throw std::runtime_error("cannot rename the output to \"" + path + "\": " + error.message());
    }
    temporary.Release();
    return size;
  }
}
