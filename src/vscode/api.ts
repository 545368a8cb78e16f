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
  /** The commands that failed (id and reason), most recent last: the wrapper shows and logs each, and records it here. */
  readonly commandFailures: readonly string[];
  /** Messages from the webview that failed validation (or asked for what the panel did not offer), most recent last. */
  readonly rejectedMessages: readonly string[];
  /** The sidebar's last view model (plain data, as sent to the page), after any pending update is sent. */
  sidebarState(): Promise<Record<string, unknown> | undefined>;
  /** Hands a message to the sidebar as if its page had sent it (validated like one). */
  sidebarReceive(message: unknown): Promise<void>;
  /** The sidebar's first paint: in the page, and since the view was resolved (milliseconds). */
  sidebarFirstPaint(): { pageMs: number; hostMs: number } | undefined;
  /** A file's classification, once the workspace's policies have been read. */
  classificationOf(uri: string): Promise<{ level: string; client: string | undefined; aiAllowed: boolean; excluded: boolean; reasons: string[] } | undefined>;
  /** What the classification status bar item shows, if it is shown. */
  statusBar(): { text: string; tooltip: string; uri: string } | undefined;
  /** The explorer and tab decoration of a file, if it has one. */
  decorationOf(uri: string): { badge: string | undefined; tooltip: string | undefined; color: string | undefined } | undefined;
  /** What the last AI run (Run Prompt and the direct commands) ended with, and the answer's text when it was answered. */
  /** The records of the window's audit log (the calls and blocked attempts so far). */
  auditRecords(): Promise<Array<Record<string, unknown>>>;
  /** The telemetry's consent decision and outbox: queued events, the log (kinds, counts, statuses), the installation id. */
  telemetryState(): Promise<{ allowed: boolean; reason: string; installationId: string | undefined; queued: number; log: Array<{ kind: string; count: number; status?: number }> }>;
  /** Writes what telemetry has queued and sends it now (unless backing off). */
  flushTelemetry(): Promise<void>;
  /** Answers the next "Set Up AI Tools" confirmation (write or not), as the person would. */
  answerNextToolSetup(write: boolean): Promise<void>;
  /** What the last "Set Up AI Tools" showed and wrote. */
  lastToolSetup(): Promise<{ shown: string[]; written: string[]; result: string } | undefined>;
  /** Each AI tool's state (governed, missing, stale, unsupported), computed afresh when something changed, and the tools the last stale warning named. */
  aiToolStates(): Promise<{ states: Record<string, string>; staleWarning: string[] | undefined }>;
  lastAiRun(): Promise<{ template: string; provider: string; status: string; message?: string; answer?: string; answerUri?: string } | undefined>;
}
