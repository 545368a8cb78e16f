import type { Driver } from './driver';
import { WasmSqliteDriver } from './sqliteWasm';

/** Opens the database the `--db` option names. */
export async function openDriver(location: string, onNote?: (message: string) => void): Promise<Driver> {
  return WasmSqliteDriver.open(location, onNote);
}
