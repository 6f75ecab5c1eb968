#include "Core/Mp4MetadataScrubber.h"

#include "Core/Errors.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <map>
#include <set>

namespace Ratatoskr::Core::Mp4MetadataScrubber
{
  namespace
  {
    const char* const ExportAgain = "; export it again as an MP4 with H.264 video (e.g. with a video editor or "
                                    "the camera's software), then drop the new file";

    uint32_t Read32(const std::string& data, size_t at)
    {
      return (uint32_t(static_cast<unsigned char>(data[at])) << 24) |
             (uint32_t(static_cast<unsigned char>(data[at + 1])) << 16) |
             (uint32_t(static_cast<unsigned char>(data[at + 2])) << 8) | uint32_t(static_cast<unsigned char>(data[at + 3]));
    }

    uint64_t Read64(const std::string& data, size_t at)
    {
      return (uint64_t(Read32(data, at)) << 32) | Read32(data, at + 4);
    }

    unsigned int Read16(const std::string& data, size_t at)
    {
      return (static_cast<unsigned char>(data[at]) << 8) | static_cast<unsigned char>(data[at + 1]);
    }

    struct Box
    {
      std::string type;
      size_t begin = 0;     // the size field
      size_t content = 0;   // after size, type, largesize (and a uuid's user type)
      size_t end = 0;
    };

    struct Track
    {
      uint32_t id = 0;
      std::string handler;
      uint32_t timescale = 0;
      std::string codec;             // the first sample entry's type
      VideoTrack video;
      uint64_t sttsDuration = 0;
      uint64_t sttsSamples = 0;
      bool decoderConfiguration = false;   // an avcC box
    };

    // Boxes whose content is metadata: each becomes "free" with its content zeroed.
    const std::set<std::string> MetadataBoxes = {"udta", "meta", "uuid", "prft", "emsg", "ID32", "XMP_"};
    const std::set<std::string> Containers = {"moov", "trak", "mdia", "minf", "stbl", "edts", "dinf", "mvex",
                                              "moof", "traf", "mfra"};

    class Scrubber
    {
    public:
      explicit Scrubber(std::string& mp4) : mp4_(mp4) {}

      Result Run()
      {
        if (mp4_.size() < 8 || mp4_.compare(4, 4, "ftyp") != 0)
        {
          throw WrapError("this is not an MP4 video (it does not start with an \"ftyp\" box)" + std::string(ExportAgain));
        }
        if (mp4_.size() >= 12 && mp4_.compare(8, 4, "qt  ") == 0)
        {
          throw WrapError("this is a QuickTime movie (.mov), not an MP4" + std::string(ExportAgain));
        }
        Walk(0, mp4_.size(), 0);
        if (moovCount_ != 1)
        {
          throw WrapError(std::string(moovCount_ == 0 ? "this MP4 has no movie header (\"moov\" box): it is cut short "
                                                        "or damaged"
                                                      : "this MP4 has more than one movie header (\"moov\" box)") +
                          ExportAgain);
        }
        return Finish();
      }

    private:
      Box ReadBox(size_t at, size_t end)
      {
        if (end - at < 8)
        {
          throw WrapError("this MP4 is damaged: a box is cut short" + std::string(ExportAgain));
        }
        Box box;
        box.begin = at;
        box.type = mp4_.substr(at + 4, 4);
        uint64_t size = Read32(mp4_, at);
        box.content = at + 8;
        if (size == 1)
        {
          if (end - at < 16)
          {
            throw WrapError("this MP4 is damaged: a box is cut short" + std::string(ExportAgain));
          }
          size = Read64(mp4_, at + 8);
          box.content = at + 16;
        }
        else if (size == 0)
        {
          size = end - at;   // to the end of its container
        }
        if (size < box.content - at || size > end - at)
        {
          throw WrapError("this MP4 is damaged: a box is larger than what holds it" + std::string(ExportAgain));
        }
        box.end = at + static_cast<size_t>(size);
        if (box.type == "uuid")
        {
          if (box.end - box.content < 16)
          {
            throw WrapError("this MP4 is damaged: a box is cut short" + std::string(ExportAgain));
          }
          box.content += 16;
        }
        if (++boxes_ > MaximumBoxes)
        {
          throw WrapError("this MP4 has more than " + std::to_string(MaximumBoxes) + " boxes" + ExportAgain);
        }
        return box;
      }

      void Zero(size_t begin, size_t end)
      {
        std::fill(mp4_.begin() + static_cast<std::ptrdiff_t>(begin), mp4_.begin() + static_cast<std::ptrdiff_t>(end), '\0');
      }

      void Neutralize(const Box& box)
      {
        const size_t header = Read32(mp4_, box.begin) == 1 ? 16 : 8;   // a uuid's user type is content now
        mp4_.replace(box.begin + 4, 4, "free");
        Zero(box.begin + header, box.end);
        neutralized_[box.type]++;
      }

