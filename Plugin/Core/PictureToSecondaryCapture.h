#pragma once

#include "Core/WrappedInstance.h"

#include <cstddef>
#include <cstdint>

// A picture (JPEG, PNG... as the browser decodes it: createImageBitmap + OffscreenCanvas getImageData, which
// drops EXIF, XMP and comments by construction, since only pixels come out) as a Secondary Capture Image
// (1.2.840.10008.5.1.4.1.1.7): RGB, 8 bits, PlanarConfiguration 0, uncompressed (Explicit VR Little Endian),
// the alpha channel dropped, ConversionType WSD (workstation), Modality OT.
namespace Ratatoskr::Core::PictureToSecondaryCapture
{
  // At most this many pixels a side (Rows and Columns are US; 2^15 keeps width * height * 3 far below 4 GB).
  constexpr unsigned int MaximumSide = 32768;

  // `rgba`: width * height pixels of 4 bytes (R, G, B, A), row by row from the top left. Throws WrapError when
  // the size does not match or a side is 0 or larger than MaximumSide.
  WrapResult Convert(const uint8_t* rgba, size_t size, unsigned int width, unsigned int height,
                     const WrapContext& context);
}
