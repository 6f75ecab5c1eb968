#include "Core/PictureToSecondaryCapture.h"

#include "Core/Crypto.h"
#include "Core/Errors.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <string>

namespace Ratatoskr::Core::PictureToSecondaryCapture
{
  WrapResult Convert(const uint8_t* rgba, size_t size, unsigned int width, unsigned int height,
                     const WrapContext& context)
  {
    if (width == 0 || height == 0 || width > MaximumSide || height > MaximumSide)
    {
      throw WrapError("the picture is " + std::to_string(width) + " x " + std::to_string(height) +
                      " pixels; a picture must have 1 to " + std::to_string(MaximumSide) + " pixels a side");
    }
    const size_t pixels = static_cast<size_t>(width) * height;
    if (rgba == nullptr || size / 4 != pixels || size % 4 != 0)
    {
      throw WrapError("the picture's pixels are " + std::to_string(size) + " bytes, not " + std::to_string(width) +
                      " x " + std::to_string(height) + " x 4 (RGBA, 8 bits each)");
    }

    // RGBA -> RGB, interleaved (PlanarConfiguration 0); DICOM wants an even length.
    std::string rgb;
    rgb.reserve(pixels * 3 + 1);
    for (size_t i = 0; i < pixels; i++)
    {
      rgb.append(reinterpret_cast<const char*>(rgba + 4 * i), 3);
    }

    WrapResult result;
    // The picture's identity: its size and pixels (without a copy of them).
    const std::string digest = Crypto::Sha256("picture " + std::to_string(width) + "x" + std::to_string(height) + "\n" +
                                              Crypto::Sha256(rgb));
    auto file = WrappedInstance::Create(context, UID_SecondaryCaptureImageStorage, "OT", digest, result);
    WrappedInstance::Put(*file, DCM_ConversionType, "WSD");      // SC Equipment (C.8.6.1)
    WrappedInstance::Put(*file, DCM_Laterality, "");             // General Series (C.7.3.1), Type 2C: unknown
    WrappedInstance::Put(*file, DCM_PatientOrientation, "");     // General Image (C.7.6.1), Type 2C
    WrappedInstance::Put(*file, DCM_ImageType, "DERIVED\\SECONDARY");
    DcmDataset& dataset = *file->getDataset();
    const bool written =
      dataset.putAndInsertUint16(DCM_SamplesPerPixel, 3).good() &&
      dataset.putAndInsertString(DCM_PhotometricInterpretation, "RGB").good() &&
      dataset.putAndInsertUint16(DCM_PlanarConfiguration, 0).good() &&
      dataset.putAndInsertUint16(DCM_Rows, static_cast<Uint16>(height)).good() &&
      dataset.putAndInsertUint16(DCM_Columns, static_cast<Uint16>(width)).good() &&
      dataset.putAndInsertUint16(DCM_BitsAllocated, 8).good() &&
      dataset.putAndInsertUint16(DCM_BitsStored, 8).good() &&
      dataset.putAndInsertUint16(DCM_HighBit, 7).good() &&
      dataset.putAndInsertUint16(DCM_PixelRepresentation, 0).good() &&
      dataset.putAndInsertUint8Array(DCM_PixelData, reinterpret_cast<const Uint8*>(rgb.data()),
                                     static_cast<unsigned long>(rgb.size())).good();
    if (!written)
    {
      throw WrapError("cannot write the picture's pixels into the new instance");
    }
    std::string().swap(rgb);
    WrappedInstance::Write(*file, result);
    return result;
  }
}
