import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/browser.mjs';
import { type CodeServer, copyDemoWorkspace, ensureEditor, repoRoot, startCodeServer } from '../../scripts/lib/editor.mjs';

const { version } = require('../../package.json') as { version: string };
const shots = join(repoRoot, 'test-results', 'e2e');

/**
 * A person's first minutes with the extension, in a real VS Code (code-server) in a real
 * browser: the packaged .vsix is installed, the workbench opens, and the AI Guard entry,
 * sidebar and commands are used with the mouse and the keyboard.
 */
describe('e2e: Etech AI Guard in the workbench', function () {
  this.timeout(180_000);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let folder: string;
  let packageDir: string;

  const activityEntry = () => page.locator('.activitybar [role="tab"][aria-label^="AI Guard"], .activitybar a[aria-label^="AI Guard"]').first();
  const sidebarFrame = (): FrameLocator => page.locator('iframe.webview').first().contentFrame().locator('#active-frame').contentFrame();
  const outputPanel = () => page.locator('.part.panel');
  const screenshot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`) });

  async function runFromPalette(title: string): Promise<void> {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
  }

  async function hidePanel(): Promise<void> {
    await outputPanel().waitFor({ state: 'visible', timeout: 10_000 });
    await runFromPalette('View: Toggle Panel Visibility');
    await outputPanel().waitFor({ state: 'hidden', timeout: 10_000 });
  }

  before(async () => {
    mkdirSync(shots, { recursive: true });
    ensureEditor({ browser: true });
    packageDir = mkdtempSync(join(tmpdir(), 'ai-guard-vsix-'));
    const vsix = join(packageDir, 'ai-guard.vsix');
    const packaged = spawnSync(process.execPath, ['scripts/package.mjs', '--out', vsix], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(packaged.status, 0, `npm run package failed:\n${packaged.stdout}\n${packaged.stderr}`);
    folder = copyDemoWorkspace();
    server = await startCodeServer({ folder, installVsix: vsix, label: 'e2e' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.workbenchUrl(), { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
    if (packageDir) rmSync(packageDir, { recursive: true, force: true });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      await screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-')}`).catch(() => undefined);
    }
  });

  it('shows the AI Guard entry in the activity bar', async () => {
    await activityEntry().waitFor({ state: 'visible', timeout: 60_000 });
    assert.match((await activityEntry().getAttribute('aria-label')) ?? '', /^AI Guard/);
  });

  it('opens the sidebar, whose page renders under its CSP', async () => {
    // Clicking an entry that is already selected would collapse the sidebar.
    const selected = await activityEntry().evaluate((el) => el.getAttribute('aria-selected') === 'true' || el.closest('[aria-selected="true"]') !== null);
    if (!selected) await activityEntry().click();
    const frame = sidebarFrame();
    await frame.locator('#title').waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('#title').innerText(), 'Etech AI Guard');
    assert.equal(await frame.locator('#version').innerText(), `Version ${version}`);
    assert.match(await frame.locator('#intro').innerText(), /redacts secrets/);
    await screenshot('01-sidebar');
  });

  it('runs "AI Guard: Show Output" from the command palette', async () => {
    await runFromPalette('AI Guard: Show Output');
    const log = outputPanel().locator('.view-lines', { hasText: `Etech AI Guard ${version} activated` });
    await log.waitFor({ timeout: 20_000 });
    await screenshot('02-output-from-palette');
  });

  it('runs the same command from the sidebar button, through the validated message path', async () => {
    await hidePanel();
    await sidebarFrame().locator('#show-output').click();
    await outputPanel().locator('.view-lines', { hasText: 'activated' }).waitFor({ timeout: 20_000 });
    await screenshot('03-output-from-sidebar');
  });

  it('reaches the sidebar button with the keyboard alone', async () => {
    await hidePanel();
    const button = sidebarFrame().locator('#show-output');
    await button.focus();
    await button.press('Enter');
    await outputPanel().locator('.view-lines', { hasText: 'activated' }).waitFor({ timeout: 20_000 });
  });
});
