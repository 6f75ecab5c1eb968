#include "Cli/DicomFileReader.h"

#include "Core/DicomBuffer.h"
#include "Core/Errors.h"

#include <dcmtk/dcmdata/dcfilefo.h>

#include <fstream>

namespace Ratatoskr::Cli
{
  namespace
  {
    const size_t SniffLength = 132;

    bool ReadPrefix(std::ifstream& stream, uintmax_t length, std::string& bytes)
    {
      bytes.resize(static_cast<size_t>(length));
      stream.read(bytes.data(), static_cast<std::streamsize>(length));
      bytes.resize(static_cast<size_t>(stream.gcount()));
      return !stream.bad();
    }

    void LoadFromDisk(const std::string& path, LoadedDicom& loaded)
    {
      auto file = std::make_unique<DcmFileFormat>();
      const OFCondition status = file->loadFile(path.c_str());
      if (status.good())
      {
        loaded.file = std::move(file);
      }
      else
      {
        loaded.parseError = std::string("invalid DICOM file: ") + status.text();
      }
    }
  }

  LoadedDicom LoadDicomFile(const std::string& path)
  {
    LoadedDicom loaded;
    std::ifstream stream(path, std::ios::binary | std::ios::ate);
    if (!stream)
    {
      return loaded;  // Unreadable
    }
    loaded.size = static_cast<uintmax_t>(stream.tellg());
    stream.seekg(0);
    const bool inMemory = loaded.size <= InMemoryLimit;
    std::string head;
    if (!ReadPrefix(stream, inMemory ? loaded.size : SniffLength, inMemory ? loaded.bytes : head))
    {
      return loaded;  // Unreadable
    }
    loaded.kind = SniffBytes(inMemory ? loaded.bytes.data() : head.data(), inMemory ? loaded.bytes.size() : head.size());

    if (loaded.kind == FileKind::Part10 && inMemory)
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
    else if (loaded.kind == FileKind::Part10 || loaded.kind == FileKind::RawDataset)
    {
      stream.close();
      LoadFromDisk(path, loaded);
    }
    return loaded;
  }
}
