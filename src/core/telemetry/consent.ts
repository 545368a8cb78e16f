/**
 * Whether adoption telemetry may be collected and sent, decided in one place from everything
 * that has a say. Nothing is queued or sent unless every condition holds:
 *
 * - the person opted in (`aiGuard.telemetry.enabled`, off by default);
 * - the editor's own telemetry is on (`vscode.env.isTelemetryEnabled`): turning it off in the
 *   editor turns ours off too, whatever our setting says;
 * - the workspace is trusted;
 * - an endpoint is known and usable. The organisation policy's endpoint wins over the setting's
 *   (the organisation names its collector; a person cannot divert the team's figures), but the
 *   policy can never turn telemetry on: it only says where, never whether.
 */

/** Why telemetry is on or off; stable codes, put into words by the editor. */
export type ConsentReason = 'enabled' | 'not-opted-in' | 'editor-telemetry-off' | 'untrusted-workspace' | 'no-endpoint' | 'invalid-endpoint';

export interface ConsentInputs {
  /** The person's choice: `aiGuard.telemetry.enabled`. */
  userEnabled: boolean;
  /** The editor's telemetry switch (`vscode.env.isTelemetryEnabled`). */
  editorTelemetryEnabled: boolean;
  workspaceTrusted: boolean;
  /** `aiGuard.telemetry.endpoint` (empty: none). */
  settingEndpoint: string;
  /** The organisation policy's `telemetry.endpoint`, if it names one. */
  policyEndpoint: string | undefined;
}

export interface ConsentDecision {
  allowed: boolean;
  reason: ConsentReason;
  /** The URL events are posted to (`…/v1/logs`), when one is configured and usable. */
  logsUrl?: string;
  /** Where the endpoint came from, when there is one. */
  endpointSource?: 'policy' | 'setting';
}

/** The decision, and the reason that decided it (the first condition that fails, in the order above). */
export function decideConsent(inputs: ConsentInputs): ConsentDecision {
  const endpoint = chosenEndpoint(inputs);
  const target = endpoint === undefined ? undefined : logsUrlOf(endpoint.url);
  const where = endpoint !== undefined && target !== undefined ? { logsUrl: target, endpointSource: endpoint.source } : {};
  if (!inputs.userEnabled) return { allowed: false, reason: 'not-opted-in', ...where };
  if (!inputs.editorTelemetryEnabled) return { allowed: false, reason: 'editor-telemetry-off', ...where };
  if (!inputs.workspaceTrusted) return { allowed: false, reason: 'untrusted-workspace', ...where };
  if (endpoint === undefined) return { allowed: false, reason: 'no-endpoint' };
  if (target === undefined) return { allowed: false, reason: 'invalid-endpoint' };
  return { allowed: true, reason: 'enabled', ...where };
}

/** The endpoint in force: the organisation policy's, else the setting's, else none. */
export function chosenEndpoint(inputs: Pick<ConsentInputs, 'settingEndpoint' | 'policyEndpoint'>): { url: string; source: 'policy' | 'setting' } | undefined {
  const policy = inputs.policyEndpoint?.trim();
  if (policy) return { url: policy, source: 'policy' };
  const setting = inputs.settingEndpoint.trim();
  return setting ? { url: setting, source: 'setting' } : undefined;
}

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The OTLP logs URL for an endpoint given with or without `/v1/logs`, or undefined when it is
 * not usable: not http(s), with credentials in it (they would end up in logs and errors), or
 * plain http to anything but this machine (the installation id would travel in clear).
 */
export function logsUrlOf(endpoint: string): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) return undefined;
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/v1/logs') ? path : `${path}/v1/logs`;
  url.hash = '';
  return url.toString();
}
