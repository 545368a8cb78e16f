import type { AuditLog } from '../audit';
import type { Classification } from '../classification/types';
import { type Budget, type BudgetCheck, checkReservation, type Cost, type PriceTable, reservationOf } from '../cost';
import type { PipelineOutcome, PipelinePorts, PipelineRequest, ProviderChoice, RedactedPrompt } from './pipeline';
import { attemptFieldsOf, type CallRecord, callRecordOf, resultFieldsOf } from './record';

type Provider = Extract<ProviderChoice, { mode: 'provider' }>;

/**
 * The audit trail and the budget of one run, for the editor and the CLI alike. Its `budget` port
 * checks early (before a preview); its `beforeCall` port reserves the call's most expensive cost
 * and writes the `attempt` record under one lock, right before anything is sent; `finish` writes
 * how the run ended (the attempt's completion, or one record for a run that sent nothing).
 * `traced: false` (an unwritable log the policy waived) writes nothing and still checks budgets.
 */
export class RunAudit {
  private attempt: string | undefined;
  private reserved: Cost | undefined;
  private streamed = '';
  /** Set by the caller's preview port when it showed the prompt. */
  previewShown = false;

  constructor(
    private readonly request: PipelineRequest,
    private readonly options: { log: AuditLog | undefined; traced: boolean; prices: PriceTable; budget: Budget; now?: () => Date },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private reservation(prompt: RedactedPrompt, choice: Provider): Cost {
    return reservationOf(this.options.prices, choice.model, `${prompt.system}${prompt.user}`, this.request.maxOutputTokens ?? 0);
  }

  private check(choice: Provider, reserved: Cost, spent: number): BudgetCheck {
    return checkReservation({ budget: this.options.budget, model: choice.model, reserved, spent, now: this.now() });
  }

  /** The month the budget is held to, when there is a monthly budget (`YYYY-MM`). */
  private month(): string | undefined {
    return this.options.budget.monthly === undefined ? undefined : this.now().toISOString().slice(0, 7);
  }

  /** The pipeline's early budget check: what the month spent is read only against a monthly budget (from the log's head and the ledger). */
  readonly budget: NonNullable<PipelinePorts['budget']> = async (prompt, choice) => {
    const month = this.month();
    const spent = month !== undefined && this.options.log ? await this.options.log.spent(month) : 0;
    return this.check(choice, this.reservation(prompt, choice), spent);
  };

  /** The pipeline's write-ahead port: the reservation and the attempt record, under the writers' lock. */
  readonly beforeCall: NonNullable<PipelinePorts['beforeCall']> = async (prompt: RedactedPrompt, choice: Provider, classification: Classification | undefined) => {
    const reserved = this.reservation(prompt, choice);
    const { log } = this.options;
    if (!log || !this.options.traced) return this.budget(prompt, choice);
    const fields = { ...attemptFieldsOf(this.request, prompt, classification, { now: this.now(), previewShown: this.previewShown }), reserved };
    const month = this.month();
    const { decision, id } = await log.begin(fields, (spent) => this.check(choice, reserved, spent), month !== undefined ? { month } : {});
    this.attempt = id;
    this.reserved = reserved;
    return decision;
  };

  /** Counts the answer as it streams, so a call cut short is costed on what it produced. */
  onText(chunk: string): void {
    this.streamed += chunk;
  }

  /** The run's whole record (for its subscribers). `detail` names what interrupted a cancelled call (a signal, a closed output). */
  recordOf(outcome: PipelineOutcome, options: { detail?: string } = {}): CallRecord {
    const { prices } = this.options;
    const record = callRecordOf(this.request, outcome, { now: this.now(), previewShown: this.previewShown, prices });
    return { ...record, ...this.resultOf(outcome, options), ...(this.reserved ? { reserved: this.reserved } : {}) };
  }

  private resultOf(outcome: PipelineOutcome, options: { detail?: string }) {
    const model = this.request.provider.mode === 'provider' ? this.request.provider.model : undefined;
    return resultFieldsOf(outcome, {
      prices: this.options.prices,
      ...(model !== undefined ? { model } : {}),
      ...(this.streamed ? { streamed: this.streamed } : {}),
      ...(options.detail !== undefined ? { detail: options.detail } : {}),
    });
  }

  /**
   * Writes how the run ended: the attempt's completion, or one record for a run that sent
   * nothing (a dry run leaves none). Rejects when it cannot be written; an attempt then stays,
   * read as interrupted and counted at its reservation.
   */
  async finish(outcome: PipelineOutcome, options: { detail?: string } = {}): Promise<void> {
    const { log } = this.options;
    if (!log || !this.options.traced || outcome.status === 'dry-run') return;
    if (this.attempt !== undefined) await log.complete(this.attempt, { ...this.resultOf(outcome, options) });
    else await log.append('call', { ...this.recordOf(outcome, options) });
  }
}
