// @ts-check
// A real VS Code (code-server) for `npm start` and the in-editor and e2e tests: installed into a
// cache folder on first use, started on a free loopback port with private HOME, TMPDIR and
// user-data folders, and stopped with every process it started (its whole process group).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');

/**
 * Installs Node 24, code-server and (unless `browser` is false) Debian's Chromium when they are
 * missing, and returns where they are. Fast when everything is already there.
 * @param {{ browser?: boolean }} [options]
 * @returns {{ node24: string; codeServer: string }}
 */
export function ensureEditor({ browser = true } = {}) {
  const result = spawnSync('bash', [join(repoRoot, 'scripts', 'setup-editor.sh'), ...(browser ? [] : ['--no-browser'])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`scripts/setup-editor.sh failed (exit ${result.status})`);
  const value = (/** @type {string} */ key) => {
    const match = new RegExp(`^${key}=(.+)$`, 'm').exec(result.stdout);
    if (!match?.[1]) throw new Error(`scripts/setup-editor.sh did not print ${key}`);
    return match[1];
  };
  return { node24: value('NODE24'), codeServer: value('CODE_SERVER') };
}

/** @returns {Promise<number>} a TCP port that was free on 127.0.0.1 a moment ago */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @typedef {object} CodeServer
 * @property {string} url        the base URL, e.g. http://127.0.0.1:41234
 * @property {string} host       host:port, for vscode-remote:// URIs
 * @property {string} folder     the workspace folder it opened
 * @property {string} workDir    the private folder holding HOME, TMPDIR, user data and logs
 * @property {string} logFile    code-server's own output
 * @property {(query?: Record<string, string>) => string} workbenchUrl
 * @property {() => Promise<void>} stop
 */

/**
 * Starts code-server. The extension under test is either installed from a .vsix
 * (`installVsix`) or loaded from source through the test payload (`smokeTestDriver`, which is
 * what makes code-server honour `extensionDevelopmentPath` / `extensionTestsPath`).
 * `userDataFiles` are written into the user data folder before the start (for instance a
 * `languagepacks.json`, see `test/e2e/frenchLanguagePack.ts`). An empty `argv.json` is written
 * too, so that code-server takes the display language from the browser's Accept-Language (with
 * no argv.json it assumes English). `demo` keeps the extension's own defaults for what a person
 * should see (the prompt preview of confidential files), which the test settings turn off.
 * @param {{ folder: string; installVsix?: string; userDataFiles?: Record<string, string>; smokeTestDriver?: boolean; port?: number; label?: string; demo?: boolean }} options
 * @returns {Promise<CodeServer>}
 */
export async function startCodeServer(options) {
  const { node24, codeServer } = ensureEditor({ browser: false });
  const workDir = mkdtempSync(join(tmpdir(), `ai-guard-${options.label ?? 'editor'}-`));
  const dirs = {
    home: join(workDir, 'home'),
    tmp: join(workDir, 'tmp'),
    userData: join(workDir, 'user-data'),
    extensions: join(workDir, 'extensions'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  mkdirSync(join(dirs.userData, 'User'), { recursive: true });
  const settings = JSON.parse(readFileSync(join(repoRoot, 'test', 'fixtures', 'editor-settings.json'), 'utf8'));
  if (options.demo) delete settings['aiGuard.preview.levels'];
  writeFileSync(join(dirs.userData, 'User', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);

  // A private HOME keeps code-server from writing a config with a password into the real one;
  // a private TMPDIR and XDG_RUNTIME_DIR make its IPC sockets disappear with workDir.
  const env = {
    ...process.env,
    HOME: dirs.home,
    TMPDIR: dirs.tmp,
    XDG_RUNTIME_DIR: dirs.tmp,
    XDG_CONFIG_HOME: join(dirs.home, '.config'),
    XDG_DATA_HOME: join(dirs.home, '.local', 'share'),
    VSCODE_CLI_DATA_DIR: join(dirs.home, '.vscode-cli'),
    // code-server's own telemetry, should a test turn the editor's telemetry on (the telemetry
    // tests do, through telemetry.telemetryLevel), goes to a closed port on this machine.
    CS_TELEMETRY_URL: 'http://127.0.0.1:9/',
  };
  const common = ['--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];

  writeFileSync(join(dirs.userData, 'User', 'argv.json'), '{}\n');
  for (const [name, text] of Object.entries(options.userDataFiles ?? {})) writeFileSync(join(dirs.userData, name), text);

  if (options.installVsix) {
    const install = spawnSync(node24, [codeServer, ...common, '--install-extension', options.installVsix], { env, encoding: 'utf8' });
    if (install.status !== 0 || !/successfully installed/i.test(install.stdout + install.stderr)) {
      rmSync(workDir, { recursive: true, force: true });
      throw new Error(`code-server --install-extension ${options.installVsix} failed:\n${install.stdout}\n${install.stderr}`);
    }
  }

  const logFile = join(workDir, 'code-server.log');
  let lastError = '';
  // A port found free can be taken before code-server binds it; try again with another.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = options.port ?? (await freePort());
    const args = [
      codeServer,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      ...common,
      // Not --disable-telemetry: it would pin vscode.env.isTelemetryEnabled to false, and the
      // telemetry tests need to switch it. The settings keep it off (telemetry.telemetryLevel).
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--reconnection-grace-time',
      '5',
      ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
      options.folder,
    ];
    const log = createWriteStream(logFile, { flags: 'a' });
    // detached: code-server gets its own process group, so stop() can end it with all its children.
    const child = spawn(node24, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    let exited = false;
    child.on('exit', () => (exited = true));
    const killGroup = (/** @type {NodeJS.Signals} */ signal) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        /* already gone */
      }
    };
    const groupAlive = () => {
      try {
        if (child.pid) process.kill(-child.pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const onExit = () => killGroup('SIGKILL');
    process.on('exit', onExit);

    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    let healthy = false;
    while (!exited && Date.now() < deadline) {
      try {
        const response = await fetch(`${url}/healthz`);
        if (response.ok) {
          healthy = true;
          break;
        }
      } catch {
        /* not listening yet */
      }
      await sleep(200);
    }
    if (healthy) {
      let stopped = false;
      return {
        url,
        host: `127.0.0.1:${port}`,
        folder: options.folder,
        workDir,
        logFile,
        workbenchUrl: (query = {}) => `${url}/?${new URLSearchParams({ folder: options.folder, ...query }).toString()}`,
        stop: async () => {
          if (stopped) return;
          stopped = true;
          // Wait for the whole group (the extension hosts too), not just the main process.
          killGroup('SIGTERM');
          for (let i = 0; i < 50 && groupAlive(); i++) await sleep(100);
          killGroup('SIGKILL');
          for (let i = 0; i < 20 && groupAlive(); i++) await sleep(100);
          process.off('exit', onExit);
          log.end();
          if (!process.env.AIGUARD_KEEP_EDITOR_DIR) rmSync(workDir, { recursive: true, force: true });
        },
      };
    }
    killGroup('SIGKILL');
    process.off('exit', onExit);
    lastError = tail(logFile);
    if (options.port) break;
  }
  rmSync(workDir, { recursive: true, force: true });
  throw new Error(`code-server did not become healthy. Last output:\n${lastError}`);
}

/** @param {string} file */
function tail(file, lines = 30) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}

/**
 * A throwaway copy of the demo workspace, so that nothing a test or a demo does changes the
 * committed fixtures.
 * @param {string} [name]
 */
export function copyDemoWorkspace(name = 'demo-workspace') {
  const target = mkdtempSync(join(tmpdir(), 'ai-guard-workspace-'));
  cpSync(join(repoRoot, 'test', 'fixtures', name), target, { recursive: true });
  return target;
}
