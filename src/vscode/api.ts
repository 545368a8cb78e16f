/**
 * What `activate` returns. Other extensions get only the version; tests (extension mode Test)
 * also get hooks to observe what the UI did, without reaching into private state.
 */
export interface AiGuardApi {
  readonly version: string;
  readonly testing?: AiGuardTestHooks;
}

export interface AiGuardTestHooks {
  /** Resolves once the sidebar webview has run its script and completed the handshake. */
  sidebarReady(): Promise<void>;
  /** Messages from the webview that failed validation, most recent last. */
  readonly rejectedMessages: readonly string[];
}
