#include "Wasm/WasmEngine.h"

#include "Cli/DicomEncoding.h"
#include "Cli/DicomFileReader.h"
#include "Cli/FileOutcome.h"
#include "Core/BoundedJson.h"
#include "Core/JsonText.h"
#include "Core/Mp4ToVideoInstance.h"
#include "Core/PdfToEncapsulatedPdf.h"
#include "Core/PictureToSecondaryCapture.h"
#include "Core/PixelMasker.h"
#include "Core/WrapContext.h"
#include "Core/SecretText.h"
#include "Core/ServedProfile.h"
#include "Wasm/FileSummary.h"
#include "Wasm/ResultJson.h"

#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/oflog/oflog.h>
#include <json/reader.h>

#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

namespace Ratatoskr::Wasm
{
  namespace
  {
    // Placeholders of the profile's Replace values: a JSON object of strings ("" or "{}" for none).
    std::map<std::string, std::string> ParseMetadata(const std::string& json)
    {
      std::map<std::string, std::string> metadata;
      if (json.empty())
      {
        return metadata;
      }
      Json::Value value;
      std::string errors;
      const std::unique_ptr<Json::CharReader> reader(Json::CharReaderBuilder().newCharReader());
      if (!reader->parse(json.data(), json.data() + json.size(), &value, &errors) || !value.isObject())
      {
        throw std::invalid_argument("metadata must be a JSON object of strings");
      }
      for (const std::string& key : value.getMemberNames())
      {
        if (!value[key].isString())
        {
          throw std::invalid_argument("metadata must be a JSON object of strings (\"" + key + "\" is not a string)");
        }
        metadata[key] = value[key].asString();
      }
      return metadata;
    }

    // [{"X", "Y", "Width", "Height"}...] of non-negative integers.
    std::vector<Core::MaskRegion> ParseRegions(const std::string& json)
    {
      Json::Value value;
      std::string errors;
      const std::unique_ptr<Json::CharReader> reader(Json::CharReaderBuilder().newCharReader());
      const char* const rule = "rectangles must be a JSON array of {\"X\", \"Y\", \"Width\", \"Height\"} "
                               "(non-negative integers)";
      if (!reader->parse(json.data(), json.data() + json.size(), &value, &errors) || !value.isArray())
      {
        throw std::invalid_argument(rule);
      }
      std::vector<Core::MaskRegion> regions;
      for (const Json::Value& item : value)
      {
        Core::MaskRegion region;
        unsigned int* fields[] = {&region.x, &region.y, &region.width, &region.height};
        const char* names[] = {"X", "Y", "Width", "Height"};
        for (size_t i = 0; i < 4; i++)
        {
          if (!item.isObject() || !item[names[i]].isUInt())
          {
            throw std::invalid_argument(rule);
          }
          *fields[i] = item[names[i]].asUInt();
        }
        regions.push_back(region);
      }
      return regions;
    }

    Json::Value Ok()
    {
      Json::Value json(Json::objectValue);
      json["Ok"] = true;
      return json;
    }
  }

  WasmEngine::WasmEngine()
  {
    OFLog::configure(OFLogger::FATAL_LOG_LEVEL);   // DCMTK's messages can quote element values, as in the CLI
    try
    {
      registry_ = std::make_unique<Core::ProfileRegistry>();
      registry_->LoadBuiltin();
    }
    catch (const std::exception& e)
    {
      registry_.reset();
      error_ = std::string("the built-in profiles cannot be loaded: ") + e.what();
    }
  }

  std::string WasmEngine::ListProfiles() const
  {
    Json::Value json = Ok();
    json["Profiles"] = Json::Value(Json::arrayValue);
    if (registry_)
    {
      for (const std::string& name : registry_->ListNames())
      {
        json["Profiles"].append(name);
      }
    }
    return Text(json);
  }

  std::string WasmEngine::LoadProfile(const std::string& json, const std::string& origin)
  {
    if (!registry_)
    {
      return ErrorText(error_, "Profile");
    }
    try
    {
      Json::Value answer = Ok();
      // A resolved profile as the plugin serves it (GET /ratatoskr/profiles/{name}), or a profile file.
      if (Core::IsServedProfile(Core::JsonText::Parse(json, origin)))
      {
        answer["Name"] = registry_->LoadServedJson(json, origin);
        answer["Resolved"] = true;
      }
      else
      {
        answer["Name"] = registry_->LoadJson(json, origin);
        answer["Resolved"] = false;
      }
      return Text(answer);
    }
    catch (const std::exception& e)
    {
      return ErrorText(e.what(), "Profile");
    }
  }

