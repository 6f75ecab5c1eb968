#include "Cli/DicomSniffer.h"

#include <cstdint>
#include <cstring>
#include <initializer_list>

namespace Ratatoskr::Cli
{
  namespace
  {
    const size_t PreambleSize = 128;
    const size_t MagicSize = 4;

    uint16_t ReadLittle16(const unsigned char* p) { return static_cast<uint16_t>(p[0] | (p[1] << 8)); }
    uint16_t ReadBig16(const unsigned char* p) { return static_cast<uint16_t>((p[0] << 8) | p[1]); }

    // The first element of a dataset without meta header: the group is 0002 (a meta group without
    // preamble) or 0008 (most datasets start with SpecificCharacterSet, ImageType, SOPClassUID...).
    bool StartsLikeDataset(const unsigned char* bytes, size_t size)
    {
      if (size < 8)
      {
        return false;
      }
      for (uint16_t group : {ReadLittle16(bytes), ReadBig16(bytes)})
      {
        if (group == 0x0002 || group == 0x0008)
        {
          return true;
        }
      }
      return false;
    }
  }

  FileKind SniffBytes(const void* data, size_t size)
  {
    const unsigned char* bytes = static_cast<const unsigned char*>(data);
    if (size >= PreambleSize + MagicSize && std::memcmp(bytes + PreambleSize, "DICM", MagicSize) == 0)
    {
      return FileKind::Part10;
    }
    return StartsLikeDataset(bytes, size) ? FileKind::RawDataset : FileKind::NotDicom;
  }
}
