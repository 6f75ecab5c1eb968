#pragma once

#include <cstdint>
#include <string>
#include <vector>

// Removes what an MP4 (ISO base media file, ISO/IEC 14496-12/-14) says about itself, not what it shows:
// metadata boxes (udta: title, comment, GPS "©xyz", camera...; meta: iTunes-style tags, XMP; uuid: XMP and
// vendors' data; prft: wall-clock time; emsg) become "free" boxes of the same size with their content zeroed,
// so every chunk offset stays valid; the content of existing free/skip boxes is zeroed too (left-overs of
// earlier edits); creation and modification times of mvhd, tkhd and mdhd become 0. It reads what the DICOM
// instance needs on the way (the H.264 video track). Bounded: box nesting depth, box count, sizes checked
// against their container, 64-bit sizes.
namespace Ratatoskr::Core::Mp4MetadataScrubber
{
  struct VideoTrack
  {
    unsigned int width = 0;           // of the coded pictures (avc1 sample entry)
    unsigned int height = 0;
    unsigned int profile = 0;         // AVCProfileIndication (avcC): 66 Baseline, 77 Main, 100 High...
    unsigned int compatibility = 0;   // profile_compatibility (constraint_set flags)
    unsigned int level = 0;           // AVCLevelIndication: 41 = level 4.1
    uint64_t frames = 0;              // samples of the track (stsz, or the fragments' trun)
    double frameTimeMs = 0;           // mean duration of a frame in ms (0: unknown)
  };

  struct Result
  {
    VideoTrack video;
    std::vector<std::string> removed;   // in words, no value
  };

  constexpr unsigned int MaximumDepth = 16;
  constexpr size_t MaximumBoxes = 1000000;

  // Scrubs `mp4` in place (same length). Throws WrapError when it is not a well-formed MP4 with exactly one
  // H.264 (AVC) video track, or has tracks other than video and sound (timed metadata, text, time code: their
  // samples would stay in the media data), in words a person understands.
  Result Scrub(std::string& mp4);
}
