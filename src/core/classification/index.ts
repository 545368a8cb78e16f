// Classification's public face: what the editor and the CLI call. Every file gets a level,
// a client, whether AI may see it and which providers may, and the reasons, most decisive first.
export { PolicyStore, type PolicySnapshot, type PolicyStoreOptions, type FileChange, trackedKind, POLICY_FOLDER, POLICY_FILE_NAME } from './store';
export { type Classification, type Reason, type ReasonSource, type ContentSummary, summariseFindings } from './types';
export { AI_IGNORE_FILES, type IgnoreConvention, isIgnoreFileName } from './ignoreFiles';
export { PolicyFileLoader } from './loader';
export { normalisePath } from './paths';
export { diffFiles, type DiffFiles, unreadableDiffMessage } from './diffPaths';
export { leavesWorkspaceMessage, type ResolvedPath, SourcePathResolver } from './sourcePaths';