      // Zeroes creation_time and modification_time of mvhd, tkhd, mdhd (full boxes, 32 or 64 bits each).
      void ZeroTimes(const Box& box)
      {
        Need(box, 4);
        const size_t width = mp4_[box.content] == 1 ? 8 : 4;
        Need(box, 4 + 2 * width);
        Zero(box.content + 4, box.content + 4 + 2 * width);
        timesZeroed_++;
      }

      void Need(const Box& box, uint64_t bytes)
      {
        if (box.end - box.content < bytes)
        {
          throw WrapError("this MP4 is damaged: the \"" + box.type + "\" box is too short" + ExportAgain);
        }
      }

      void Walk(size_t begin, size_t end, unsigned int depth)
      {
        if (depth > MaximumDepth)
        {
          throw WrapError("this MP4 nests its boxes deeper than " + std::to_string(MaximumDepth) + " levels" +
                          ExportAgain);
        }
        size_t at = begin;
        while (at < end)
        {
          const Box box = ReadBox(at, end);
          Handle(box, depth);
          at = box.end;
        }
      }

      void Handle(const Box& box, unsigned int depth)
      {
        const std::string& type = box.type;
        if (MetadataBoxes.count(type) != 0 || type.compare(0, 1, "\xA9") == 0)
        {
          Neutralize(box);
          return;
        }
        if (type == "free" || type == "skip")
        {
          Zero(box.content, box.end);
          return;
        }
        if (type == "moov")
        {
          moovCount_++;
        }
        if (type == "trak")
        {
          Track* const enclosing = current_;   // a trak in a trak (malformed) must not lose the outer one
          tracks_.emplace_back();
          current_ = &tracks_.back();
          Walk(box.content, box.end, depth + 1);
          current_ = enclosing;
          return;
        }
        if (Containers.count(type) != 0)
        {
          Walk(box.content, box.end, depth + 1);
          return;
        }
        if (type == "mvhd" || type == "mdhd" || type == "tkhd")
        {
          ZeroTimes(box);
        }
        if (current_ == nullptr)
        {
          Fragment(box);
          return;
        }
        const bool v1 = box.end > box.content && mp4_[box.content] == 1;
        if (type == "tkhd")
        {
          Need(box, v1 ? 24 : 16);
          current_->id = Read32(mp4_, box.content + (v1 ? 20 : 12));
        }
        else if (type == "mdhd")
        {
          Need(box, v1 ? 24 : 16);
          current_->timescale = Read32(mp4_, box.content + (v1 ? 20 : 12));
        }
        else if (type == "hdlr")
        {
          Need(box, 12);
          current_->handler = mp4_.substr(box.content + 8, 4);
        }
        else if (type == "stsd")
        {
          SampleDescription(box, depth);
        }
        else if (type == "stsz" || type == "stz2")
        {
          Need(box, 12);
          current_->video.frames = Read32(mp4_, box.content + 8);
        }
        else if (type == "stts")
        {
          Need(box, 8);
          const uint32_t entries = Read32(mp4_, box.content + 4);
          Need(box, 8 + uint64_t(entries) * 8);
          for (uint32_t i = 0; i < entries; i++)
          {
            const uint64_t count = Read32(mp4_, box.content + 8 + 8 * i);
            current_->sttsSamples += count;
            current_->sttsDuration += count * Read32(mp4_, box.content + 12 + 8 * i);
          }
        }
      }

      void SampleDescription(const Box& box, unsigned int depth)
      {
        Need(box, 8);
        if (Read32(mp4_, box.content + 4) == 0 || box.end - box.content < 16)
        {
          return;
        }
        const Box entry = ReadBox(box.content + 8, box.end);
        current_->codec = entry.type;
        if (entry.type != "avc1" && entry.type != "avc3")
        {
          return;
        }
        // VisualSampleEntry: 8 bytes of SampleEntry, then width and height at 24, child boxes from 78.
        Need(entry, 78);
        current_->video.width = Read16(mp4_, entry.content + 24);
        current_->video.height = Read16(mp4_, entry.content + 26);
        size_t at = entry.content + 78;
        if (depth + 2 > MaximumDepth)
        {
          throw WrapError("this MP4 nests its boxes too deep" + std::string(ExportAgain));
        }
        while (at < entry.end)
        {
          const Box child = ReadBox(at, entry.end);
          if (child.type == "avcC")
          {
            Need(child, 4);
            current_->video.profile = static_cast<unsigned char>(mp4_[child.content + 1]);
            current_->video.compatibility = static_cast<unsigned char>(mp4_[child.content + 2]);
            current_->video.level = static_cast<unsigned char>(mp4_[child.content + 3]);
            current_->decoderConfiguration = true;
          }
          else if (MetadataBoxes.count(child.type) != 0)
          {
            Neutralize(child);
          }
          at = child.end;
        }
      }

