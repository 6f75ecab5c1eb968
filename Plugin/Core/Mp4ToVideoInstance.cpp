#include "Core/Mp4ToVideoInstance.h"

#include "Core/Crypto.h"
#include "Core/Errors.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>

namespace Ratatoskr::Core::Mp4ToVideoInstance
{
  namespace
  {
    const char* const ExportAgain = "; export it again as H.264 High Profile, level 4.1 (up to 1920 x 1080 at 30 "
                                    "frames per second), then drop the new file";

    std::string Level(unsigned int level)
    {
      return std::to_string(level / 10) + "." + std::to_string(level % 10);
    }

    std::string DecimalString(double value)
    {
      char text[32];
      std::snprintf(text, sizeof(text), "%.6g", value);
      return text;
    }

    void Check(const OFCondition& condition)
    {
      if (condition.bad())
      {
        throw WrapError("cannot write the video into the new instance");
      }
    }
  }

  const char* TransferSyntaxFor(const Mp4MetadataScrubber::VideoTrack& video)
  {
    const bool constrainedBaseline = video.profile == 66 && (video.compatibility & 0x40) != 0;
    if (video.profile != 100 && video.profile != 77 && !constrainedBaseline)
    {
      throw WrapError("this video's H.264 profile (" + std::to_string(video.profile) + ": " +
                      (video.profile == 66 ? "Baseline with tools beyond Constrained Baseline"
                       : video.profile == 88 ? "Extended"
                       : "High 10, 4:2:2 or 4:4:4, or another") +
                      ") is not one DICOM's H.264 High Profile transfer syntaxes carry" + ExportAgain);
    }
    if (video.level <= 41)
    {
      return UID_MPEG4HighProfileLevel4_1TransferSyntax;
    }
    if (video.level == 42)
    {
      return UID_MPEG4HighProfileLevel4_2_For2DVideoTransferSyntax;
    }
    throw WrapError("this video's H.264 level is " + Level(video.level) + ", more than DICOM's H.264 transfer "
                    "syntaxes allow (4.2: 1920 x 1080 at 60 frames per second)" + ExportAgain);
  }

  WrapResult Convert(std::string mp4, const WrapContext& context)
  {
    const std::string digest = Crypto::Sha256(mp4);   // of the file as received: the same file, the same UIDs
    std::string& scrubbed = mp4;
    const Mp4MetadataScrubber::Result scrub = Mp4MetadataScrubber::Scrub(scrubbed);
    const Mp4MetadataScrubber::VideoTrack& video = scrub.video;
    const DcmXfer xfer(TransferSyntaxFor(video));
    if (video.width == 0 || video.height == 0 || video.width > 0xFFFF || video.height > 0xFFFF)
    {
      throw WrapError("this video's picture size cannot be read from its H.264 track" + std::string(ExportAgain));
    }
    if (video.frames == 0 || video.frames > 999999999 || video.frameTimeMs <= 0)
    {
      throw WrapError("this video's number of frames or frame rate cannot be read from its H.264 track" +
                      std::string(ExportAgain));
    }

    WrapResult result;
    result.removed = scrub.removed;
    auto file = WrappedInstance::Create(context, UID_VideoPhotographicImageStorage, "XC", digest, result);
    // General Image, VL Image (C.8.12.1), Cine (C.7.6.5), Multi-frame (C.7.6.6), Acquisition Context (C.7.6.14)
    WrappedInstance::Put(*file, DCM_Laterality, "");   // General Series, Type 2C: unknown
    WrappedInstance::Put(*file, DCM_PatientOrientation, "");
    WrappedInstance::Put(*file, DCM_ImageType, "ORIGINAL\\PRIMARY");
    WrappedInstance::Put(*file, DCM_LossyImageCompression, "01");
    WrappedInstance::Put(*file, DCM_LossyImageCompressionMethod, "ISO_14496_10");
    WrappedInstance::Put(*file, DCM_NumberOfFrames, std::to_string(video.frames));
    WrappedInstance::Put(*file, DCM_FrameTime, DecimalString(video.frameTimeMs));
    WrappedInstance::Put(*file, DCM_CineRate, std::to_string(static_cast<long>(std::lround(1000.0 / video.frameTimeMs))));
    DcmDataset& dataset = *file->getDataset();
    Check(dataset.putAndInsertTagKey(DCM_FrameIncrementPointer, DCM_FrameTime));
    Check(dataset.insertEmptyElement(DCM_AcquisitionContextSequence));
    Check(dataset.putAndInsertUint16(DCM_SamplesPerPixel, 3));
    Check(dataset.putAndInsertString(DCM_PhotometricInterpretation, "YBR_PARTIAL_420"));
    Check(dataset.putAndInsertUint16(DCM_PlanarConfiguration, 0));
    Check(dataset.putAndInsertUint16(DCM_Rows, static_cast<Uint16>(video.height)));
    Check(dataset.putAndInsertUint16(DCM_Columns, static_cast<Uint16>(video.width)));
    Check(dataset.putAndInsertUint16(DCM_BitsAllocated, 8));
    Check(dataset.putAndInsertUint16(DCM_BitsStored, 8));
    Check(dataset.putAndInsertUint16(DCM_HighBit, 7));
    Check(dataset.putAndInsertUint16(DCM_PixelRepresentation, 0));

    // Pixel data: an empty basic offset table, then the MP4 file in fragments (the last padded to even).
    auto sequence = std::make_unique<DcmPixelSequence>(DCM_PixelSequenceTag);
    Check(sequence->insert(std::make_unique<DcmPixelItem>(DCM_PixelItemTag).release()));
    if (scrubbed.size() % 2 != 0)
    {
      scrubbed.push_back('\0');   // after the last box, where readers ignore it
    }
    for (size_t at = 0; at < scrubbed.size(); at += MaximumFragment)
    {
      const size_t length = std::min(MaximumFragment, scrubbed.size() - at);   // even: both are
      auto item = std::make_unique<DcmPixelItem>(DCM_PixelItemTag);
      Check(item->putUint8Array(reinterpret_cast<const Uint8*>(scrubbed.data() + at), static_cast<unsigned long>(length)));
      Check(sequence->insert(item.release()));
    }
    std::string().swap(scrubbed);
    auto pixelData = std::make_unique<DcmPixelData>(DCM_PixelData);
    pixelData->putOriginalRepresentation(xfer.getXfer(), nullptr, sequence.release());
    Check(dataset.insert(pixelData.release()));
    WrappedInstance::Write(*file, result);
    return result;
  }
}
