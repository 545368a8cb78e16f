import * as vscode from 'vscode';
import type { CallRecord } from '../core/pipeline';

/** One governed run, as recorded: subscribers (the sidebar, the telemetry) see what the audit sees. */
export interface RunEvent {
  runId: string;
  record: CallRecord;
}

/** A person's judgement of one answer: both parts optional (the feedback is skippable). */
export interface Feedback {
  runId: string;
  template: string;
  profile: string;
  rating?: number;
  minutesSaved?: number;
}

/** What one feature tells the others, by kind. */
export interface GuardEvents {
  /** A run's record was written (or could not be): answered, blocked, failed or copied. */
  run: RunEvent;
  /** A person rated an answer (from the answer's actions or the sidebar). */
  rating: Feedback;
  /** Files whose level may have changed: these, or every file (undefined) after a policy or provider change. */
  classification: readonly vscode.Uri[] | undefined;
  /** A command is about to run (daily activity counts some of them). */
  command: string;
}

/**
 * The one channel between features, owned by the container: a feature announces what happened
 * and the others listen, so none needs the other to exist first, nor a reference to it. A
 * listener subscribed after an event does not see it (nothing is replayed).
 */
export class EventChannel implements vscode.Disposable {
  private readonly emitters = new Map<keyof GuardEvents, vscode.EventEmitter<never>>();

  private emitter<K extends keyof GuardEvents>(kind: K): vscode.EventEmitter<GuardEvents[K]> {
    let emitter = this.emitters.get(kind) as vscode.EventEmitter<GuardEvents[K]> | undefined;
    if (emitter === undefined) {
      emitter = new vscode.EventEmitter<GuardEvents[K]>();
      this.emitters.set(kind, emitter as vscode.EventEmitter<never>);
    }
    return emitter;
  }

  on<K extends keyof GuardEvents>(kind: K, listener: (event: GuardEvents[K]) => void): vscode.Disposable {
    return this.emitter(kind).event(listener);
  }

  emit<K extends keyof GuardEvents>(kind: K, event: GuardEvents[K]): void {
    this.emitters.get(kind)?.fire(event as never);
  }

  dispose(): void {
    for (const emitter of this.emitters.values()) emitter.dispose();
    this.emitters.clear();
  }
}
