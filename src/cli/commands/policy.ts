import * as l10n from '@vscode/l10n';
import { trackedKind } from '../../core/classification';
import { hasErrors } from '../../core/policy';
import { type CliIo, ExitCode } from '../io';
import { absolutePath, displayPath, openStore, type PolicyFlags, policyFileLoader, printProblems, problemCounts, storeProblems } from '../policies';

/**
 * `ai-guard policy check [dir]`: checks every policy file under `dir` (default: the current
 * folder) in its context — the policies above it up to its workspace folder, and the
 * organisation policy of `--org` — and prints `file:line:column: severity: message`.
 * Exit 2 when there is an error, 0 otherwise (warnings alone pass).
 */
export async function policyCommand(args: readonly string[], flags: PolicyFlags, io: CliIo): Promise<number> {
  const [subcommand, dir, ...extra] = args;
  if (subcommand !== 'check' || extra.length > 0) {
    io.stderr(`ai-guard policy: ${l10n.t('usage: ai-guard policy check [folder]')}\n`);
    return ExitCode.error;
  }
  const folder = absolutePath(io, dir ?? '.');
  const loader = policyFileLoader(io);
  if (!(await loader.isFolder(folder))) {
    io.stderr(`ai-guard policy check: ${l10n.t('{0} is not a folder.', dir ?? '.')}\n`);
    return ExitCode.error;
  }
  const root = await loader.findRoot(folder, folder);
  const above = (await loader.along(root, folder)).filter((change) => trackedKind(change.path) === 'policy');
  const below = await loader.policiesUnder(folder);
  const store = await openStore(io, flags, [root], [...above, ...below]);
  const problems = storeProblems(io, store);
  printProblems(problems, io.stdout);
  const checked = store.problems().size;
  if (checked === 0) {
    io.stdout(`${l10n.t('No policy file under {0}.', displayPath(io)(folder))}\n`);
    return ExitCode.ok;
  }
  io.stdout(`${l10n.t('{0} policy file(s) checked: {1}.', checked, problemCounts(problems))}\n`);
  return hasErrors(problems) ? ExitCode.error : ExitCode.ok;
}
