/**
 * The part of Node's built-in `node:sqlite` (Node ≥ 22.13, with `backup` from 22.16) the
 * collector uses. The project's @types/node follows the oldest Node the extension and the CLI
 * support (20), which has no such module, so its types are declared here.
 */
declare module 'node:sqlite' {
  type Value = string | number | bigint | null | Uint8Array;
  export interface StatementSync {
    all(...params: Value[]): Record<string, Value>[];
    get(...params: Value[]): Record<string, Value> | undefined;
    run(...params: Value[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  }
  export class DatabaseSync {
    constructor(path: string, options?: { open?: boolean; readOnly?: boolean; timeout?: number; enableForeignKeyConstraints?: boolean });
    readonly isOpen: boolean;
    readonly isTransaction: boolean;
    exec(sql: string): void;
    prepare(sql: string): StatementSync;
    close(): void;
  }
  export function backup(
    source: DatabaseSync,
    path: string,
    options?: { rate?: number; source?: string; target?: string; progress?: (progress: { totalPages: number; remainingPages: number }) => void },
  ): Promise<number>;
}
