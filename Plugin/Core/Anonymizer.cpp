#include "Core/Anonymizer.h"

#include <stdexcept>

namespace Ratatoskr::Core
{
  // STUB: replaced by the real implementation shortly.
  Anonymizer::Anonymizer(std::shared_ptr<const ResolvedProfile> profile, const Pseudonymizer& pseudonymizer) :
    profile_(std::move(profile)), pseudonymizer_(pseudonymizer)
  {
    if (!profile_) throw std::invalid_argument("Anonymizer: no profile");
  }
  AnonymizationReport Anonymizer::Apply(DcmFileFormat&, const AnonymizationContext&) const { throw AnonymizationError("not implemented yet"); }
  std::string Anonymizer::AnonymizeBuffer(const void*, size_t, const AnonymizationContext&, AnonymizationReport&) const { throw AnonymizationError("not implemented yet"); }
  Json::Value Anonymizer::Preview(const void*, size_t, const AnonymizationContext&) const { throw AnonymizationError("not implemented yet"); }
}
