#include "Cli/FileDiscovery.h"

#include <algorithm>
#include <filesystem>
#include <map>

namespace Ratatoskr::Cli
{
  namespace fs = std::filesystem;

  namespace
  {
    bool SameFile(const fs::path& a, const fs::path& b)
    {
      // `b` first: outputs usually do not exist yet, one stat(2) answers.
      std::error_code error;
      return fs::exists(b, error) && fs::exists(a, error) && fs::equivalent(a, b, error);
    }

    // True when `inner` is `outer` or lies below it (compared on absolute, normalized paths).
    bool IsWithin(const fs::path& inner, const fs::path& outer)
    {
      std::error_code error;
      const fs::path a = fs::weakly_canonical(inner, error);
      const fs::path b = fs::weakly_canonical(outer, error);
      auto ai = a.begin();
      for (auto bi = b.begin(); bi != b.end(); ++bi, ++ai)
      {
        if (bi->empty())
        {
          continue;  // trailing separator
        }
        if (ai == a.end() || *ai != *bi)
        {
          return false;
        }
      }
      return true;
    }

    void RequireExisting(const std::string& input)
    {
      std::error_code error;
      if (!fs::exists(input, error))
      {
        throw UsageError("input \"" + input + "\" does not exist");
      }
      if (!fs::is_regular_file(input, error) && !fs::is_directory(input, error))
      {
        throw UsageError("input \"" + input + "\" is neither a file nor a folder");
      }
    }

    void RequireFolderOutput(const std::string& output, const std::string& input)
    {
      std::error_code error;
      if (fs::exists(output, error) && !fs::is_directory(output, error))
      {
        throw UsageError("output \"" + output + "\" must be a folder (input \"" + input + "\" is a folder)");
      }
      if (SameFile(input, output))
      {
        throw UsageError("output folder \"" + output + "\" is the input folder: originals would be overwritten");
      }
    }

    // Every regular file below `root`, sorted, skipping `excluded` (the output folder) if inside.
    std::vector<fs::path> WalkFolder(const fs::path& root, const fs::path& excluded)
    {
      std::vector<fs::path> files;
      std::error_code error;
      const bool excludeSomething = !excluded.empty() && IsWithin(excluded, root);
      fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, error);
      if (error)
      {
        throw UsageError("cannot read folder \"" + root.string() + "\": " + error.message());
      }
      for (const fs::recursive_directory_iterator end; it != end; it.increment(error))
      {
        if (error)
        {
          throw UsageError("cannot read folder below \"" + root.string() + "\": " + error.message());
        }
        std::error_code entryError;
        if (excludeSomething && it->is_directory(entryError) && SameFile(it->path(), excluded))
        {
          it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file(entryError))
        {
          files.push_back(it->path());
        }
      }
      std::sort(files.begin(), files.end());
      return files;
    }

    void AddFolder(std::vector<FileTask>& tasks, const fs::path& root, const fs::path& outputRoot,
                   const std::string& displayPrefix, bool dryRun)
    {
      for (const fs::path& file : WalkFolder(root, outputRoot))
      {
        const fs::path relative = file.lexically_relative(root);
        FileTask task;
        task.input = file.string();
        task.output = dryRun ? std::string() : (outputRoot / relative).string();
        task.displayName = (fs::path(displayPrefix) / relative).string();
        tasks.push_back(std::move(task));
      }
    }

    FileTask SingleFile(const std::string& input, const fs::path& output)
    {
      FileTask task;
      task.input = input;
      task.output = output.string();
      task.displayName = input;
      task.explicitlyNamed = true;
      return task;
    }

    std::string FolderName(const fs::path& folder)
    {
      const fs::path name = fs::absolute(folder).lexically_normal().parent_path().filename();
      return folder.filename().empty() ? name.string() : folder.filename().string();
    }

    void CheckOutputs(const std::vector<FileTask>& tasks)
    {
      std::error_code error;
      const fs::path workingFolder = fs::current_path(error);   // once, not one getcwd(2) per file
      std::map<std::string, std::string> seen;
      for (const FileTask& task : tasks)
      {
        if (task.output.empty())
        {
          continue;
        }
        if (SameFile(task.input, task.output))
        {
          throw UsageError("output of \"" + task.displayName + "\" would overwrite the input");
        }
        const fs::path output(task.output);
        const std::string key = (output.is_absolute() ? output : workingFolder / output).lexically_normal().string();
        const auto inserted = seen.emplace(key, task.displayName);
        if (!inserted.second)
        {
          throw UsageError("\"" + inserted.first->second + "\" and \"" + task.displayName +
                           "\" would both be written to \"" + task.output + "\"");
        }
      }
    }
  }

  std::vector<FileTask> PlanTasks(const CliOptions& options)
  {
    const bool dryRun = options.dryRun && options.output.empty();
    std::vector<FileTask> tasks;
    for (const std::string& input : options.inputs)
    {
      RequireExisting(input);
    }

    if (options.filesMode)
    {
      const fs::path outputRoot(options.output);
      for (const std::string& input : options.inputs)
      {
        if (fs::is_directory(input))
        {
          if (!dryRun)
          {
            RequireFolderOutput(options.output, input);
          }
          const std::string name = FolderName(input);
          AddFolder(tasks, input, dryRun ? fs::path() : outputRoot / name, name, dryRun);
        }
        else
        {
          tasks.push_back(SingleFile(input, dryRun ? fs::path() : outputRoot / fs::path(input).filename()));
        }
      }
    }
    else
    {
      const std::string& input = options.inputs.front();
      if (fs::is_directory(input))
      {
        if (!dryRun)
        {
          RequireFolderOutput(options.output, input);
        }
        AddFolder(tasks, input, dryRun ? fs::path() : fs::path(options.output), "", dryRun);
      }
      else
      {
        fs::path output(options.output);
        std::error_code error;
        const bool intoFolder = !dryRun &&
          (fs::is_directory(output, error) || options.output.back() == '/');
        if (intoFolder)
        {
          output /= fs::path(input).filename();
        }
        tasks.push_back(SingleFile(input, dryRun ? fs::path() : output));
      }
    }
    CheckOutputs(tasks);
    return tasks;
  }
}
