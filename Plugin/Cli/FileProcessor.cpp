#include "Cli/FileProcessor.h"

#include "Cli/DicomFileReader.h"
#include "Cli/DicomFileWriter.h"
#include "Cli/Join.h"
#include "Core/DicomBuffer.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>

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
    LoadedDicom loaded = LoadDicomFile(task.input);
    if (loaded.kind == FileKind::Unreadable)
    {
      return Failure("cannot read the file");
    }
    if (loaded.kind == FileKind::NotDicom)
    {
      return NotDicom(task, NotDicomReason);
    }
    if (!loaded.file)
    {
      if (loaded.kind == FileKind::RawDataset)
      {
        return NotDicom(task, loaded.parseError);
      }
      return Failure(loaded.parseError);
    }
    DcmFileFormat& file = *loaded.file;
    if (IsDicomDir(file))
    {
      const std::string reason = "DICOMDIR: not anonymized (rebuild it from the output, e.g. with dcmmkdir)";
      return task.explicitlyNamed ? Failure(reason) : Skip(reason);
    }

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
