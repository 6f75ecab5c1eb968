#include <OrthancFramework.h>

#include "Orthanc/ExceptionText.h"

#include <OrthancException.h>

#include <exception>

namespace Ratatoskr
{
  std::string DescribeCurrentException()
  {
    try
    {
      throw;
    }
    catch (const std::exception& e)
    {
      return e.what();
    }
    catch (const Orthanc::OrthancException& e)
    {
      std::string text = e.What();
      if (e.HasDetails())
      {
        text += std::string(" (") + e.GetDetails() + ")";
      }
      return text;
    }
    catch (...)
    {
      return "an unknown kind of error";
    }
  }
}
