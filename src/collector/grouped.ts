// The summary's groups, shared by the summary's queries and the per-tool section (no import cycle).

/** One group's figures. `other` marks the fold of the groups too small to be shown on their own. */
export interface Group {
  key: string;
  other?: true;
  /** For the fold: how many groups it holds. */
  groups?: number;
  events: number;
  /** Tools' quantities: sessions, prompts, tokens, lines, seconds, blocks or redactions. */
  amount: number;
  /** Estimated from the cost buckets' midpoints. */
  cost: number;
  minutes: number;
  averageRating: number | null;
  ratings: number;
  /** Distinct installations over the weeks the group was shown (teams only). */
  installations?: number;
}

export interface Grouped {
  groups: Group[];
  /** Groups that were not published in any week of the period, on their own or in "other". */
  withheld: number;
}
