import type * as vscode from 'vscode';
import type { Logger } from '../core/ports';
import { Settings } from '../shared/ids';
import { getSetting } from './platform/configuration';

/**
 * The core's Logger port on top of the editor's log output channel: levels are set by the
 * person with "Developer: Set Log Level…", timestamps come for free.
 */
export class OutputChannelLogger implements Logger, vscode.Disposable {
  constructor(readonly channel: vscode.LogOutputChannel) {}

  trace(message: string, ...args: unknown[]): void {
    this.channel.trace(message, ...args);
  }
  debug(message: string, ...args: unknown[]): void {
    this.channel.debug(message, ...args);
  }
  info(message: string, ...args: unknown[]): void {
    this.channel.info(message, ...args);
  }
  warn(message: string, ...args: unknown[]): void {
    this.channel.warn(message, ...args);
  }
  error(message: string | Error, ...args: unknown[]): void {
    this.channel.error(message, ...args);
    if (getSetting(Settings.revealOutputOnError)) {
      this.channel.show(true);
    }
  }

  show(): void {
    this.channel.show();
  }

  dispose(): void {
    this.channel.dispose();
  }
}
