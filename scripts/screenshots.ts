// Screenshots of a newcomer's first hour with AI Guard, in light and dark themes, in English and
// French: the packaged extension in code-server, driven by Debian's Chromium (playwright-core),
// against a local fake provider. Run: node --import tsx scripts/screenshots.ts [folder]
// (default out/screenshots/, which is not committed). Each PNG is named
// <step>-<language>-<theme>.png; the run prints the list.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { FakeAiServer } from '../test/support/fakeAiServer';
import { frenchLanguagePackFiles } from '../test/e2e/frenchLanguagePack';
import { launchChromium } from './lib/browser.mjs';
import { copyDemoWorkspace, ensureEditor, repoRoot, startCodeServer } from './lib/editor.mjs';

const shots = process.argv[2] ?? join(repoRoot, 'out', 'screenshots');
type Language = 'en' | 'fr';
type Theme = 'light' | 'dark';
const nls: Record<Language, Record<string, string>> = {
  en: JSON.parse(readFileSync(join(repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>,
  fr: JSON.parse(readFileSync(join(repoRoot, 'package.nls.fr.json'), 'utf8')) as Record<string, string>,
};
const title = (language: Language, key: string) => `AI Guard: ${nls[language][key] ?? key}`;

/** The demo workspace's settings: the local model, and a gateway the client's policy leaves out. */
function writeSettings(folder: string, server: FakeAiServer, theme: Theme): void {
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  const settings = {
    'workbench.colorTheme': theme === 'light' ? 'Default Light Modern' : 'Default Dark Modern',
    'aiGuard.providers': [
      { id: 'ollama', kind: 'openai-compatible', baseUrl: server.openaiBaseUrl, model: 'llama3.1' },
      { id: 'my-gateway', kind: 'openai-compatible', baseUrl: server.openaiBaseUrl, model: 'gpt-4o' },
    ],
  };
  writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
}

async function palette(page: Page, command: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 20_000 });
  await input.fill(`>${command}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: command }).first().waitFor({ timeout: 20_000 });
  await page.keyboard.press('Enter');
}

async function openFile(page: Page, path: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 20_000 });
  await input.fill(path);
  const name = path.split('/').pop() ?? path;
  // The first search of a workspace can take a while on a busy machine.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 90_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 20_000 });
}

/** One pass of the journey in one language and theme; returns the files written. */
async function journey(page: Page, language: Language, theme: Theme): Promise<string[]> {
  const written: string[] = [];
  const shot = async (step: string) => {
    await page.mouse.move(700, 860);
    await page.waitForTimeout(600);
    const file = join(shots, `${step}-${language}-${theme}.png`);
    await page.screenshot({ path: file });
    written.push(file);
  };
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+K');
  await page.keyboard.press('W');
  await openFile(page, 'clients/ardoise/meeting-notes.md');
  const entry = page.locator('.activitybar [role="tab"][aria-label^="AI Guard"], .activitybar a[aria-label^="AI Guard"]').first();
  const selected = await entry.evaluate((el) => el.getAttribute('aria-selected') === 'true' || el.closest('[aria-selected="true"]') !== null);
  if (!selected) await entry.click();
  const frame = page.locator('iframe.webview').first().contentFrame().locator('#active-frame').contentFrame();
  await frame.locator('#file-level[data-level="confidential"]').waitFor({ timeout: 60_000 });
  await shot('01-client-file-and-panel');

  // Run Prompt…: the template picker, then the provider picker with the gateway left out and why.
  await palette(page, title(language, 'command.runPrompt.title'));
  const input = page.locator('.quick-input-widget input');
  await page.locator('.quick-input-list .monaco-list-row').nth(2).waitFor({ timeout: 30_000 });
  await input.fill('code-review');
  await shot('02-template-picker');
  await page.keyboard.press('Enter');
  // The optional notes box (Enter skips it), then the provider picker.
  const gateway = page.locator('.quick-input-list .monaco-list-row', { hasText: 'my-gateway' }).first();
  for (let i = 0; i < 3 && !(await gateway.isVisible()); i++) {
    await page.waitForTimeout(1500);
    if (!(await gateway.isVisible())) await page.keyboard.press('Enter');
  }
  await gateway.waitFor({ timeout: 30_000 });
  await shot('03-provider-picker-left-out');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'ollama' }).first().click();

  // The preview, with its own Send / Don't send in the title bar.
  const send = page.locator('.editor-actions [aria-label^="' + nls[language]['command.sendPreview.title'] + '"]').first();
  await send.waitFor({ timeout: 60_000 });
  await shot('04-preview-with-send-in-title-bar');
  await send.click();
  await page.locator('.monaco-editor .view-lines', { hasText: 'Hello from the fake server.' }).first().waitFor({ timeout: 60_000 });
  await shot('05-answer-view');

  // Set API Key: with two providers, a picker whose filter keeps no key, then a password box.
  await palette(page, title(language, 'command.setApiKey.title'));
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'my-gateway' }).first().click();
  await page.locator('.quick-input-widget input[type="password"]').waitFor({ timeout: 20_000 });
  await page.keyboard.type('sk-not-a-real-key');
  await shot('06-api-key-password-box');
  await page.keyboard.press('Escape');
  return written;
}

async function main(): Promise<void> {
  mkdirSync(shots, { recursive: true });
  ensureEditor({ browser: true });
  const packageDir = mkdtempSync(join(tmpdir(), 'ai-guard-shots-'));
  const vsix = join(packageDir, 'ai-guard.vsix');
  const packaged = spawnSync(process.execPath, ['scripts/package.mjs', '--out', vsix], { cwd: repoRoot, encoding: 'utf8' });
  if (packaged.status !== 0) throw new Error(`packaging failed:\n${packaged.stdout}\n${packaged.stderr}`);
  const folder = copyDemoWorkspace();
  const server = await FakeAiServer.start();
  writeSettings(folder, server, 'light');
  const editor = await startCodeServer({ folder, installVsix: vsix, demo: true, userDataFiles: frenchLanguagePackFiles(packageDir), label: 'screenshots' });
  let browser: Browser | undefined;
  const written: string[] = [];
  try {
    browser = await launchChromium();
    for (const language of ['en', 'fr'] as const) {
      const context = await browser.newContext({ locale: language, viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      await page.goto(editor.workbenchUrl(), { waitUntil: 'domcontentloaded' });
      await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
      for (const theme of ['light', 'dark'] as const) {
        writeSettings(folder, server, theme);
        await page.waitForFunction(`document.querySelector('.monaco-workbench')?.classList.contains('vs-dark') === ${theme === 'dark'}`, undefined, { timeout: 30_000 });
        try {
          written.push(...(await journey(page, language, theme)));
        } catch (error) {
          await page.screenshot({ path: join(shots, `failed-${language}-${theme}.png`) }).catch(() => undefined);
          console.error(`[screenshots] ${language} ${theme}: ${(error as Error).message}`);
        }
      }
      await context.close();
    }
  } finally {
    await browser?.close().catch(() => undefined);
    await editor.stop();
    await server.close();
    rmSync(folder, { recursive: true, force: true });
    rmSync(packageDir, { recursive: true, force: true });
  }
  console.log(written.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
