import type { CommandId } from '../../shared/ids';
import type { Container } from '../container';

/** One command: its id from `Commands` and what it does. One file per command. */
export interface CommandModule {
  readonly id: CommandId;
  run(container: Container, ...args: unknown[]): unknown;
}
