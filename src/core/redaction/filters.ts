/**
 * Values that look like secrets but are not: placeholders, references to where the real value
 * lives, documentation examples and our own redaction placeholders. Masking them would make
 * prompts useless, and people would switch the redactor off.
 */

/** Our own placeholders: `[[AWS_SECRET_KEY_1]]`. Never detected again (idempotence). */
export const REDACTION_PLACEHOLDER = /\[\[[A-Z][A-Z0-9_]*_\d+\]\]/;
const ONLY_PLACEHOLDER = new RegExp(`^${REDACTION_PLACEHOLDER.source}$`);

/** Keys published in documentation, which providers refuse, so they are not secrets. */
const DOCUMENTATION_EXAMPLES = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  'AKIAI44QH8DHBEXAMPLE',
]);

const PLACEHOLDER_WORDS =
  /^(?:change[-_ ]?me|changeit|password|passwd|secret|token|api[-_]?key|example|sample|dummy|test|testing|fake|foo|bar|baz|null|nil|none|undefined|empty|true|false|todo|tbd|xxx+|placeholder|redacted|hidden|masked|secret123|password123|admin|root|user|guest|default|your[-_ ]?\w*|my[-_ ]?\w*|insert[-_ ]?\w*|enter[-_ ]?\w*|replace[-_ ]?\w*|put[-_ ]?\w*)$/i;

/**
 * True when `value` is a stand-in rather than a secret: `YOUR_API_KEY`, `changeme`, `<token>`,
 * `${DB_PASSWORD}`, `{{ .Values.password }}`, `process.env.X`, `****`, `xxxx`, `…`.
 */
export function isPlaceholderValue(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length === 0) return true;
  if (ONLY_PLACEHOLDER.test(trimmed)) return true;
  if (DOCUMENTATION_EXAMPLES.has(trimmed) || /EXAMPLE/.test(trimmed)) return true;
  if (PLACEHOLDER_WORDS.test(trimmed)) return true;
  // Template and variable references: ${X}, $X, {{ x }}, %X%, <x>, @x@, #{x}, [x].
  if (/^(?:\$\{[^}]*\}|\$\(?[A-Za-z_][A-Za-z0-9_]*\)?|\{\{.*\}\}|%[A-Za-z_][A-Za-z0-9_]*%|<[^<>]*>|@[A-Za-z_]+@|#\{[^}]*\}|\[[^\]]*\])$/.test(trimmed)) return true;
  // Where the value comes from rather than the value: process.env.X, os.environ["X"], getenv(…).
  if (/^(?:process\.env|os\.environ|os\.getenv|System\.getenv|Environment\.GetEnvironmentVariable|env\(|ENV\[|getenv\(|secrets\.|vars\.|var\.|local\.|data\.|module\.)/.test(trimmed)) return true;
  // A run of one repeated character (****, xxxxxx, 000000, ....) or an ellipsis.
  if (/^(.)\1{3,}$/.test(trimmed) || trimmed === '...' || trimmed === '…') return true;
  // Masked in the middle (sk-****abcd) or made of x and dashes (xxxx-xxxx).
  if (/\*{3,}|x{6,}|X{6,}/.test(trimmed)) return true;
  // Only masking characters: `*`, `xx`, `x.x`.
  if (/^[*x.]+$/i.test(trimmed)) return true;
  return false;
}

/** For `accept` callbacks: the value is not a stand-in. */
export function notPlaceholder(value: string): boolean {
  return !isPlaceholderValue(value);
}
