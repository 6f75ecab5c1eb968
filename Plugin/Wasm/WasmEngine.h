#pragma once

#include "Cli/DicomEncoding.h"
#include "Core/Anonymizer.h"
#include "Core/ProfileRegistry.h"

#include <memory>
#include <string>

// The engine as the WebAssembly module offers it (Bindings.cpp; JavaScript API in js/ratatoskr-engine.mjs):
// the built-in profiles plus any loaded as JSON, one configured profile and key, and one file at a time,
// bytes in, bytes out, processed as the CLI processes a file (Cli/FileOutcome.h: same rejections and
// reasons, same output bytes). Every answer is JSON text; no exception leaves this class (errors are
// values: a C++ exception must not reach JavaScript, where it is an opaque number).
namespace Ratatoskr::Wasm
{
  class WasmEngine
  {
  public:
    WasmEngine();

    // {"Profiles": [names]}
    std::string ListProfiles() const;

    // Adds a profile given as JSON (a file's text); `origin` names it in errors (e.g. the file's path).
    // {"Ok": true, "Name"} or {"Ok": false, "Error"}: the ProfileError's text, as the CLI shows it.
    std::string LoadProfile(const std::string& json, const std::string& origin);

    // Chooses the profile (a loaded name) and the key; an empty uidRoot is the default (2.25).
    // {"Ok": true, "Profile": {"Name", "Version", "Hash"}, "KeyId"} or {"Ok": false, "Error", "Kind"}
    // with Kind "Profile", "Secret" or "UidRoot" (the previous configuration then stays). The key is checked
    // by Core's rule (SecretText.h).
    std::string Configure(const std::string& profile, const std::string& secret, const std::string& uidRoot);
    // The same with the key in a key file's bytes (the caller reads the file, at most
    // Core::MaximumKeyFileSize + 1 bytes): Core::SecretFromKeyFileText, the plugin's and the CLI's rule.
    // The bytes stay bytes: a key that is not UTF-8 is the same key as for the native engine.
    std::string ConfigureWithKeyFile(const std::string& profile, const std::string& keyFileText,
                                     const std::string& uidRoot);

    // The file to process next: a buffer of `size` bytes that the caller fills (one copy from JavaScript,
    // straight into the heap), used and released by the next Anonymize() or Preview().
    std::string& Input(size_t size);

    // The input file: `metadataJson` is an object of strings (placeholders such as {CaseId}); explicitlyNamed
    // as in the CLI (a file named on the command line fails when it is not DICOM, one found in a folder is
    // skipped). The output bytes go to `sink` chunk by chunk (complete only when the answer says Anonymized).
    // {"Status": "Anonymized" | "Failed" | "Skipped", "Reason", "Stage": "Write" when encoding failed,
    //  "InputBytes", "OutputBytes", "Report"}.
    std::string Anonymize(const std::string& metadataJson, bool failOnLeak, bool explicitlyNamed,
                          const Cli::OutputSink& sink);

    // What each attribute of the input file would become: {"Ok": true, "Attributes": [...]}
    // (Anonymizer::Preview: Before holds original values, for the owner of the file only) or {"Ok": false,
    // "Error"}.
    std::string Preview(const std::string& metadataJson);

    // What the input file is, for the page's tree (FileSummary.h: original values, for its owner only), read
    // as Anonymize() reads it: {"Ok": true, "Size", "Summary": {...}} or {"Ok": false, "Error"} (the reason
    // Anonymize() would give: not DICOM, unparsable, a DICOMDIR). Needs no profile nor key.
    std::string Summary();

    // The input file with rectangles of its pixel data set to 0 in every frame (Core::PixelMasker: compressed
    // pixel data DCMTK decodes is written uncompressed), nothing else changed; `regionsJson` is an array of
    // {"X", "Y", "Width", "Height"} (pixels, 0-based from the top left). The bytes go to `sink`. {"Ok": true,
    // "OutputBytes"} or {"Ok": false, "Error"}. The Burned In Annotation flag stays as it is: whether a masked
    // file may be anonymized is the profile's decision (its BurnedInAnnotation policy).
    std::string Mask(const std::string& regionsJson, const Cli::OutputSink& sink);

    // A collaborator's picture, PDF or MP4 made a DICOM instance (Core's converters; the container's metadata
    // removed), for Anonymize() next. `kind`: "image" (the input holds RGBA pixels, 8 bits each, as a canvas's
    // getImageData gives them; `optionsJson` has "Width" and "Height"), "pdf" or "video" (the input holds the
    // file). `optionsJson`: {"Width", "Height", "Context": {DICOM keywords, StudySeed, SeriesNumber,
    // InstanceNumber}} (Core::WrapContext::FromJson). `contextDicom`: the bytes of a DICOM file of the same
    // drop, whose patient and study the instance gets (original values, byte for byte; "" for none: then
    // "Context", or a new study). The bytes go to `sink`. {"Ok": true, "OutputBytes", "StudyInstanceUid",
    // "SeriesInstanceUid", "SopInstanceUid", "Removed": [what was taken out, in words]} or {"Ok": false,
    // "Error"} (a WrapError's words). Needs no profile nor key.
    std::string Wrap(const std::string& kind, const std::string& optionsJson, const std::string& contextDicom,
                     const Cli::OutputSink& sink);

    static std::string Version();

  private:
    std::string ConfigureChecked(const std::string& profile, bool fromKeyFile, const std::string& secret,
                                 const std::string& uidRoot);

    std::string error_;                        // why the registry could not be built, if so
    std::unique_ptr<Core::ProfileRegistry> registry_;
    std::unique_ptr<Core::Anonymizer> anonymizer_;
    std::string input_;
  };
}
