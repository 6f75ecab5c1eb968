#pragma once

#include "Core/ResolvedProfile.h"

#include <string>
#include <vector>

class DcmDataset;

// Blacks out rectangles of the pixel data (burned-in annotation). Compressed pixel data that DCMTK can
// decode (JPEG, JPEG-LS, RLE) is decompressed first and the instance is then written uncompressed.
namespace Ratatoskr::Core::PixelMasker
{
  // The first mask whose Manufacturer / ManufacturerModelName / Rows / Columns match the instance, or
  // nullptr. Text criteria compare case-insensitively after trimming.
  const PixelMask* FindMask(DcmDataset& dataset, const std::vector<PixelMask>& masks);

  // Sets every sample inside the regions (clipped to the image) to 0 in every frame. Throws
  // DicomInputError if the pixel data cannot be decoded or has a layout the masker does not handle.
  void Apply(DcmDataset& dataset, const PixelMask& mask);
}
