#include "Cli/FileProcessor.h"

#include "Cli/DicomFileWriter.h"
#include "Cli/DicomSniffer.h"
#include "Cli/Join.h"
#include "Core/DicomBuffer.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <filesystem>
#include <fstream>
#include <iterator>

namespace Ratatoskr::Cli
{
  namespace
  {
    const char* const NotDicomReason = "not a DICOM file";

    FileResult NotDicom(const FileTask& task, const std::string& detail)
    {
      return task.explicitlyNamed ? Failure(detail) : Skip(NotDicomReason);
    }

    bool IsDicomDir(DcmFileFormat& file)
    {
      OFString sopClass;
      return file.getMetaInfo()->findAndGetOFString(DCM_MediaStorageSOPClassUID, sopClass).good() &&
             sopClass == UID_MediaStorageDirectoryStorage;
    }

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
    catch (const Core::BurnedInAnnotationError& e)
    {
      return Failure(std::string("rejected (burned-in annotation): ") + e.what());
    }
    catch (const Core::DicomInputError& e)
    {
      return Failure(std::string("invalid DICOM input: ") + e.what());
    }
    catch (const Core::LeakError& e)
    {
      return Failure("not written, original identifying values survived in: " + Join(e.Paths()));
    }
    catch (const Core::AnonymizationError& e)
    {
      return Failure(std::string("anonymization failed: ") + e.what());
    }
    catch (const std::exception& e)
    {
      return Failure(e.what());
    }
    catch (...)
    {
      return Failure("unexpected error");
    }
  }

  FileResult FileProcessor::ProcessUnchecked(const FileTask& task) const
  {
    const FileKind kind = SniffFile(task.input);
    if (kind == FileKind::Unreadable)
    {
      return Failure("cannot open the file");
    }
    if (kind == FileKind::NotDicom)
    {
      return NotDicom(task, NotDicomReason);
    }

    DcmFileFormat file;
    const OFCondition loaded = file.loadFile(task.input.c_str());
    if (loaded.bad())
    {
      if (kind == FileKind::RawDataset)
      {
        return NotDicom(task, std::string("not a readable DICOM file: ") + loaded.text());
      }
      return Failure(std::string("cannot be parsed as DICOM: ") + loaded.text());
    }
    if (IsDicomDir(file))
    {
      const std::string reason = "DICOMDIR: not anonymized (rebuild it from the output, e.g. with dcmmkdir)";
      return task.explicitlyNamed ? Failure(reason) : Skip(reason);
    }

    FileResult result;
    std::error_code error;
    result.inputBytes = std::filesystem::file_size(task.input, error);
    if (dryRun_)
    {
      // Preview() takes Part 10 bytes: a dataset without meta header gets one first.
      const std::string bytes = kind == FileKind::Part10 ? ReadWholeFile(task.input) : Core::DicomBuffer::Write(file);
      result.preview = anonymizer_.Preview(bytes.data(), bytes.size(), context_);
    }
    else
    {
      result.report = anonymizer_.Apply(file, context_);
      result.outputBytes = SaveAtomically(file, task.output);
    }
    result.status = FileStatus::Anonymized;
    return result;
  }
}
