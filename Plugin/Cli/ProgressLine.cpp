#include "Cli/ProgressLine.h"

#include <unistd.h>

namespace Ratatoskr::Cli
{
  namespace
  {
    const auto RedrawInterval = std::chrono::milliseconds(200);
  }

  ProgressLine::ProgressLine(size_t total, bool enabled, std::FILE* stream) :
    total_(total), enabled_(enabled), stream_(stream), start_(std::chrono::steady_clock::now()), lastDraw_(start_)
  {
  }

  ProgressLine::~ProgressLine()
  {
    Finish();
  }

  bool ProgressLine::ShouldShow(bool forced, bool disabled)
  {
    return forced || (!disabled && isatty(STDERR_FILENO) == 1);
  }

  void ProgressLine::Done(FileStatus status)
  {
    std::lock_guard<std::mutex> lock(mutex_);
    done_++;
    failed_ += (status == FileStatus::Failed) ? 1 : 0;
    skipped_ += (status == FileStatus::Skipped) ? 1 : 0;
    const auto now = std::chrono::steady_clock::now();
    if (enabled_ && now - lastDraw_ >= RedrawInterval)
    {
      lastDraw_ = now;
      DrawLocked();
    }
  }

  void ProgressLine::Finish()
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (enabled_ && !finished_)
    {
      DrawLocked();
      std::fputc('\n', stream_);
      std::fflush(stream_);
    }
    finished_ = true;
  }

  void ProgressLine::DrawLocked()
  {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double rate = seconds > 0 ? static_cast<double>(done_) / seconds : 0.0;
    std::fprintf(stream_, "\r%zu/%zu files (%.0f%%), %.1f files/s, %zu failed, %zu skipped ",
                 done_, total_, total_ > 0 ? 100.0 * static_cast<double>(done_) / static_cast<double>(total_) : 100.0,
                 rate, failed_, skipped_);
    std::fflush(stream_);
  }
}
