/**
 * A deterministic, seeded, labelled corpus of fake secrets and personal data, for the redaction
 * engine's unit tests and benchmark. Every value is fake but format-valid (checksums included);
 * every label satisfies `content.slice(start, end) === value`.
 */
import { ContentBuilder, type LabelledFile } from './builder';
import { TEMPLATES, type Template } from './files';
import { LogClock, type LogStyle, logLine } from './logs';
import { generateHardNegativeFiles, generateHardNegatives } from './negatives';
import { Random } from './random';
import { SERVICE_NAMES } from './words';

export type { Label, LabelledFile } from './builder';
export type { HardNegative } from './negatives';
export { corpusDictionary, valueGenerators } from './values';
export { crc32 } from './checksums';
export { Random } from './random';

/** Mixed files (code, configuration, infrastructure, logs, exports, reports), about `targetBytes` UTF-8 bytes in all. */
export function generateCorpus(options: { seed: number; targetBytes: number }): LabelledFile[] {
  const r = new Random(options.seed);
  const files: LabelledFile[] = [];
  let total = 0;
  let queue: Template[] = [];
  for (;;) {
    // Cycle through every template in a shuffled order, so that any corpus of a few rounds has them all.
    if (queue.length === 0) queue = r.shuffle(TEMPLATES);
    const template = queue.pop() as Template;
    // Each file draws from its own stream, so a change in one template does not reshuffle the others.
    const fileRandom = r.fork();
    const builder = new ContentBuilder();
    const path = template.build(fileRandom, builder);
    const project = `${r.pick(SERVICE_NAMES)}-${String(files.length + 1).padStart(4, '0')}`;
    // Stop before a file that would take the total further from the target than leaving it out.
    if (files.length > 0 && total + builder.bytes - options.targetBytes > options.targetBytes - total) break;
    files.push(builder.build(`${project}/${path}`));
    total += builder.bytes;
    if (total >= options.targetBytes) break;
  }
  return files;
}

/** One large application log, mostly ordinary lines with a few labelled values (about 3 % of the lines). */
export function generateLogFile(options: { seed: number; targetBytes: number }): LabelledFile {
  const r = new Random(options.seed);
  const style = r.pick<LogStyle>(['logback', 'json', 'python']);
  const clock = new LogClock(r);
  const builder = new ContentBuilder();
  while (builder.bytes < options.targetBytes) builder.add(logLine(r, style, clock, 0.03));
  return builder.build(`logs/${r.pick(SERVICE_NAMES)}-application.log`);
}

/** `count` snippets that look like findings but are not, each with what it is. */
export function hardNegatives(options: { seed: number; count: number }): Array<{ description: string; content: string }> {
  return generateHardNegatives(new Random(options.seed), options.count);
}

/** Files made of hard negatives (package-lock.json, .env.example, stylesheets, catalogues…), all with `labels: []`. */
export function hardNegativeFiles(options: { seed: number; targetBytes: number }): LabelledFile[] {
  return generateHardNegativeFiles(new Random(options.seed), options.targetBytes);
}
