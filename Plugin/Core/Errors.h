#pragma once

#include <stdexcept>
#include <string>
#include <vector>

// Error types of the anonymization engine. None of their messages ever holds a value read from a
// DICOM file: they name files, rules, attributes (tag/keyword/path) and reasons only.
namespace Ratatoskr::Core
{
  // A profile (or the reference table it is built from) is wrong. The message names the file, the
  // rule (index and attribute) when there is one, and the reason.
  class ProfileError : public std::runtime_error
  {
  public:
    ProfileError(const std::string& file, const std::string& rule, const std::string& reason);

    const std::string& File() const { return file_; }
    const std::string& Rule() const { return rule_; }      // e.g. "Rules[3] (PatientNme)", or empty
    const std::string& Reason() const { return reason_; }

  private:
    std::string file_;
    std::string rule_;
    std::string reason_;
  };

  // The input is not a DICOM file the engine can anonymize (not DICOM, truncated, bad VR, no meta
  // header...). The message is a precise reason, never a value.
  class DicomInputError : public std::runtime_error
  {
  public:
    explicit DicomInputError(const std::string& reason) : std::runtime_error(reason) {}
  };

  // The instance is flagged BurnedInAnnotation=YES (or matches no configured mask while the profile
  // requires one) and the profile does not allow it. A DicomInputError: the file is rejected.
  class BurnedInAnnotationError : public DicomInputError
  {
  public:
    explicit BurnedInAnnotationError(const std::string& reason) : DicomInputError(reason) {}
  };

  // The leak check found original identifying values in the output. The message and Paths() list
  // attribute paths only.
  class LeakError : public std::runtime_error
  {
  public:
    explicit LeakError(const std::vector<std::string>& paths);
    const std::vector<std::string>& Paths() const { return paths_; }

  private:
    std::vector<std::string> paths_;
  };

  // A file cannot be turned into a DICOM instance (Core/PictureToSecondaryCapture, PdfToEncapsulatedPdf,
  // Mp4ToVideoInstance, WrapContext): the message says why in words a person understands, and what to do
  // instead when there is something (e.g. "print it to a new PDF first"). Never a value from the file.
  class WrapError : public std::runtime_error
  {
  public:
    explicit WrapError(const std::string& reason) : std::runtime_error(reason) {}
  };

  // Anonymization could not be completed for a reason other than the input or a leak, e.g. a
  // placeholder with no value in the context. The message names the attribute, never a value.
  class AnonymizationError : public std::runtime_error
  {
  public:
    explicit AnonymizationError(const std::string& reason) : std::runtime_error(reason) {}
  };
}
