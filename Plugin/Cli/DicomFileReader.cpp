#include "Cli/DicomFileReader.h"

#include "Core/DicomBuffer.h"
#include "Core/Errors.h"

#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcistrmb.h>

#include <cerrno>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace Ratatoskr::Cli
{
  namespace
  {
    const size_t SniffLength = 132;

    // Closes the descriptor when leaving scope.
    class Descriptor
    {
    public:
      explicit Descriptor(int descriptor) : descriptor_(descriptor) {}
      ~Descriptor() { Close(); }
      Descriptor(const Descriptor&) = delete;
      Descriptor& operator=(const Descriptor&) = delete;

      int Get() const { return descriptor_; }
      void Close()
      {
        if (descriptor_ >= 0)
        {
          ::close(descriptor_);
          descriptor_ = -1;
        }
      }

    private:
      int descriptor_;
    };

    // Reads up to `length` bytes from the start of the file (fewer if it is shorter).
    bool ReadPrefix(int descriptor, uintmax_t length, std::string& bytes)
    {
      bytes.resize(static_cast<size_t>(length));
      size_t done = 0;
      while (done < bytes.size())
      {
        const ssize_t count = ::read(descriptor, bytes.data() + done, bytes.size() - done);
        if (count < 0 && errno == EINTR)
        {
          continue;
        }
        if (count < 0)
        {
          return false;
        }
        if (count == 0)
        {
          break;
        }
        done += static_cast<size_t>(count);
      }
      bytes.resize(done);
      return true;
    }

    void Keep(std::unique_ptr<DcmFileFormat> file, const OFCondition& status, LoadedDicom& loaded)
    {
      if (status.good())
      {
        loaded.file = std::move(file);
      }
      else
      {
        loaded.parseError = std::string("invalid DICOM file: ") + status.text();
      }
    }

    void LoadFromDisk(const std::string& path, LoadedDicom& loaded)
    {
      auto file = std::make_unique<DcmFileFormat>();
      const OFCondition status = file->loadFile(path.c_str());
      Keep(std::move(file), status, loaded);
    }

    // What DcmFileFormat::loadFile does (same read arguments), on bytes in memory.
    void LoadFromBytes(const std::string& bytes, LoadedDicom& loaded)
    {
      auto file = std::make_unique<DcmFileFormat>();
      DcmInputBufferStream stream;
      stream.setBuffer(bytes.data(), static_cast<offile_off_t>(bytes.size()));
      stream.setEos();
      file->transferInit();
      const OFCondition status = file->read(stream, EXS_Unknown, EGL_noChange, DCM_MaxReadLength);
      file->transferEnd();
      Keep(std::move(file), status, loaded);
    }

    void ParseInMemory(LoadedDicom& loaded)
    {
      try
      {
        loaded.file = Core::DicomBuffer::Read(loaded.bytes.data(), loaded.bytes.size());
      }
      catch (const Core::DicomInputError& e)
      {
        loaded.parseError = e.what();
      }
    }
  }

  LoadedDicom LoadDicomFile(const std::string& path)
  {
    LoadedDicom loaded;
    Descriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    struct stat status;
    if (file.Get() < 0 || ::fstat(file.Get(), &status) != 0 || S_ISDIR(status.st_mode))
    {
      return loaded;  // Unreadable
    }
    loaded.size = static_cast<uintmax_t>(status.st_size);
    const bool inMemory = loaded.size <= InMemoryLimit;
    std::string head;
    if (!ReadPrefix(file.Get(), inMemory ? loaded.size : SniffLength, inMemory ? loaded.bytes : head))
    {
      return loaded;  // Unreadable
    }
    loaded.kind = SniffBytes(inMemory ? loaded.bytes.data() : head.data(), inMemory ? loaded.bytes.size() : head.size());

    if (loaded.kind == FileKind::Part10 && inMemory)
    {
      file.Close();
      ParseInMemory(loaded);
    }
    else if (loaded.kind == FileKind::Part10 || loaded.kind == FileKind::RawDataset)
    {
      file.Close();
      LoadFromDisk(path, loaded);
    }
    return loaded;
  }

  LoadedDicom LoadDicomBytes(std::string bytes)
  {
    LoadedDicom loaded;
    loaded.size = bytes.size();
    loaded.kind = SniffBytes(bytes.data(), bytes.size());
    if (loaded.kind == FileKind::Part10 && loaded.size <= InMemoryLimit)
    {
      loaded.bytes = std::move(bytes);
      ParseInMemory(loaded);
    }
    else if (loaded.kind == FileKind::Part10 || loaded.kind == FileKind::RawDataset)
    {
      LoadFromBytes(bytes, loaded);
    }
    return loaded;
  }
}
