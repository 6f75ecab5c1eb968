// MP4 videos made DICOM: the box walk (metadata boxes neutralized, times zeroed, refusals) on MP4s built here
// box by box, and the Video Photographic instance; with Debian's ffmpeg when it is there, on a real H.264 MP4.
#include "TestSupport.h"
#include "TemporaryFolder.h"

#include "Core/DicomBuffer.h"
#include "Core/Errors.h"
#include "Core/Mp4MetadataScrubber.h"
#include "Core/Mp4ToVideoInstance.h"
#include "Core/WrapContext.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmdata/dcxfer.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace Ratatoskr::Core;
using namespace Ratatoskr::Tests;

namespace
{
  const std::vector<std::string> Markers = {"GPSMARKER", "TITLEMARKER", "XMPMARKER", "TRACKMARKER", "OLDMARKER"};

  std::string Be32(uint32_t value)
  {
    return {char(value >> 24), char(value >> 16), char(value >> 8), char(value)};
  }

  std::string Be16(unsigned int value)
  {
    return {char(value >> 8), char(value)};
  }

  std::string Box(const std::string& type, const std::string& content)
  {
    return Be32(static_cast<uint32_t>(8 + content.size())) + type + content;
  }

  std::string LargeBox(const std::string& type, const std::string& content)
  {
    return Be32(1) + type + Be32(0) + Be32(static_cast<uint32_t>(16 + content.size())) + content;
  }

  const std::string Times = Be32(0xDEADBEEF) + Be32(0xCAFEF00D);   // creation, modification (version 0)

  struct Options
  {
    std::string codec = "avc1";
    unsigned int profile = 100;
    unsigned int level = 30;
    std::string extraTrackHandler;   // e.g. "meta": a second track of that kind
    std::string brand = "isom";
  };

  std::string Track(const std::string& handler, const std::string& sampleEntry)
  {
    const std::string tkhd = Box("tkhd", Be32(7) + Times + Be32(1) + std::string(64, '\0'));
    const std::string mdhd = Box("mdhd", Be32(0) + Times + Be32(10) + Be32(10) + std::string(4, '\0'));
    const std::string hdlr = Box("hdlr", Be32(0) + Be32(0) + handler + std::string(12, '\0') + "Handler" + '\0');
    const std::string stsd = Box("stsd", Be32(0) + Be32(1) + sampleEntry);
    const std::string stts = Box("stts", Be32(0) + Be32(1) + Be32(10) + Be32(1));
    const std::string stsz = Box("stsz", Be32(0) + Be32(4) + Be32(10));
    const std::string stbl = Box("stbl", stsd + stts + stsz);
    return Box("trak", tkhd + Box("mdia", mdhd + hdlr + Box("minf", stbl)) +
                         Box("meta", Be32(0) + "TRACKMARKER"));
  }

  // ftyp, moov (mvhd, an H.264 video track, udta with GPS and iTunes-style title), a uuid (XMP), a free box
  // holding left-overs, and mdat with a 64-bit size.
  std::string BuildMp4(const Options& options = Options())
  {
    const std::string avcC = Box("avcC", std::string{1, char(options.profile), 0, char(options.level), char(0xFF), char(0xE0), 0});
    const std::string entry = Box(options.codec, std::string(6, '\0') + Be16(1) + std::string(16, '\0') + Be16(64) +
                                                   Be16(48) + std::string(46, '\0') + Be16(24) + Be16(0xFFFF) + avcC);
    std::string tracks = Track("vide", entry);
    if (!options.extraTrackHandler.empty())
    {
      tracks += Track(options.extraTrackHandler, Box("mett", std::string(8, '\0')));
    }
    const std::string mvhd = Box("mvhd", Be32(0) + Times + Be32(1000) + Be32(1000) + std::string(80, '\0'));
    const std::string udta = Box("udta", Box("\xA9xyz", Be16(18) + Be16(0) + "+48.85+002.35/GPSMARKER") +
                                             Box("meta", Be32(0) + Box("ilst", Box("\xA9nam", Box("data", Be32(1) + Be32(0) +
                                                                                              "TITLEMARKER")))));
    return Box("ftyp", options.brand + Be32(0x200) + "isomavc1mp41") + Box("moov", mvhd + tracks + udta) +
           Box("uuid", std::string("\xBE\x7A\xCF\xCB\x97\xA9\x42\xE8\x9C\x71\x99\x94\x91\xE3\xAF\xAC", 16) +
                         "<x:xmpmeta>XMPMARKER</x:xmpmeta>") +
           Box("free", "OLDMARKER") + LargeBox("mdat", std::string(40, 'F'));
  }

