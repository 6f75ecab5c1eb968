// The native CLI's report lines (Plugin/Cli/RunSummary.cpp), from the engine's report: the same text for
// the same outcome, which the proof test compares line by line.
function join(items, separator = ', ') {
  let joined = '';
  for (const item of items) {
    joined += (joined === '' ? '' : separator) + item;   // as Cli::Join (an empty first item eats one separator)
  }
  return joined;
}

function counts(r) {
  return `removed ${r.removed}, emptied ${r.emptied}, replaced ${r.replaced}, remapped ${r.remapped}, ` +
    `shifted ${r.shifted}, kept ${r.kept}`;
}

export function fileLines(tasks, results) {
  let text = '';
  results.forEach((result, i) => {
    if (result.status === 'anonymized') {
      text += `ok       ${tasks[i].displayName}  ${counts(result.report)}`;
      if (result.report.leaks.length > 0) {
        text += `  LEAKS KEPT (--no-fail-on-leak) in: ${join(result.report.leaks)}`;
      }
      if (result.report.warnings.length > 0) {
        text += `  warnings: ${join(result.report.warnings)}`;
      }
      text += '\n';
    } else if (result.status === 'skipped') {
      text += `skipped  ${tasks[i].displayName}  (${result.reason})\n`;
    }
  });
  return text;
}

export function failureLines(tasks, results) {
  let text = '';
  results.forEach((result, i) => {
    if (result.status === 'failed') {
      text += `FAILED   ${tasks[i].displayName}: ${result.reason}\n`;
    }
  });
  return text;
}

export function totalsLine(results, seconds) {
  let anonymized = 0, failed = 0, skipped = 0, inputBytes = 0;
  for (const result of results) {
    if (result.status === 'anonymized') {
      anonymized++;
      inputBytes += result.inputBytes;
    } else if (result.status === 'skipped') {
      skipped++;
    } else {
      failed++;
    }
  }
  let line = `${anonymized} anonymized, ${failed} failed, ${skipped} skipped in ${seconds.toFixed(2)} s`;
  if (seconds > 0 && anonymized > 0) {
    line += ` (${(anonymized / seconds).toFixed(1)} files/s, ${(inputBytes / 1e6 / seconds).toFixed(1)} MB/s)`;
  }
  return { line: line + '\n', failed };
}