      // Boxes of movie fragments (moof/traf): sample counts and durations of the fragments.
      void Fragment(const Box& box)
      {
        const std::string& type = box.type;
        if (type == "trex")
        {
          Need(box, 16);
          defaultDuration_[Read32(mp4_, box.content + 4)] = Read32(mp4_, box.content + 12);
        }
        else if (type == "tfhd")
        {
          Need(box, 8);
          const uint32_t flags = Read32(mp4_, box.content) & 0xFFFFFF;
          fragmentTrack_ = Read32(mp4_, box.content + 4);
          fragmentDuration_ = defaultDuration_.count(fragmentTrack_) ? defaultDuration_[fragmentTrack_] : 0;
          size_t at = 8 + ((flags & 0x01) ? 8 : 0) + ((flags & 0x02) ? 4 : 0);
          if (flags & 0x08)
          {
            Need(box, at + 4);
            fragmentDuration_ = Read32(mp4_, box.content + at);
          }
        }
        else if (type == "trun")
        {
          Need(box, 8);
          const uint32_t flags = Read32(mp4_, box.content) & 0xFFFFFF;
          const uint32_t samples = Read32(mp4_, box.content + 4);
          Samples& counted = fragmentSamples_[fragmentTrack_];
          counted.count += samples;
          if (flags & 0x100)
          {
            size_t at = 8 + ((flags & 0x01) ? 4 : 0) + ((flags & 0x04) ? 4 : 0);
            const size_t stride = 4 * (1 + ((flags & 0x200) ? 1 : 0) + ((flags & 0x400) ? 1 : 0) + ((flags & 0x800) ? 1 : 0));
            Need(box, at + uint64_t(samples) * stride);
            for (uint32_t i = 0; i < samples; i++, at += stride)
            {
              counted.duration += Read32(mp4_, box.content + at);
            }
          }
          else
          {
            counted.duration += uint64_t(samples) * fragmentDuration_;
          }
        }
      }

      Result Finish()
      {
        Track* video = nullptr;
        for (Track& track : tracks_)
        {
          if (track.handler == "vide")
          {
            if (video != nullptr)
            {
              throw WrapError("this MP4 has more than one video track" + std::string(ExportAgain));
            }
            video = &track;
          }
          else if (track.handler != "soun")
          {
            throw WrapError("this MP4 has a track of another kind than video and sound (\"" +
                            Printable(track.handler) + "\": timed metadata such as GPS, text or time code), whose "
                            "data would stay in the file" + ExportAgain);
          }
        }
        if (video == nullptr)
        {
          throw WrapError("this MP4 has no video track" + std::string(ExportAgain));
        }
        if (video->codec != "avc1" && video->codec != "avc3")
        {
          throw WrapError("this video is not H.264 (AVC) but \"" + Printable(video->codec) +
                          "\" (e.g. HEVC/H.265); DICOM's video instances here take H.264" + ExportAgain);
        }
        if (!video->decoderConfiguration)
        {
          throw WrapError("this MP4's H.264 track has no decoder configuration (\"avcC\" box)" + std::string(ExportAgain));
        }
        Result result;
        result.video = video->video;
        uint64_t duration = video->sttsDuration;
        const auto fragments = fragmentSamples_.find(video->id);
        if (fragments != fragmentSamples_.end())
        {
          result.video.frames += fragments->second.count;
          duration += fragments->second.duration;
        }
        if (result.video.frames > 0 && video->timescale > 0 && duration > 0)
        {
          result.video.frameTimeMs = 1000.0 * double(duration) / double(video->timescale) / double(result.video.frames);
        }
        if (timesZeroed_ > 0)
        {
          result.removed.push_back("the creation and modification times (" + std::to_string(timesZeroed_) + " boxes)");
        }
        for (const auto& [type, count] : neutralized_)
        {
          result.removed.push_back("\"" + Printable(type) + "\" metadata boxes (" + std::to_string(count) + ")");
        }
        return result;
      }

      static std::string Printable(const std::string& fourCc)
      {
        std::string text;
        for (const char c : fourCc)
        {
          text.push_back(c >= 0x20 && c < 0x7F && c != '"' ? c : '?');   // "\xA9xyz" -> "?xyz"
        }
        return text;
      }

      struct Samples
      {
        uint64_t count = 0;
        uint64_t duration = 0;
      };

      std::string& mp4_;
      size_t boxes_ = 0;
      unsigned int moovCount_ = 0;
      std::deque<Track> tracks_;   // a deque: current_ points into it
      Track* current_ = nullptr;
      size_t timesZeroed_ = 0;
      std::map<std::string, size_t> neutralized_;
      std::map<uint32_t, uint32_t> defaultDuration_;
      uint32_t fragmentTrack_ = 0;
      uint32_t fragmentDuration_ = 0;
      std::map<uint32_t, Samples> fragmentSamples_;
    };
  }

  Result Scrub(std::string& mp4)
  {
    return Scrubber(mp4).Run();
  }
}