  void ExpectNoMarker(const std::string& bytes)
  {
    for (const std::string& marker : Markers)
    {
      EXPECT_EQ(bytes.find(marker), std::string::npos) << marker;
    }
    EXPECT_EQ(bytes.find(Times), std::string::npos);
  }

  std::string RefusalOf(const std::string& mp4)
  {
    try
    {
      Mp4ToVideoInstance::Convert(mp4, WrapContext());
    }
    catch (const WrapError& e)
    {
      return e.what();
    }
    return "";
  }

  // The fragments of the encapsulated pixel data after the (empty) basic offset table, joined.
  std::string PixelFragments(DcmFileFormat& file, size_t& offsetTableLength)
  {
    DcmElement* element = nullptr;
    EXPECT_TRUE(file.getDataset()->findAndGetElement(DCM_PixelData, element).good());
    DcmPixelSequence* sequence = nullptr;
    E_TransferSyntax xfer = file.getDataset()->getOriginalXfer();
    EXPECT_TRUE(static_cast<DcmPixelData*>(element)->getEncapsulatedRepresentation(xfer, nullptr, sequence).good());
    std::string joined;
    for (unsigned long i = 0; sequence != nullptr && i < sequence->card(); i++)
    {
      DcmPixelItem* item = nullptr;
      sequence->getItem(item, i);
      Uint8* bytes = nullptr;
      item->getUint8Array(bytes);
      if (i == 0)
      {
        offsetTableLength = item->getLength();
      }
      else
      {
        joined.append(reinterpret_cast<const char*>(bytes), item->getLength());
      }
    }
    return joined;
  }
}

TEST(WrapVideo, MetadataBoxesBecomeFreeBoxesInPlace)
{
  const std::string original = BuildMp4();
  for (const std::string& marker : Markers)
  {
    ASSERT_NE(original.find(marker), std::string::npos) << marker;
  }
  std::string mp4 = original;
  const Mp4MetadataScrubber::Result result = Mp4MetadataScrubber::Scrub(mp4);
  EXPECT_EQ(mp4.size(), original.size());
  ExpectNoMarker(mp4);
  EXPECT_EQ(mp4.find("udta"), std::string::npos);
  EXPECT_EQ(mp4.find("uuid"), std::string::npos);
  EXPECT_NE(mp4.find(std::string(40, 'F')), std::string::npos);   // the media data stays
  EXPECT_EQ(mp4.substr(mp4.size() - 56, 16), original.substr(original.size() - 56, 16));   // its 64-bit header too
  EXPECT_EQ(result.video.width, 64u);
  EXPECT_EQ(result.video.height, 48u);
  EXPECT_EQ(result.video.profile, 100u);
  EXPECT_EQ(result.video.level, 30u);
  EXPECT_EQ(result.video.frames, 10u);
  EXPECT_DOUBLE_EQ(result.video.frameTimeMs, 100.0);
  EXPECT_FALSE(result.removed.empty());
  std::string again = mp4;
  Mp4MetadataScrubber::Scrub(again);   // still well-formed: a second pass changes nothing
  EXPECT_EQ(again, mp4);
}

