#include "Core/PixelMasker.h"

#include "Core/DicomValues.h"
#include "Core/Errors.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <mutex>

namespace Ratatoskr::Core::PixelMasker
{
  namespace
  {
    std::string Normalize(const std::string& text)
    {
      std::string normalized = DicomValues::Trim(text);
      for (char& c : normalized)
      {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
      return normalized;
    }

    std::string GetString(DcmDataset& dataset, const DcmTagKey& tag)
    {
      OFString value;
      dataset.findAndGetOFStringArray(tag, value);
      return std::string(value.c_str(), value.length());
    }

    unsigned long GetNumber(DcmDataset& dataset, const DcmTagKey& tag, unsigned long fallback)
    {
      Uint16 value = 0;
      if (dataset.findAndGetUint16(tag, value).good())
      {
        return value;
      }
      OFString text;
      if (dataset.findAndGetOFString(tag, text).good() && !text.empty())
      {
        return std::strtoul(text.c_str(), nullptr, 10);
      }
      return fallback;
    }

    // DCMTK's decoders are process-wide registrations; register them once, only when needed.
    void RegisterDecoders()
    {
      static std::once_flag once;
      std::call_once(once, []() {
        DJDecoderRegistration::registerCodecs();
        DJLSDecoderRegistration::registerCodecs();
        DcmRLEDecoderRegistration::registerCodecs();
      });
    }

    void Decompress(DcmDataset& dataset)
    {
      const DcmXfer xfer(dataset.getCurrentXfer());
      if (!xfer.isEncapsulated())
      {
        return;
      }
      RegisterDecoders();
      if (dataset.chooseRepresentation(EXS_LittleEndianExplicit, nullptr).bad() ||
          !dataset.canWriteXfer(EXS_LittleEndianExplicit))
      {
        throw DicomInputError(std::string("the pixel data must be masked but its transfer syntax cannot be decoded: ") +
                              xfer.getXferName());
      }
      dataset.removeAllButCurrentRepresentations();
    }
  }

  const PixelMask* FindMask(DcmDataset& dataset, const std::vector<PixelMask>& masks)
  {
    if (masks.empty())
    {
      return nullptr;
    }
    const std::string manufacturer = Normalize(GetString(dataset, DCM_Manufacturer));
    const std::string model = Normalize(GetString(dataset, DCM_ManufacturerModelName));
    const unsigned long rows = GetNumber(dataset, DCM_Rows, 0);
    const unsigned long columns = GetNumber(dataset, DCM_Columns, 0);
    for (const PixelMask& mask : masks)
    {
      if ((mask.manufacturer.empty() || Normalize(mask.manufacturer) == manufacturer) &&
          (mask.manufacturerModelName.empty() || Normalize(mask.manufacturerModelName) == model) &&
          (mask.rows == 0 || mask.rows == rows) && (mask.columns == 0 || mask.columns == columns))
      {
        return &mask;
      }
    }
    return nullptr;
  }

  void Apply(DcmDataset& dataset, const PixelMask& mask)
  {
    DcmElement* pixelData = nullptr;
    if (dataset.findAndGetElement(DCM_PixelData, pixelData).bad() || pixelData == nullptr)
    {
      throw DicomInputError("a pixel mask applies but the instance has no Pixel Data (7FE0,0010)");
    }
    Decompress(dataset);

    const unsigned long rows = GetNumber(dataset, DCM_Rows, 0);
    const unsigned long columns = GetNumber(dataset, DCM_Columns, 0);
    const unsigned long bitsAllocated = GetNumber(dataset, DCM_BitsAllocated, 0);
    const unsigned long samples = GetNumber(dataset, DCM_SamplesPerPixel, 1);
    const unsigned long planar = GetNumber(dataset, DCM_PlanarConfiguration, 0);
    const unsigned long frames = std::max(1ul, GetNumber(dataset, DCM_NumberOfFrames, 1));
    const std::string photometric = Normalize(GetString(dataset, DCM_PhotometricInterpretation));
    if (rows == 0 || columns == 0 || samples == 0 || (bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32))
    {
      throw DicomInputError("a pixel mask applies but the image layout is not supported "
                            "(Rows, Columns, SamplesPerPixel or BitsAllocated 8/16/32 missing or invalid)");
    }
    if (photometric.compare(0, 8, "YBR_FULL") == 0 && photometric != "YBR_FULL")
    {
      throw DicomInputError("a pixel mask applies but subsampled YBR pixel data is not supported");
    }

    Uint8* bytes = nullptr;
    if (pixelData->getUint8Array(bytes).bad() || bytes == nullptr)
    {
      Uint16* words = nullptr;
      if (pixelData->getUint16Array(words).bad() || words == nullptr)
      {
        throw DicomInputError("a pixel mask applies but the pixel data cannot be read");
      }
      bytes = reinterpret_cast<Uint8*>(words);
    }
    const size_t bytesPerSample = bitsAllocated / 8;
    // No product may wrap around, also where size_t has 32 bits (wasm32): a frame's size in 64 bits, and
    // the number of frames the pixel data holds by division.
    const uint64_t frameSamples64 = static_cast<uint64_t>(rows) * columns * samples;
    if (frameSamples64 > UINT32_MAX || pixelData->getLength() / (frameSamples64 * bytesPerSample) < frames)
    {
      throw DicomInputError("a pixel mask applies but the pixel data is shorter than Rows x Columns x frames");
    }
    const size_t frameSamples = static_cast<size_t>(frameSamples64);   // the pixel data holds them: fits

    for (unsigned long frame = 0; frame < frames; ++frame)
    {
      Uint8* frameStart = bytes + frame * frameSamples * bytesPerSample;
      for (const MaskRegion& region : mask.regions)
      {
        if (region.x >= columns || region.y >= rows)
        {
          continue;
        }
        const unsigned long x1 = std::min<unsigned long>(columns, static_cast<unsigned long>(region.x) + region.width);
        const unsigned long y1 = std::min<unsigned long>(rows, static_cast<unsigned long>(region.y) + region.height);
        for (unsigned long y = region.y; y < y1; ++y)
        {
          if (planar == 1 && samples > 1)
          {
            for (unsigned long s = 0; s < samples; ++s)
            {
              Uint8* start = frameStart + ((s * rows + y) * columns + region.x) * bytesPerSample;
              std::memset(start, 0, (x1 - region.x) * bytesPerSample);
            }
          }
          else
          {
            Uint8* start = frameStart + ((y * columns + region.x) * samples) * bytesPerSample;
            std::memset(start, 0, (x1 - region.x) * samples * bytesPerSample);
          }
        }
      }
    }
  }
}
