#include "Core/DeclaredLengthCheck.h"

#include "Core/Errors.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>

namespace Ratatoskr::Core
{
  namespace
  {
    const uint32_t UndefinedLength = 0xffffffff;
    const uint16_t ItemGroup = 0xfffe;
    const uint16_t ItemElement = 0xe000;
    const uint16_t ItemDelimitation = 0xe00d;
    const uint16_t SequenceDelimitation = 0xe0dd;

    class Walker
    {
    public:
      Walker(const unsigned char* data, size_t size) : data_(data), size_(size) {}

      // Walks a dataset from `pos` up to `end` (or an item delimiter when `end` is the buffer size and
      // `inItem`). Returns false when it stops following the structure.
      bool Dataset(size_t& pos, size_t end, bool explicitVr, bool inItem, int depth)
      {
        while (pos < end)
        {
          if (end - pos < 8)
          {
            return false;
          }
          const uint16_t group = U16(pos);
          const uint16_t element = U16(pos + 2);
          if (group == ItemGroup)
          {
            pos += 8;
            if (element == ItemDelimitation && inItem)
            {
              return true;
            }
            return false;   // an item or delimiter where an element belongs: let DCMTK judge
          }
          uint32_t length = 0;
          bool undefinedCouldNest = false;
          bool nestedExplicit = explicitVr;
          if (explicitVr)
          {
            const char vr[2] = {static_cast<char>(data_[pos + 4]), static_cast<char>(data_[pos + 5])};
            if (vr[0] < 'A' || vr[0] > 'Z' || vr[1] < 'A' || vr[1] > 'Z')
            {
              return false;
            }
            if (HasLongLength(vr))
            {
              if (end - pos < 12)
              {
                return false;
              }
              length = U32(pos + 8);
              pos += 12;
              undefinedCouldNest = true;
              nestedExplicit = !(vr[0] == 'U' && vr[1] == 'N');   // UN of undefined length: implicit VR inside
            }
            else
            {
              length = U16(pos + 6);
              pos += 8;
            }
          }
          else
          {
            length = U32(pos + 4);
            pos += 8;
            undefinedCouldNest = true;
          }

          if (length == UndefinedLength)
          {
            if (!undefinedCouldNest || !Items(pos, nestedExplicit, depth + 1))
            {
              return false;
            }
            continue;
          }
          Require(pos, length, group, element);
          pos += length;
        }
        return !inItem;
      }

    private:
      // Items of a sequence (or fragments of encapsulated pixel data) up to the sequence delimiter.
      bool Items(size_t& pos, bool explicitVr, int depth)
      {
        if (depth > 64)
        {
          return false;
        }
        for (;;)
        {
          if (size_ - pos < 8 || U16(pos) != ItemGroup)
          {
            return false;
          }
          const uint16_t element = U16(pos + 2);
          const uint32_t length = U32(pos + 4);
          pos += 8;
          if (element == SequenceDelimitation)
          {
            return true;
          }
          if (element != ItemElement)
          {
            return false;
          }
          if (length == UndefinedLength)
          {
            if (!Dataset(pos, size_, explicitVr, true, depth))
            {
              return false;
            }
          }
          else
          {
            Require(pos, length, ItemGroup, ItemElement);
            pos += length;
          }
        }
      }

      void Require(size_t pos, uint32_t length, uint16_t group, uint16_t element) const
      {
        if (length > size_ - pos)
        {
          char tag[16];
          std::snprintf(tag, sizeof(tag), "(%04X,%04X)", group, element);
          throw DicomInputError("truncated or corrupt DICOM file: element " + std::string(tag) + " declares " +
                                std::to_string(length) + " bytes, only " + std::to_string(size_ - pos) +
                                " remain");
        }
      }