TEST(WrapVideo, AVideoPhotographicInstanceHoldsTheScrubbedMp4)
{
  const std::string original = BuildMp4();
  const WrapResult result = Mp4ToVideoInstance::Convert(original, WrapContext());
  ExpectNoMarker(result.dicom);
  auto file = DicomBuffer::Read(result.dicom.data(), result.dicom.size());
  EXPECT_EQ(file->getDataset()->getOriginalXfer(), EXS_MPEG4HighProfileLevel4_1);
  EXPECT_EQ(Get(*file, DCM_SOPClassUID), UID_VideoPhotographicImageStorage);
  EXPECT_EQ(Get(*file, DCM_Modality), "XC");
  EXPECT_EQ(Get(*file, DCM_Rows), "48");
  EXPECT_EQ(Get(*file, DCM_Columns), "64");
  EXPECT_EQ(Get(*file, DCM_NumberOfFrames), "10");
  EXPECT_EQ(Get(*file, DCM_FrameTime), "100");
  EXPECT_EQ(Get(*file, DCM_CineRate), "10");
  EXPECT_EQ(Get(*file, DCM_FrameIncrementPointer), "(0018,1063)");
  EXPECT_EQ(Get(*file, DCM_PhotometricInterpretation), "YBR_PARTIAL_420");
  EXPECT_TRUE(Has(*file, DCM_AcquisitionContextSequence));
  size_t offsetTable = 99;
  const std::string fragments = PixelFragments(*file, offsetTable);
  EXPECT_EQ(offsetTable, 0u);
  std::string scrubbed = original;
  Mp4MetadataScrubber::Scrub(scrubbed);
  EXPECT_EQ(fragments.substr(0, scrubbed.size()), scrubbed);
  EXPECT_EQ(fragments.size() % 2, 0u);
  EXPECT_EQ(result.dicom, Mp4ToVideoInstance::Convert(original, WrapContext()).dicom);
}

TEST(WrapVideo, TheTransferSyntaxFollowsProfileAndLevel)
{
  Mp4MetadataScrubber::VideoTrack video;
  video.profile = 77;
  video.level = 42;
  EXPECT_STREQ(Mp4ToVideoInstance::TransferSyntaxFor(video), UID_MPEG4HighProfileLevel4_2_For2DVideoTransferSyntax);
  video.profile = 66;
  video.compatibility = 0xC0;
  video.level = 31;
  EXPECT_STREQ(Mp4ToVideoInstance::TransferSyntaxFor(video), UID_MPEG4HighProfileLevel4_1TransferSyntax);
  video.compatibility = 0;
  EXPECT_THROW(Mp4ToVideoInstance::TransferSyntaxFor(video), WrapError);
}

TEST(WrapVideo, WhatIsNotAWellFormedH264Mp4IsRefused)
{
  Options hevc;
  hevc.codec = "hvc1";
  EXPECT_NE(RefusalOf(BuildMp4(hevc)).find("not H.264"), std::string::npos);
  Options high10;
  high10.profile = 110;
  EXPECT_NE(RefusalOf(BuildMp4(high10)).find("profile (110"), std::string::npos);
  Options level51;
  level51.level = 51;
  EXPECT_NE(RefusalOf(BuildMp4(level51)).find("level is 5.1"), std::string::npos);
  Options gps;
  gps.extraTrackHandler = "meta";
  EXPECT_NE(RefusalOf(BuildMp4(gps)).find("another kind than video and sound (\"meta\""), std::string::npos);
  Options quickTime;
  quickTime.brand = "qt  ";
  EXPECT_NE(RefusalOf(BuildMp4(quickTime)).find("QuickTime"), std::string::npos);

  EXPECT_NE(RefusalOf("GIF89a.......").find("not an MP4"), std::string::npos);
  std::string cut = BuildMp4();
  cut.resize(cut.size() - 20);
  EXPECT_NE(RefusalOf(cut).find("larger than what holds it"), std::string::npos);
  std::string deep = Box("mdat", "");
  for (int i = 0; i < 40; i++)
  {
    deep = Box("moov", deep);
  }
  EXPECT_NE(RefusalOf(Box("ftyp", "isom") + deep).find("deeper"), std::string::npos);
  EXPECT_NE(RefusalOf(Box("ftyp", "isom") + Box("mdat", "x")).find("no movie header"), std::string::npos);
}

