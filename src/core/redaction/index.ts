// The redaction engine's public face: what the CLI, the editor and the AI-call pipeline use.
export { type Category, CATEGORIES, type Finding, type Kind, KINDS, ALL_KINDS } from './kinds';
export { Scanner, ScanError, isCancellation, type ScanErrorCode, type ScannerConfig, type ScanOptions, DEFAULT_CATEGORIES } from './scanner';
export { RedactionSession, redact, applyFindings, type RedactionResult, type StreamRestorer } from './redactor';
export { mergeDictionaries, type RedactionDictionary } from './detectors/dictionary';
export { secretlintSettingsFrom, type SecretlintSettings, DEFAULT_SECRETLINT } from './detectors/secretlint';
export { decodeText } from './binary';
export { IncrementalScanner, contentDefinedChunks, INCREMENTAL_THRESHOLD } from './incremental';
export { kindLabel, categoryLabel, summariseCounts } from './labels';
