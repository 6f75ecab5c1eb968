#include "Cli/FileProcessor.h"

#include "Cli/DicomFileReader.h"
#include "Cli/DicomFileWriter.h"
#include "Cli/FileOutcome.h"
#include "Core/DicomBuffer.h"

#include <dcmtk/dcmdata/dcfilefo.h>

#include <fstream>
#include <iterator>

namespace Ratatoskr::Cli
{
  namespace
  {
    std::string ReadWholeFile(const std::string& path)
    {
      std::ifstream stream(path, std::ios::binary);
      if (!stream)
      {
        throw std::runtime_error("cannot open the file");
      }
      return std::string((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
    }
  }

  FileResult FileProcessor::Process(const FileTask& task) const
  {
    try
    {
      return ProcessUnchecked(task);
    }
    catch (...)
    {
      return FailureOfCurrentException();
    }
  }

  FileResult FileProcessor::ProcessUnchecked(const FileTask& task) const
  {
    LoadedDicom loaded = LoadDicomFile(task.input);
    if (std::optional<FileResult> rejected = Rejection(loaded, task.explicitlyNamed))
    {
      return *rejected;
    }
    DcmFileFormat& file = *loaded.file;

    FileResult result;
    result.inputBytes = loaded.size;
    if (dryRun_)
    {
      // Preview() takes Part 10 bytes: a dataset without meta header gets one first.
      if (loaded.kind != FileKind::Part10)
      {
        loaded.bytes = Core::DicomBuffer::Write(file);
      }
      else if (loaded.bytes.empty())
      {
        loaded.bytes = ReadWholeFile(task.input);
      }
      result.preview = anonymizer_.Preview(loaded.bytes.data(), loaded.bytes.size(), context_);
    }
    else
    {
      loaded.bytes.clear();
      loaded.bytes.shrink_to_fit();  // parsed: the element values hold their own copy
      result.report = anonymizer_.Apply(file, context_);
      result.outputBytes = SaveAtomically(file, task.output);
    }
    result.status = FileStatus::Anonymized;
    return result;
  }
}