  std::string WasmEngine::Configure(const std::string& profile, const std::string& secret, const std::string& uidRoot)
  {
    return ConfigureChecked(profile, false, secret, uidRoot);
  }

  std::string WasmEngine::ConfigureWithKeyFile(const std::string& profile, const std::string& keyFileText,
                                               const std::string& uidRoot)
  {
    return ConfigureChecked(profile, true, keyFileText, uidRoot);
  }

  std::string WasmEngine::ConfigureChecked(const std::string& profile, bool fromKeyFile, const std::string& given,
                                           const std::string& uidRoot)
  {
    if (!registry_)
    {
      return ErrorText(error_, "Profile");
    }
    std::shared_ptr<const Core::ResolvedProfile> resolved;
    try
    {
      resolved = registry_->Get(profile);
    }
    catch (const std::exception& e)
    {
      return ErrorText(e.what(), "Profile");
    }
    std::string secret;
    try
    {
      if (fromKeyFile)
      {
        secret = Core::SecretFromKeyFileText(given);
      }
      else
      {
        Core::CheckSecretLength(given);
        secret = given;
      }
    }
    catch (const std::exception& e)
    {
      return ErrorText(e.what(), "Secret");
    }
    if (!uidRoot.empty() && !Core::Pseudonymizer::IsValidUidRoot(uidRoot))
    {
      return ErrorText(Core::Pseudonymizer::UidRootRule, "UidRoot");
    }
    try
    {
      anonymizer_ = std::make_unique<Core::Anonymizer>(   // replaced only now: a refused one changes nothing
        resolved, uidRoot.empty() ? Core::Pseudonymizer(secret) : Core::Pseudonymizer(secret, uidRoot));
    }
    catch (const std::exception& e)
    {
      return ErrorText(e.what(), "Secret");
    }
    Json::Value json = Ok();
    json["Profile"]["Name"] = resolved->Name();
    json["Profile"]["Version"] = resolved->Version();
    json["Profile"]["Hash"] = resolved->Hash();
    json["KeyId"] = anonymizer_->PseudonymizerUsed().KeyId();
    return Text(json);
  }

  std::string& WasmEngine::Input(size_t size)
  {
    std::string().swap(input_);
    input_.resize(size);
    return input_;
  }

  std::string WasmEngine::Anonymize(const std::string& metadataJson, bool failOnLeak, bool explicitlyNamed,
                                    const Cli::OutputSink& sink)
  {
    std::string bytes;
    bytes.swap(input_);
    Cli::FileResult result;
    bool encodingFailed = false;
    try
    {
      if (!anonymizer_)
      {
        throw std::logic_error("the engine has no profile and key yet (configure first)");
      }
      Core::AnonymizationContext context;
      context.metadata = ParseMetadata(metadataJson);
      context.failOnLeak = failOnLeak;

      Cli::LoadedDicom loaded = Cli::LoadDicomBytes(std::move(bytes));
      if (std::optional<Cli::FileResult> rejected = Cli::Rejection(loaded, explicitlyNamed))
      {
        result = *rejected;
      }
      else
      {
        loaded.bytes.clear();
        loaded.bytes.shrink_to_fit();   // parsed: the element values hold their own copy
        result.inputBytes = loaded.size;
        result.report = anonymizer_->Apply(*loaded.file, context);
        try
        {
          Cli::EncodeForOutput(*loaded.file, [&](const char* data, size_t size) {
            result.outputBytes += size;
            sink(data, size);
          });
        }
        catch (const std::exception&)
        {
          encodingFailed = true;
          throw;
        }
        result.status = Cli::FileStatus::Anonymized;
      }
    }
    catch (...)
    {
      result = Cli::FailureOfCurrentException();
    }
    Json::Value json = FileResultJson(result);
    if (encodingFailed)
    {
      json["Stage"] = "Write";   // the CLI says: cannot write "<output path>": <reason>
    }
    return Text(json);
  }

  std::string WasmEngine::Preview(const std::string& metadataJson)
  {
    std::string bytes;
    bytes.swap(input_);
    try
    {
      if (!anonymizer_)
      {
        throw std::logic_error("the engine has no profile and key yet (configure first)");
      }
      Core::AnonymizationContext context;
      context.metadata = ParseMetadata(metadataJson);
      Json::Value json = Ok();
      json["Attributes"] = anonymizer_->Preview(bytes.data(), bytes.size(), context);
      return Text(json);
    }
    catch (...)
    {
      return ErrorText(Cli::FailureOfCurrentException().reason);
    }
  }

