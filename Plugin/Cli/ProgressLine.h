#pragma once

#include "Cli/FileResult.h"

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <mutex>

// One self-overwriting status line on stderr ("\r..."), redrawn at most every 200 ms. Thread-safe.
namespace Ratatoskr::Cli
{
  class ProgressLine
  {
  public:
    ProgressLine(size_t total, bool enabled, std::FILE* stream = stderr);
    ~ProgressLine();
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    void Done(FileStatus status);
    void Finish();   // final redraw and newline

    // Enabled when forced, or when stderr is a terminal and not disabled.
    static bool ShouldShow(bool forced, bool disabled);

  private:
    void DrawLocked();

    const size_t total_;
    const bool enabled_;
    std::FILE* stream_;
    const std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point lastDraw_;
    std::mutex mutex_;
    size_t done_ = 0, failed_ = 0, skipped_ = 0;
    bool finished_ = false;
  };
}
