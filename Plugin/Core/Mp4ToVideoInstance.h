#pragma once

#include "Core/Mp4MetadataScrubber.h"
#include "Core/WrappedInstance.h"

#include <string>

// An MP4 with H.264 video as a Video Photographic Image instance (1.2.840.10008.5.1.4.1.1.77.1.4.1, Modality
// XC), its metadata removed first (Mp4MetadataScrubber): the whole scrubbed MP4 file is the encapsulated pixel
// data (DICOM PS3.5 8.2.8: an MP4 container), after an empty basic offset table, in fragments of at most
// MaximumFragment bytes; the transfer syntax follows the stream's avcC profile and level (TransferSyntaxFor);
// Rows, Columns, NumberOfFrames and FrameTime come from the stream.
namespace Ratatoskr::Core::Mp4ToVideoInstance
{
  constexpr size_t MaximumFragment = size_t(1) << 30;   // even; well under the 32-bit item length

  // The UID of the DICOM H.264 transfer syntax that carries a stream of this profile and level:
  // 1.2.840.10008.1.2.4.102 (High Profile / Level 4.1) for Constrained Baseline, Main and High up to level 4.1,
  // 1.2.840.10008.1.2.4.104 (High Profile / Level 4.2 For 2D Video) at level 4.2. Throws WrapError for other
  // profiles (High 10, 4:2:2, 4:4:4, Extended, Baseline with its non-constrained tools) and higher levels.
  const char* TransferSyntaxFor(const Mp4MetadataScrubber::VideoTrack& video);

  // Throws WrapError (not a well-formed MP4 with H.264 video, or a stream DICOM's H.264 syntaxes do not carry).
  // `mp4` is scrubbed in place (moved in: a large file is held once, not twice).
  WrapResult Convert(std::string mp4, const WrapContext& context);
}
