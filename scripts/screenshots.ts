// Screenshots of a newcomer's first hour with AI Guard, in light and dark themes, in English and
// French: the packaged extension in code-server, driven by Debian's Chromium (playwright-core),
// against a local fake provider. Run: node --import tsx scripts/screenshots.ts [folder]
// (default docs/screenshots/first-hour/, which is committed). Each PNG is named
// <step>-<language>-<theme>.png, recompressed at zlib's highest level; the run prints the list
// with each file's size.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { FakeAiServer } from '../test/support/fakeAiServer';
import { frenchLanguagePackFiles } from '../test/e2e/frenchLanguagePack';
import { launchChromium } from './lib/browser.mjs';
import { copyDemoWorkspace, ensureEditor, repoRoot, startCodeServer } from './lib/editor.mjs';

const shots = process.argv[2] ?? join(repoRoot, 'docs', 'screenshots', 'first-hour');
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

/** Runs a command from the palette; once more if the palette did not take the text (a busy machine). */
async function palette(page: Page, command: string): Promise<void> {
  try {
    await paletteOnce(page, command);
  } catch {
    await page.keyboard.press('Escape');
    await paletteOnce(page, command);
  }
}

async function paletteOnce(page: Page, command: string): Promise<void> {
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

/** Closes every editor of every group (Ctrl+K Ctrl+W), so that the next view has the whole width. */
async function closeEverything(page: Page): Promise<void> {
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+W');
  await page.waitForTimeout(500);
}

/** The content of the first webview (sidebar or panel) that shows `selector`. */
async function webviewWith(page: Page, selector: string): Promise<FrameLocator> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const frames = page.locator('iframe.webview');
    const count = await frames.count();
    for (let index = 0; index < count; index++) {
      const content = frames.nth(index).contentFrame().locator('#active-frame').contentFrame();
      if ((await content.locator(selector).count()) > 0) return content;
    }
    if (Date.now() > deadline) throw new Error(`no webview shows ${selector}`);
    await page.waitForTimeout(500);
  }
}

/**
 * Chromium writes PNGs with fast compression; the same pixels deflated at zlib's level 9 are
 * about a third smaller, which keeps each committed screenshot small without another tool.
 */
function recompressPng(file: string): number {
  const data = readFileSync(file);
  const chunks: Array<{ type: string; body: Buffer }> = [];
  for (let offset = 8; offset < data.length;) {
    const length = data.readUInt32BE(offset);
    chunks.push({ type: data.toString('latin1', offset + 4, offset + 8), body: data.subarray(offset + 8, offset + 8 + length) });
    offset += 12 + length;
  }
  const pixels = inflateSync(Buffer.concat(chunks.filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.body)));
  const chunk = (type: string, body: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
    return Buffer.concat([head, body, crc]);
  };
  const kept = chunks.filter((each) => each.type !== 'IDAT' && each.type !== 'IEND');
  const out = Buffer.concat([data.subarray(0, 8), ...kept.map((each) => chunk(each.type, each.body)), chunk('IDAT', deflateSync(pixels, { level: 9, memLevel: 9 })), chunk('IEND', Buffer.alloc(0))]);
  if (out.length < data.length) writeFileSync(file, out);
  return Math.min(out.length, data.length);
}

/** One pass of the journey in one language and theme; returns the files written. */
async function journey(page: Page, language: Language, theme: Theme): Promise<string[]> {
  const written: string[] = [];
  const shot = async (step: string) => {
    // Over the window's title: no tooltip, no hover; then long enough for notifications to finish fading in.
    await page.mouse.move(900, 14);
    await page.waitForTimeout(1200);
    const file = join(shots, `${step}-${language}-${theme}.png`);
    await page.screenshot({ path: file });
    written.push(`${file} (${Math.round(recompressPng(file) / 1024)} KB)`);
  };
  await page.keyboard.press('Escape');
  await closeEverything(page);
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
  // The preview's notification stays after a decision made in the title bar (a message's
  // notification cannot be closed through the API); cleared here, as a person would.
  await palette(page, 'Notifications: Clear All Notifications');
  await shot('05-answer-view');

  // Set API Key: with two providers, a picker whose filter keeps no key, then a password box.
  await palette(page, title(language, 'command.setApiKey.title'));
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'my-gateway' }).first().click();
  await page.locator('.quick-input-widget input[type="password"]').waitFor({ timeout: 20_000 });
  await page.keyboard.type('sk-not-a-real-key');
  await shot('06-api-key-password-box');
  await page.keyboard.press('Escape');

  // The audit view, alone in the editor: the runs made so far, in local time, with its filters.
  await closeEverything(page);
  await palette(page, title(language, 'command.showAuditLog.title'));
  const audit = await webviewWith(page, '#rows tbody tr');
  await audit.locator('#rows tbody tr').first().waitFor({ timeout: 60_000 });
  await shot('07-audit-view');
  await closeEverything(page);
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
      // Each language starts in the light theme: the page must load with it, not switch from dark.
      writeSettings(folder, server, 'light');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const context = await browser.newContext({ locale: language, viewport: { width: 1200, height: 760 } });
      const page = await context.newPage();
      await page.goto(editor.workbenchUrl(), { waitUntil: 'domcontentloaded' });
      await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
      for (const theme of ['light', 'dark'] as const) {
        writeSettings(folder, server, theme);
        // The workbench has no theme class until its theme is applied: wait for the one asked for.
        const themeClass = theme === 'dark' ? 'vs-dark' : 'vs';
        await page.waitForFunction(`document.querySelector('.monaco-workbench')?.classList.contains('${themeClass}') === true`, undefined, { timeout: 30_000 });
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
