import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/lib/browser.mjs';
import { type CodeServer, copyDemoWorkspace, ensureEditor, repoRoot, startCodeServer } from '../../scripts/lib/editor.mjs';
import { FakeAiServer } from '../support/fakeAiServer';
import { frenchLanguagePackFiles } from './frenchLanguagePack';

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
  let aiServer: FakeAiServer;

  const activityEntry = () => page.locator('.activitybar [role="tab"][aria-label^="AI Guard"], .activitybar a[aria-label^="AI Guard"]').first();
  const sidebarFrame = (): FrameLocator => page.locator('iframe.webview').first().contentFrame().locator('#active-frame').contentFrame();
  const outputPanel = () => page.locator('.part.panel');
  const screenshot = (name: string) => page.screenshot({ path: join(shots, `${name}.png`) });
  const sidebarShot = (name: string) => page.locator('.part.sidebar').screenshot({ path: join(shots, `${name}.png`) });

  /**
   * The workspace's settings: the local fake provider (allowed for every level but restricted,
   * needs no key) as the default, no preview, and the colour theme. The editor follows edits of
   * this file live, which is how the scenarios switch between the light and dark themes.
   */
  function writeWorkspaceSettings(theme: string): void {
    mkdirSync(join(folder, '.vscode'), { recursive: true });
    const settings = {
      'workbench.colorTheme': theme,
      'aiGuard.providers': [{ id: 'ollama', kind: 'openai-compatible', baseUrl: aiServer.openaiBaseUrl, model: 'llama3.1', tags: ['local'] }],
      'aiGuard.defaultProvider': 'ollama',
      'aiGuard.preview.levels': [],
    };
    writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
  }

  async function useTheme(theme: 'light' | 'dark'): Promise<void> {
    writeWorkspaceSettings(theme === 'light' ? 'Default Light Modern' : 'Default Dark Modern');
    const dark = theme === 'dark';
    await page.waitForFunction(`document.querySelector('.monaco-workbench')?.classList.contains('vs-dark') === ${dark}`, undefined, { timeout: 20_000 });
  }

  /** Screenshots of the sidebar (and the whole window) in both themes, ending in the light one. */
  async function shotsInBothThemes(name: string): Promise<void> {
    for (const theme of ['dark', 'light'] as const) {
      await useTheme(theme);
      // The top of the panel (clicking the footer's links scrolled it down), and no hover tooltip.
      await page.mouse.move(900, 450);
      await sidebarFrame().locator('body').evaluate('window.scrollTo(0, 0)');
      await page.waitForTimeout(400);
      await sidebarShot(`${name}-sidebar-${theme}`);
      await screenshot(`${name}-${theme}`);
    }
  }

  async function openFile(path: string): Promise<void> {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(path);
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: path.split('/').pop() ?? path })
      .first()
      .waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: path.split('/').pop() ?? path }).waitFor({ timeout: 15_000 });
  }

  async function showAiGuard(): Promise<void> {
    const selected = await activityEntry().evaluate((el) => el.getAttribute('aria-selected') === 'true' || el.closest('[aria-selected="true"]') !== null);
    if (!selected) await activityEntry().click();
    await sidebarFrame().locator('#title').waitFor({ timeout: 30_000 });
  }

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
    aiServer = await FakeAiServer.start();
    writeWorkspaceSettings('Default Light Modern');
    server = await startCodeServer({ folder, installVsix: vsix, userDataFiles: frenchLanguagePackFiles(packageDir), label: 'e2e' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.workbenchUrl(), { waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await aiServer?.close();
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
    const headings = await frame.locator('section h2').allInnerTexts();
    assert.deepEqual(
      headings.slice(0, 5).map((heading) => heading.toLowerCase()),
      ['this file', 'provider', 'prompts', 'usage', 'recent activity'],
    );
    const firstPaint = Number(await frame.locator('body').getAttribute('data-first-paint-ms'));
    assert.ok(firstPaint > 0, 'the page recorded its first paint');
    console.log(`      sidebar first paint: ${firstPaint} ms after the page started loading`);
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

  it("shows a confidential file's level in the panel, and its badge in the explorer", async () => {
    await openFile('clients/ardoise/meeting-notes.md');
    await showAiGuard();
    const level = sidebarFrame().locator('#file-level[data-level="confidential"]');
    await level.waitFor({ timeout: 30_000 });
    assert.match(await level.innerText(), /Confidential/);
    assert.equal(await sidebarFrame().locator('#file-client').innerText(), 'Banque Ardoise');
    assert.match(await sidebarFrame().locator('#provider-allowed').innerText(), /Allowed for this file/);
    await shotsInBothThemes('10-confidential-file');

    // The explorer, where the same file carries the C badge (drawn by CSS after its name).
    await runFromPalette('File: Reveal Active File in Explorer View');
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'meeting-notes.md' }).first();
    await row.waitFor({ timeout: 20_000 });
    // This file is compiled without the DOM library: the page's getComputedStyle is reached through globalThis.
    type Styles = { getComputedStyle(element: unknown, pseudo: string): { content: string } };
    const badges = await row.evaluate((node) =>
      [node, ...node.querySelectorAll('*')]
        .map((element) => (globalThis as unknown as Styles).getComputedStyle(element, '::after').content)
        .filter((content) => content && content !== 'none' && content !== 'normal'),
    );
    assert.ok(
      badges.some((content) => content.includes('C')),
      `explorer badges: ${JSON.stringify(badges)}`,
    );
    await screenshot('11-explorer-badge');
    await showAiGuard();
  });

  it('runs a template from the panel against the local provider: the answer appears, and Recent activity shows the call', async () => {
    await openFile('src/invoice.ts');
    await showAiGuard();
    const frame = sidebarFrame();
    await frame.locator('#file-level[data-level="internal"]').waitFor({ timeout: 30_000 });
    // The search box filters as one types; the arrow keys then walk the list.
    await frame.locator('#prompt-search').fill('explain');
    const run = frame.locator('#run-explain-code');
    await run.waitFor({ timeout: 10_000 });
    assert.equal((await frame.locator('#prompt-list button.prompt').count()) >= 1, true);
    // A click in the panel runs at once: optional notes are asked only from "Run Prompt…".
    await run.click();
    await page.locator('.monaco-editor .view-lines', { hasText: 'Hello from the fake server.' }).first().waitFor({ timeout: 60_000 });
    const first = frame.locator('#activity-list li').first();
    await first.filter({ hasText: /answered/ }).waitFor({ timeout: 30_000 });
    assert.match(await first.innerText(), /ollama/);
    assert.ok(aiServer.requests.length >= 1, 'the fake provider was called');
    await frame.locator('#section-feedback:not([hidden])').waitFor({ timeout: 10_000 });
    await frame.locator('#prompt-search').fill('');
    await shotsInBothThemes('20-after-run');
    // The lower half of the panel: Usage, Recent activity and the Feedback question.
    for (const theme of ['dark', 'light'] as const) {
      await useTheme(theme);
      await frame.locator('#section-feedback').scrollIntoViewIfNeeded();
      await page.mouse.move(900, 450);
      await page.waitForTimeout(300);
      await sidebarShot(`21-activity-and-feedback-sidebar-${theme}`);
    }

    // Feedback in two clicks: four stars, then fifteen minutes saved.
    await frame.locator('#star-4').click();
    await frame.locator('#minutes-15').click();
    await frame.locator('#section-feedback[hidden]').waitFor({ state: 'attached', timeout: 10_000 });
  });

  it("acts on the answer from its view's title bar: Rate Answer in two quick picks", async () => {
    // Focus the answer view: its group's title bar then shows the answer's actions.
    await page.locator('.monaco-editor .view-lines', { hasText: 'Hello from the fake server.' }).first().click();
    const actions = page.locator('.editor-group-container.active .editor-actions');
    const rate = actions.locator('[aria-label^="Rate Answer"]').first();
    await rate.waitFor({ timeout: 15_000 });
    for (const title of ['Copy Answer', 'Apply Answer as Diff']) assert.equal(await actions.locator(`[aria-label^="${title}"]`).count(), 1, `${title} is in the title bar`);
    await screenshot('22-answer-actions');
    await rate.click();
    const row = (text: string) => page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
    await row('★★★★☆').click();
    await row('About 15 minutes').click();
    await page.locator('.notifications-toasts', { hasText: 'your feedback was recorded' }).waitFor({ timeout: 15_000 });
  });

  it("asks for the only provider's API key at once, in a password box that never shows it, and removes it on an empty answer", async () => {
    // A key-shaped value, built at run time so that no token-shaped literal sits in the sources.
    const key = ['sk', 'e2e', 'Qm7Zt2Lx9Vb4Nc8Rw1Ks6Hd3'].join('-');
    const box = page.locator('.quick-input-widget input');
    // The palette lists the commands known when it opens: wait for the extension's contributions.
    await activityEntry().waitFor({ state: 'visible', timeout: 60_000 });
    await runFromPalette('AI Guard: Set API Key');
    await page.locator('.quick-input-widget', { hasText: 'ollama' }).waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await box.getAttribute('type'), 'password', 'the key is typed into a password box');
    assert.equal(await page.locator('.quick-input-list .monaco-list-row').count(), 0, 'one provider: no picker to paste the key into');
    await page.keyboard.type(key);
    // What was typed went into the password box (shown as dots), and nowhere else in the window's text.
    assert.equal(await box.inputValue(), key);
    assert.equal(await box.getAttribute('type'), 'password');
    assert.ok(!(await page.locator('.monaco-workbench').innerText()).includes(key), 'the key typed is never written out on screen');
    await screenshot('40-set-api-key-password-box');
    await page.keyboard.press('Enter');
    await page.locator('.notifications-toasts', { hasText: 'The API key for ollama is stored.' }).waitFor({ timeout: 15_000 });

    // An empty answer removes it, so the later scenarios run with the keyless local model as before.
    await runFromPalette('AI Guard: Set API Key');
    await page.locator('.quick-input-widget', { hasText: 'ollama' }).waitFor({ state: 'visible', timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.locator('.notifications-toasts', { hasText: 'The stored API key for ollama was removed.' }).waitFor({ timeout: 15_000 });
  });

  it("speaks French when the editor's language is French", async () => {
    // The browser asks for French; the stub language pack entry (frenchLanguagePack.ts) lets the
    // server grant it, so vscode.env.language is `fr` while the workbench stays in English.
    const context = await browser?.newContext({ locale: 'fr', viewport: { width: 1400, height: 900 } });
    assert.ok(context && server);
    const english = page;
    try {
      page = await context.newPage();
      await page.goto(server.workbenchUrl(), { waitUntil: 'domcontentloaded' });
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await activityEntry().waitFor({ state: 'visible', timeout: 60_000 });
      await openFile('clients/ardoise/meeting-notes.md');
      await showAiGuard();
      const frame = sidebarFrame();
      await frame.locator('#file-level[data-level="confidential"]').waitFor({ timeout: 30_000 });
      assert.match(await frame.locator('#file-level').innerText(), /Confidentiel/);
      const headings = await frame.locator('section h2').allInnerTexts();
      assert.deepEqual(
        headings.slice(0, 5).map((heading) => heading.toLowerCase()),
        ['ce fichier', 'fournisseur', 'prompts', 'consommation', 'activité récente'],
      );
      assert.equal(await frame.locator('#copy-redacted').innerText(), 'Copier masqué');
      assert.equal(await frame.locator('html').getAttribute('lang'), 'fr');
      await shotsInBothThemes('30-french');

      // The walkthrough, from the panel's "Get started" link: its titles come from package.nls.fr.json.
      await frame.locator('#open-walkthrough').click();
      await page.locator('.gettingStartedContainer', { hasText: 'Bien démarrer avec AI Guard' }).first().waitFor({ timeout: 30_000 });
      await page.locator('.gettingStartedContainer', { hasText: 'Créer ou vérifier la politique' }).first().waitFor({ timeout: 10_000 });
      await page.mouse.move(900, 450);
      await page.waitForTimeout(1500);
      await screenshot('31-french-walkthrough');
    } catch (error) {
      await screenshot('failed-french-page').catch(() => undefined);
      throw error;
    } finally {
      await page.close().catch(() => undefined);
      page = english;
      await context?.close().catch(() => undefined);
    }
  });
});
