#include "Cli/FileOutcome.h"

#include "Cli/Join.h"
#include "Core/Errors.h"

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcuid.h>

namespace Ratatoskr::Cli
{
  namespace
  {
    const char* const NotDicomReason = "not a DICOM file";

    FileResult NotDicom(bool explicitlyNamed, const std::string& detail)
    {
      return explicitlyNamed ? Failure(detail) : Skip(NotDicomReason);
    }

    bool IsDicomDir(DcmFileFormat& file)
    {
      OFString sopClass;
      return file.getMetaInfo()->findAndGetOFString(DCM_MediaStorageSOPClassUID, sopClass).good() &&
             sopClass == UID_MediaStorageDirectoryStorage;
    }
  }

  std::optional<FileResult> Rejection(const LoadedDicom& loaded, bool explicitlyNamed)
  {
    if (loaded.kind == FileKind::Unreadable)
    {
      return Failure("cannot read the file");
    }
    if (loaded.kind == FileKind::NotDicom)
    {
      return NotDicom(explicitlyNamed, NotDicomReason);
    }
    if (!loaded.file)
    {
      if (loaded.kind == FileKind::RawDataset)
      {
        return NotDicom(explicitlyNamed, loaded.parseError);
      }
      return Failure(loaded.parseError);
    }
    if (IsDicomDir(*loaded.file))
    {
      const std::string reason = "DICOMDIR: not anonymized (rebuild it from the output, e.g. with dcmmkdir)";
      return explicitlyNamed ? Failure(reason) : Skip(reason);
    }
    return std::nullopt;
  }

  FileResult FailureOfCurrentException()
  {
    try
    {
      throw;
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
}