  std::string WasmEngine::Summary()
  {
    std::string bytes;
    bytes.swap(input_);
    try
    {
      Cli::LoadedDicom loaded = Cli::LoadDicomBytes(std::move(bytes));
      if (std::optional<Cli::FileResult> rejected = Cli::Rejection(loaded, true))
      {
        return ErrorText(rejected->reason);
      }
      Json::Value json = Ok();
      json["Size"] = static_cast<Json::UInt64>(loaded.size);
      json["Summary"] = FileSummary(*loaded.file);
      return Text(json);
    }
    catch (...)
    {
      return ErrorText(Cli::FailureOfCurrentException().reason);
    }
  }

  std::string WasmEngine::Mask(const std::string& regionsJson, const Cli::OutputSink& sink)
  {
    std::string bytes;
    bytes.swap(input_);
    try
    {
      Core::PixelMask mask;
      mask.regions = ParseRegions(regionsJson);
      Cli::LoadedDicom loaded = Cli::LoadDicomBytes(std::move(bytes));
      if (std::optional<Cli::FileResult> rejected = Cli::Rejection(loaded, true))
      {
        return ErrorText(rejected->reason);
      }
      loaded.bytes.clear();
      loaded.bytes.shrink_to_fit();
      Core::PixelMasker::Apply(*loaded.file->getDataset(), mask);
      Json::UInt64 written = 0;
      Cli::EncodeForOutput(*loaded.file, [&](const char* data, size_t size) {
        written += size;
        sink(data, size);
      });
      Json::Value json = Ok();
      json["OutputBytes"] = written;
      return Text(json);
    }
    catch (...)
    {
      return ErrorText(Cli::FailureOfCurrentException().reason);
    }
  }

  std::string WasmEngine::Wrap(const std::string& kind, const std::string& optionsJson,
                               const std::string& contextDicom, const Cli::OutputSink& sink)
  {
    std::string bytes;
    bytes.swap(input_);
    try
    {
      Json::Value options;
      const Core::JsonParseResult parsed = Core::ParseBoundedJson(optionsJson.empty() ? "{}" : optionsJson,
                                                                  Core::ClientJsonLimits, options);
      if (!parsed.Ok() || !options.isObject())
      {
        throw std::invalid_argument("the options of wrap must be a JSON object");
      }
      const Core::WrapContext context = contextDicom.empty()
        ? Core::WrapContext::FromJson(options["Context"])
        : Core::WrapContext::FromDicom(contextDicom.data(), contextDicom.size());
      Core::WrapResult result;
      if (kind == "image")
      {
        if (!options["Width"].isUInt() || !options["Height"].isUInt())
        {
          throw std::invalid_argument("a picture needs its width and height (whole numbers)");
        }
        result = Core::PictureToSecondaryCapture::Convert(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(),
                                                          options["Width"].asUInt(), options["Height"].asUInt(), context);
      }
      else if (kind == "pdf")
      {
        result = Core::PdfToEncapsulatedPdf::Convert(std::move(bytes), context);
      }
      else if (kind == "video")
      {
        result = Core::Mp4ToVideoInstance::Convert(std::move(bytes), context);
      }
      else
      {
        throw std::invalid_argument("the kind of file to wrap must be \"image\", \"pdf\" or \"video\"");
      }
      std::string().swap(bytes);
      sink(result.dicom.data(), result.dicom.size());
      Json::Value json = Ok();
      json["OutputBytes"] = static_cast<Json::UInt64>(result.dicom.size());
      json["StudyInstanceUid"] = result.studyInstanceUid;
      json["SeriesInstanceUid"] = result.seriesInstanceUid;
      json["SopInstanceUid"] = result.sopInstanceUid;
      json["Removed"] = Json::Value(Json::arrayValue);
      for (const std::string& removed : result.removed)
      {
        json["Removed"].append(removed);
      }
      return Text(json);
    }
    catch (const std::bad_alloc&)
    {
      return ErrorText("the file is too large to be converted here (out of memory)");
    }
    catch (const std::exception& e)
    {
      return ErrorText(e.what());
    }
  }

  std::string WasmEngine::Version()
  {
    return RATATOSKR_VERSION;
  }
}
