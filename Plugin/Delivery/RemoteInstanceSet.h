#pragma once

#include <set>
#include <stdexcept>
#include <string>

namespace Ratatoskr::Delivery
{
  class RemoteAnswerError : public std::runtime_error
  {
  public:
    using std::runtime_error::runtime_error;
  };

  // The SOP Instance UIDs of a QIDO-RS/WADO-RS metadata answer ("/studies/{uid}/instances" with
  // includefield=00080018): a DICOM JSON array of objects. An empty body (204 No Content: the study is not
  // there) is the empty set. Throws RemoteAnswerError when the answer is not such an array.
  std::set<std::string> ParseRemoteSopInstanceUids(const std::string& body);
}