// A real H.264 MP4 from Debian's ffmpeg (libx264), with title, comment and creation time.
TEST(WrapVideo, AnFfmpegVideoKeepsNoMetadata)
{
  if (std::system("ffmpeg -version > /dev/null 2>&1") != 0)
  {
    GTEST_SKIP() << "no ffmpeg (Resources/Scripts/install-dependencies.sh --tests installs it)";
  }
  TemporaryFolder folder;
  const std::string input = folder.File("in.mp4");
  const std::string command = "ffmpeg -v error -y -f lavfi -i testsrc=duration=1:size=64x64:rate=10 -c:v libx264 "
                              "-pix_fmt yuv420p -metadata title=TITLEMARKER -metadata comment=COMMENTMARKER "
                              "-metadata creation_time=2019-12-31T12:00:00Z -metadata location=+48.85+002.35/ " + input;
  ASSERT_EQ(std::system(command.c_str()), 0);
  std::ifstream in(input, std::ios::binary);
  std::stringstream read;
  read << in.rdbuf();
  const std::string mp4 = read.str();
  ASSERT_NE(mp4.find("TITLEMARKER"), std::string::npos);

  const WrapResult result = Mp4ToVideoInstance::Convert(mp4, WrapContext());
  for (const char* marker : {"TITLEMARKER", "COMMENTMARKER", "+48.85+002.35", "Lavf"})
  {
    EXPECT_EQ(result.dicom.find(marker), std::string::npos) << marker;
  }
  auto file = DicomBuffer::Read(result.dicom.data(), result.dicom.size());
  EXPECT_EQ(Get(*file, DCM_Rows), "64");
  EXPECT_EQ(Get(*file, DCM_Columns), "64");
  EXPECT_EQ(Get(*file, DCM_NumberOfFrames), "10");
  EXPECT_EQ(Get(*file, DCM_FrameTime), "100");
  EXPECT_EQ(file->getDataset()->getOriginalXfer(), EXS_MPEG4HighProfileLevel4_1);

  size_t offsetTable = 0;
  const std::string output = folder.File("out.mp4");
  std::ofstream(output, std::ios::binary) << PixelFragments(*file, offsetTable);
  // It still plays, and says nothing of itself (ffprobe would show creation_time if a time were left).
  EXPECT_EQ(std::system(("ffmpeg -v error -i " + output + " -f null - 2> " + folder.File("decode.txt")).c_str()), 0);
  ASSERT_EQ(std::system(("ffprobe -v error -show_entries format_tags:stream_tags -of default " + output + " > " +
                         folder.File("tags.txt")).c_str()), 0);
  std::ifstream tagsFile(folder.File("tags.txt"));
  std::stringstream tags;
  tags << tagsFile.rdbuf();
  EXPECT_EQ(tags.str().find("creation_time"), std::string::npos) << tags.str();
  EXPECT_EQ(tags.str().find("MARKER"), std::string::npos) << tags.str();
}

// A fragmented MP4 (empty moov, samples in moof/traf/trun): frames and frame time come from the fragments.
TEST(WrapVideo, AFragmentedFfmpegVideoIsCountedFromItsFragments)
{
  if (std::system("ffmpeg -version > /dev/null 2>&1") != 0)
  {
    GTEST_SKIP() << "no ffmpeg (Resources/Scripts/install-dependencies.sh --tests installs it)";
  }
  TemporaryFolder folder;
  const std::string input = folder.File("fragmented.mp4");
  const std::string command = "ffmpeg -v error -y -f lavfi -i testsrc=duration=2:size=64x48:rate=25 -c:v libx264 "
                              "-pix_fmt yuv420p -g 10 -movflags frag_keyframe+empty_moov -metadata title=TITLEMARKER " +
                              input;
  ASSERT_EQ(std::system(command.c_str()), 0);
  std::ifstream in(input, std::ios::binary);
  std::stringstream read;
  read << in.rdbuf();
  const WrapResult result = Mp4ToVideoInstance::Convert(read.str(), WrapContext());
  EXPECT_EQ(result.dicom.find("TITLEMARKER"), std::string::npos);
  auto file = DicomBuffer::Read(result.dicom.data(), result.dicom.size());
  EXPECT_EQ(Get(*file, DCM_NumberOfFrames), "50");
  EXPECT_EQ(Get(*file, DCM_FrameTime), "40");
  EXPECT_EQ(Get(*file, DCM_Rows), "48");
}
