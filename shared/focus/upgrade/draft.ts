// The rows being upgraded, shared by the phases: the column set, the notes, and a tally of value changes.
import { FOCUS_ORDER, FOCUS_SET } from './columns.js';

export type Row = Record<string, unknown>;

/** Counts transformations per note text and per column; renders one line per note. */
export class Tally {
  private readonly byNote = new Map<string, Map<string, number>>();

  add(note: string, column = '', n = 1): void {
    let m = this.byNote.get(note);
    if (!m) this.byNote.set(note, (m = new Map()));
    m.set(column, (m.get(column) ?? 0) + n);
  }

  lines(): string[] {
    return [...this.byNote].map(([note, cols]) => {
      const total = [...cols.values()].reduce((a, b) => a + b, 0);
      const named = [...cols].filter(([c]) => c !== '');
      const detail = named.length > 0 ? `: ${named.map(([c, n]) => `${c} ${n}`).join(', ')}` : '';
      return `${note} (${total} value${total === 1 ? '' : 's'}${detail})`;
    });
  }
}

/** Output rows under construction (copies: the input rows are never modified). */
export class Draft {
  readonly rows: Row[];
  readonly columns: Set<string>;
  readonly tally = new Tally();

  constructor(
    source: readonly Row[],
    /** Source column → output column. */
    readonly plan: ReadonlyMap<string, string>,
    /** Lines for the result's `notes`; the tally's lines are appended at the end. */
    readonly notes: string[],
  ) {
    this.rows = source.map((r) => {
      const o: Row = {};
      for (const [from, to] of plan) o[to] = r[from] ?? null;
      return o;
    });
    this.columns = new Set(plan.values());
  }

  has(c: string): boolean {
    return this.columns.has(c);
  }

  addColumn(c: string, value: (r: Row) => unknown): void {
    this.columns.add(c);
    for (const r of this.rows) r[c] = value(r);
  }

  /** Adds `target` if absent and copies `from` into its null cells; tallies the copies with `why`. */
  fill(target: string, from: string, why: string): void {
    if (!this.has(from)) return;
    if (!this.has(target)) this.addColumn(target, () => null);
    let n = 0;
    for (const r of this.rows) {
      if (r[target] === null && r[from] !== null) {
        r[target] = r[from];
        n++;
      }
    }
    if (n > 0) this.tally.add(`${target} filled from ${from} (${why})`, '', n);
  }

  /** FOCUS columns first in table order, then the custom columns in source order (ColumnHandling). */
  orderedRows(): Row[] {
    const order = [
      ...FOCUS_ORDER.filter((c) => this.has(c)),
      ...[...this.columns].filter((c) => !FOCUS_SET.has(c)),
    ];
    return this.rows.map((r) => Object.fromEntries(order.map((c) => [c, r[c] ?? null])));
  }
}
