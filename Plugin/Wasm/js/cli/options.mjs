// The command line of ratatoskr-anonymize.mjs: the core arguments of the native ratatoskr-anonymize, with
// its syntax (--name=value or --name value) and its messages (Plugin/Cli/CliOptions.cpp).
import { UsageError } from './usage-error.mjs';

const FLAGS = {
  '--help': (o) => { o.command = 'help'; },
  '-h': (o) => { o.command = 'help'; },
  '--version': (o) => { o.command = 'version'; },
  '--list-profiles': (o) => { o.command = 'list-profiles'; },
  '--fail-on-leak': (o) => { o.failOnLeak = true; },
  '--no-fail-on-leak': (o) => { o.failOnLeak = false; },
  '--quiet': (o) => { o.quiet = true; },
  '-q': (o) => { o.quiet = true; },
};

const VALUED = {
  '--profile': (o, v) => { o.profile = v; },
  '--secret': (o, v) => { o.secret = v; },
  '--secret-file': (o, v) => { o.secretFile = v; },
  '--uid-root': (o, v) => { o.uidRoot = v; },
  '--metadata': (o, v, name) => {
    const [key, value] = splitAssignment(name, v);
    o.metadata[key] = value;
  },
};

// Options of the native CLI this one does not offer: said so, rather than "unknown".
const NATIVE_ONLY = ['--files', '--output-dir', '--dry-run', '--profile-dir', '--show-profile', '--threads', '-j',
  '--keep-private', '--keep-private-creator', '--delete-private', '--replace', '--progress', '--no-progress',
  '--verbose'];

function splitAssignment(option, text) {
  const equal = text.indexOf('=');
  if (equal <= 0) {
    throw new UsageError(`${option} expects KEY=VALUE (got an argument without '=' or with an empty key)`);
  }
  return [text.slice(0, equal), text.slice(equal + 1)];
}

const isOption = (arg) => arg.length > 1 && arg[0] === '-';

export function parseCommandLine(args) {
  const options = {
    command: 'anonymize', profile: 'basic', metadata: {}, failOnLeak: true, quiet: false,
    secret: undefined, secretFile: undefined, uidRoot: undefined, input: undefined, output: undefined,
  };
  const positional = [];
  let optionsEnded = false;
  for (let i = 0; i < args.length;) {
    let arg = args[i++];
    if (optionsEnded || !isOption(arg)) {
      positional.push(arg);
      continue;
    }
    let inline;
    if (arg.length > 2 && arg.startsWith('--') && arg.includes('=')) {
      inline = arg.slice(arg.indexOf('=') + 1);
      arg = arg.slice(0, arg.indexOf('='));
    }
    if (arg === '--') {
      optionsEnded = true;
    } else if (FLAGS[arg]) {
      if (inline !== undefined) {
        throw new UsageError(`${arg} takes no value`);
      }
      FLAGS[arg](options);
    } else if (VALUED[arg]) {
      let value = inline;
      if (value === undefined) {
        if (i >= args.length || args[i].startsWith('--')) {
          throw new UsageError(`${arg} needs a value`);
        }
        value = args[i++];
      }
      if (value === '' && arg !== '--metadata') {
        throw new UsageError(`${arg} needs a non-empty value`);
      }
      VALUED[arg](options, value, arg);
    } else if (NATIVE_ONLY.includes(arg)) {
      throw new UsageError(`option "${arg}" is one of the native ratatoskr-anonymize's, not of this one`);
    } else {
      throw new UsageError(`unknown option "${arg}"`);
    }
  }
  checkConsistency(options, positional);
  return options;
}

function checkConsistency(options, positional) {
  if (options.secret !== undefined && options.secretFile !== undefined) {
    throw new UsageError('give either --secret or --secret-file, not both');
  }
  if (options.command !== 'anonymize') {
    if (positional.length > 0) {
      throw new UsageError('no input or output is expected with --list-profiles, --help or --version');
    }
    return;
  }
  if (positional.length < 2) {
    throw new UsageError(positional.length === 0 ? 'missing INPUT and OUTPUT' : 'missing OUTPUT');
  }
  if (positional.length > 2) {
    throw new UsageError('too many arguments (expected INPUT OUTPUT)');
  }
  [options.input, options.output] = positional;
}

export const USAGE = `Usage: ratatoskr-anonymize.mjs [options] INPUT OUTPUT
       ratatoskr-anonymize.mjs --list-profiles | --help | --version

The Ratatoskr engine compiled to WebAssembly, under Node.js: the same profiles, pseudonyms and output
bytes as the native ratatoskr-anonymize (its core arguments; one file at a time). INPUT is a file or a
folder; a folder is walked recursively, OUTPUT is then a folder and relative paths are kept. Files that
are not DICOM (and DICOMDIR files) are skipped and listed.

  --profile NAME|FILE       built-in profile (basic, teaching, research, whitelist) or a profile file
                            (*.json) [default: basic]
  --secret S                pseudonymization key (visible in the process list: prefer --secret-file)
  --secret-file F           read the key from F: its first line, without the line end and the spaces
                            and tabs at both ends (the rule of the plugin's SecretFile)
                            one of them, or the RATATOSKR_SECRET environment variable, is required;
                            a key has at least 16 characters
  --uid-root ROOT           root of the new UIDs [default: 2.25]
  --metadata KEY=VALUE      value of a placeholder, e.g. --metadata CaseId=C-042 (repeatable)
  --fail-on-leak            refuse to write a file when an original identifying value survived (default)
  --no-fail-on-leak         write it anyway and list the attributes
  --quiet, -q               no per-file summary (failures are still reported on stderr)
  --list-profiles, --help, --version

Exit status: 0 when every DICOM file was anonymized, 1 when any failed or on a usage error.
`;
