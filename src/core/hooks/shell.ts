/**
 * A conservative reading of a shell command line, to find the files it reads. It is not a
 * shell: it splits on the operators that start a new command (`;`, `&&`, `||`, `|`, `&`,
 * newlines), honours single and double quotes and backslashes, looks inside `$(…)` and
 * backticks, and reports every input redirection (`< file`). What it cannot resolve (a
 * variable, a command substitution inside a word) is reported as `unresolved`, so that the
 * caller can refuse rather than guess.
 */

/** One word of a simple command: its text once unquoted, and whether it held something we cannot resolve. */
export interface ShellWord {
  text: string;
  /** It contains `$VAR`, `${…}` or a substitution: its value is unknown until the shell runs. */
  unresolved: boolean;
  /** It contains an unquoted glob character (`*`, `?`, `[`). */
  glob: boolean;
}

/** A simple command: its words (the program first, environment assignments removed) and the files redirected into it. */
export interface SimpleCommand {
  words: ShellWord[];
  inputs: ShellWord[];
}

/**
 * Programs that run the rest of their arguments as a command: the program that matters comes
 * after them, past their options (and the values of those that take one).
 */
const WRAPPERS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries({
    sudo: ['-u', '-g', '-C', '-D', '-h', '-p', '-U', '-r', '-t', '-T'],
    doas: ['-u', '-C'],
    env: ['-u', '-C', '-S'],
    nice: ['-n'],
    timeout: ['-s', '-k'],
    stdbuf: ['-i', '-o', '-e'],
    xargs: ['-I', '-n', '-P', '-L', '-d', '-E', '-s', '-a'],
    command: [],
    exec: ['-a'],
    nohup: [],
    time: ['-f', '-o'],
    builtin: [],
  }).map(([name, options]) => [name, new Set(options)]),
);

/**
 * Programs that only look at a file's name or metadata, or delete it: naming a forbidden path to
 * them discloses nothing of its content. Every other program given a forbidden path is refused.
 */
export const NON_READING_PROGRAMS: ReadonlySet<string> = new Set([
  'ls',
  'stat',
  'test',
  '[',
  '[[',
  'rm',
  'rmdir',
  'touch',
  'mkdir',
  'chmod',
  'chown',
  'echo',
  'printf',
  'cd',
  'pwd',
  'which',
  'type',
  'true',
  'false',
]);

/** Splits a command line into simple commands, including those inside `$(…)` and backticks. */
export function parseCommandLine(line: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let words: ShellWord[] = [];
  let inputs: ShellWord[] = [];
  let current: ShellWord | undefined;
  let redirectNext: 'input' | 'output' | undefined;

  const finishWord = () => {
    if (current === undefined) return;
    if (redirectNext === 'input') inputs.push(current);
    else if (redirectNext === undefined) words.push(current);
    redirectNext = undefined;
    current = undefined;
  };
  const finishCommand = () => {
    finishWord();
    if (words.length > 0 || inputs.length > 0) commands.push(stripPrefixes({ words, inputs }));
    words = [];
    inputs = [];
  };
  const word = () => (current ??= { text: '', unresolved: false, glob: false });

  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === '\\') {
      if (line[i + 1] === '\n') {
        i += 2;
        continue;
      }
      word().text += line[i + 1] ?? '';
      i += 2;
      continue;
    }
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      const stop = end < 0 ? line.length : end;
      word().text += line.slice(i + 1, stop);
      i = stop + 1;
      continue;
    }
    if (c === '"') {
      i = readDoubleQuoted(line, i + 1, word(), commands);
      continue;
    }
    if (c === '`') {
      const end = line.indexOf('`', i + 1);
      const stop = end < 0 ? line.length : end;
      commands.push(...parseCommandLine(line.slice(i + 1, stop)));
      word().unresolved = true;
      i = stop + 1;
      continue;
    }
    if (c === '$') {
      i = readDollar(line, i, word(), commands);
      continue;
    }
    if (c === '#' && current === undefined) {
      const end = line.indexOf('\n', i);
      i = end < 0 ? line.length : end;
      continue;
    }
    if (c === ' ' || c === '\t') {
      finishWord();
      i++;
      continue;
    }
    if (c === '\n' || c === ';' || c === '|' || c === '&' || c === '(' || c === ')') {
      // `&>`, `>&` and `2>&1` are redirections of output, not separators.
      if (c === '&' && line[i + 1] === '>') {
        finishWord();
        redirectNext = 'output';
        i += line[i + 2] === '>' ? 3 : 2;
        continue;
      }
      finishCommand();
      i++;
      continue;
    }
    if (c === '<' || c === '>') {
      // A file descriptor number glued to the operator (`2>`) is part of it.
      if (current !== undefined && /^\d+$/.test(current.text) && !current.unresolved) current = undefined;
      finishWord();
      if (c === '<' && line[i + 1] === '<') {
        // A here-document or here-string: what follows is text, not a file.
        redirectNext = 'output';
        i += line[i + 2] === '<' ? 3 : 2;
        continue;
      }
      redirectNext = c === '<' ? 'input' : 'output';
      i++;
      if (line[i] === '>' || line[i] === '|') i++;
      if (line[i] === '&') {
        // `>&2`, `<&0`: a descriptor, not a file.
        i++;
        while (i < line.length && /[\d-]/.test(line[i] as string)) i++;
        redirectNext = undefined;
      }
      continue;
    }
    if (c === '*' || c === '?' || c === '[') word().glob = true;
    word().text += c;
    i++;
  }
  finishCommand();
  return commands;
}

