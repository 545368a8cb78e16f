import * as z from 'zod/mini';
import { Commands } from './ids';

/**
 * The protocol between the sidebar webview and the extension host, declared once. Both sides
 * validate what they receive with these schemas: the webview is an untrusted boundary, and a
 * message that does not parse is dropped and logged, never acted upon.
 *
 * The handshake: the webview posts `ready` once its script runs; only then does the host post
 * `init` (and later `state` updates), so no message is lost to a page that is still loading.
 */

/** Commands the webview may ask the host to run: an allowlist, not any command id. */
export const WebviewCommandSchema = z.enum([Commands.showOutput]);
export type WebviewCommand = z.infer<typeof WebviewCommandSchema>;

export const FromWebviewSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('runCommand'), command: WebviewCommandSchema }),
]);
export type FromWebview = z.infer<typeof FromWebviewSchema>;

/** Localised strings the host hands to the webview, which has no `vscode.l10n` of its own. */
export const WebviewStringsSchema = z.strictObject({
  title: z.string(),
  intro: z.string(),
  showOutput: z.string(),
  version: z.string(),
});
export type WebviewStrings = z.infer<typeof WebviewStringsSchema>;

export const ToWebviewSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('init'),
    version: z.string(),
    strings: WebviewStringsSchema,
  }),
]);
export type ToWebview = z.infer<typeof ToWebviewSchema>;