      // As DCMTK reads it: a 2-byte length for the VRs defined with one, a 4-byte length for the others,
      // also for a VR that is no standard one ("assuming 4 byte length field"), so the walk keeps DCMTK's
      // framing where a damaged VR would otherwise hide a huge declared length (fuzz finding: 1.5 GB
      // allocated, harmless in a native process, a heap that never shrinks in WebAssembly).
      static bool HasLongLength(const char vr[2])
      {
        static const char* const shortVrs[] = {"AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO",
                                               "LT", "PN", "SH", "SL", "SS", "ST", "TM", "UI", "UL", "US"};
        for (const char* v : shortVrs)
        {
          if (vr[0] == v[0] && vr[1] == v[1])
          {
            return false;
          }
        }
        return true;
      }

      uint16_t U16(size_t pos) const
      {
        return static_cast<uint16_t>(data_[pos] | (data_[pos + 1] << 8));
      }

      uint32_t U32(size_t pos) const
      {
        return static_cast<uint32_t>(data_[pos]) | (static_cast<uint32_t>(data_[pos + 1]) << 8) |
               (static_cast<uint32_t>(data_[pos + 2]) << 16) | (static_cast<uint32_t>(data_[pos + 3]) << 24);
      }

      const unsigned char* data_;
      size_t size_;
    };

    // The transfer syntax UID of the file meta header; empty if it cannot be found by a plain walk.
    std::string TransferSyntax(const unsigned char* data, size_t size, size_t& datasetStart)
    {
      size_t pos = 132;
      std::string syntax;
      while (size - pos >= 8 && data[pos] == 0x02 && data[pos + 1] == 0x00)
      {
        const uint16_t element = static_cast<uint16_t>(data[pos + 2] | (data[pos + 3] << 8));
        const char vr0 = static_cast<char>(data[pos + 4]);
        const char vr1 = static_cast<char>(data[pos + 5]);
        size_t header = 8;
        uint32_t length = static_cast<uint32_t>(data[pos + 6] | (data[pos + 7] << 8));
        if ((vr0 == 'O' && vr1 == 'B') || (vr0 == 'U' && (vr1 == 'N' || vr1 == 'T')))
        {
          if (size - pos < 12)
          {
            return "";
          }
          length = static_cast<uint32_t>(data[pos + 8]) | (static_cast<uint32_t>(data[pos + 9]) << 8) |
                   (static_cast<uint32_t>(data[pos + 10]) << 16) | (static_cast<uint32_t>(data[pos + 11]) << 24);
          header = 12;
        }
        if (length > size - pos - header)
        {
          return "";   // DCMTK reports a truncated meta header precisely
        }
        if (element == 0x0010)
        {
          syntax.assign(reinterpret_cast<const char*>(data + pos + header), length);
          while (!syntax.empty() && (syntax.back() == '\0' || syntax.back() == ' '))
          {
            syntax.pop_back();
          }
        }
        pos += header + length;
      }
      datasetStart = pos;
      return syntax;
    }
  }

  void CheckDeclaredLengths(const void* data, size_t size)
  {
    const unsigned char* bytes = static_cast<const unsigned char*>(data);
    if (size < 132 + 8 || std::memcmp(bytes + 128, "DICM", 4) != 0)
    {
      return;
    }
    size_t pos = 0;
    const std::string syntax = TransferSyntax(bytes, size, pos);
    bool explicitVr;
    if (syntax.empty())
    {
      explicitVr = false;   // no usable meta header: DCMTK falls back to implicit VR little endian, so do we
    }
    else if (syntax == "1.2.840.10008.1.2")
    {
      explicitVr = false;
    }
    else if (syntax.rfind("1.2.840.10008.1.2.", 0) == 0 && syntax != "1.2.840.10008.1.2.2" &&
             syntax != "1.2.840.10008.1.2.1.99")
    {
      explicitVr = true;   // explicit little endian, and the encapsulated syntaxes
    }
    else
    {
      return;   // big endian, deflate, private or unknown: DCMTK decides
    }
    Walker(bytes, size).Dataset(pos, size, explicitVr, false, 0);
  }
}