function readDoubleQuoted(line: string, start: number, target: ShellWord, commands: SimpleCommand[]): number {
  let i = start;
  while (i < line.length && line[i] !== '"') {
    const c = line[i] as string;
    if (c === '\\' && i + 1 < line.length && '"\\$`\n'.includes(line[i + 1] as string)) {
      target.text += line[i + 1];
      i += 2;
    } else if (c === '$') {
      i = readDollar(line, i, target, commands);
    } else if (c === '`') {
      const end = line.indexOf('`', i + 1);
      const stop = end < 0 ? line.length : end;
      commands.push(...parseCommandLine(line.slice(i + 1, stop)));
      target.unresolved = true;
      i = stop + 1;
    } else {
      target.text += c;
      i++;
    }
  }
  return i + 1;
}

/** `$(…)` is parsed as commands of its own; `$VAR`, `${…}` and `$((…))` make the word unresolved. */
function readDollar(line: string, start: number, target: ShellWord, commands: SimpleCommand[]): number {
  const next = line[start + 1];
  if (next === '(') {
    const end = matchingParen(line, start + 1);
    if (line[start + 2] !== '(') commands.push(...parseCommandLine(line.slice(start + 2, end)));
    target.unresolved = true;
    return end + 1;
  }
  if (next === '{') {
    const end = line.indexOf('}', start + 2);
    target.unresolved = true;
    return end < 0 ? line.length : end + 1;
  }
  if (next !== undefined && /[A-Za-z0-9_@*#?$!-]/.test(next)) {
    let i = start + 1;
    if (/[A-Za-z_]/.test(next)) while (i < line.length && /[A-Za-z0-9_]/.test(line[i] as string)) i++;
    else i++;
    target.unresolved = true;
    return i;
  }
  target.text += '$';
  return start + 1;
}

function matchingParen(line: string, open: number): number {
  let depth = 0;
  for (let i = open; i < line.length; i++) {
    if (line[i] === '(') depth++;
    else if (line[i] === ')' && --depth === 0) return i;
  }
  return line.length;
}

/** Drops leading `NAME=value` assignments and wrappers such as `sudo` or `env` (with their options). */
function stripPrefixes(command: SimpleCommand): SimpleCommand {
  const words = [...command.words];
  const inputs = [...command.inputs];
  for (;;) {
    const first = words[0];
    if (first === undefined) break;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(first.text)) {
      words.shift();
      continue;
    }
    const wrapper = programName(first.text);
    const takesValue = WRAPPERS.get(wrapper);
    if (takesValue !== undefined) {
      words.shift();
      while (words[0]?.text.startsWith('-') || (words[0] !== undefined && /^\d+(?:\.\d+)?[smhd]?$/.test(words[0].text))) {
        const option = words.shift() as ShellWord;
        if (!takesValue.has(option.text)) continue;
        const value = words.shift();
        // `xargs -a file` reads that file.
        if (wrapper === 'xargs' && option.text === '-a' && value !== undefined) inputs.push(value);
      }
      continue;
    }
    break;
  }
  return { words, inputs };
}

/** The program's name without its folder: `/usr/bin/cat` is `cat`. */
export function programName(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/**
 * The words of a command that may name files: every argument that is not an option, plus the
 * value glued to a long option (`--file=x`) and what follows `@` (`curl -d @file`).
 */
export function pathArguments(command: SimpleCommand): ShellWord[] {
  const found: ShellWord[] = [...command.inputs];
  for (const word of command.words.slice(1)) {
    if (word.text === '' && !word.unresolved) continue;
    const equals = word.text.startsWith('-') ? word.text.indexOf('=') : -1;
    if (word.text.startsWith('-') && equals < 0) continue;
    let text = equals >= 0 ? word.text.slice(equals + 1) : word.text;
    const at = text.indexOf('@');
    if (at >= 0 && (at === 0 || /^[a-z]+=@/i.test(text))) text = text.slice(at + 1);
    found.push({ ...word, text });
  }
  return found;
}
