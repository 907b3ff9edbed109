/**
 * Statistical disclosure control for the reach figures: a pure function over a set of published
 * cells and the linear relations between them (a total equals the sum of its parts, across every
 * table anyone can see).
 *
 * 1. Primary suppression: every count from 1 to 4 is hidden (0 reveals nobody and stays visible).
 * 2. Complementary suppression: a relation with exactly one hidden cell would give it away by
 *    subtraction, so the smallest visible non-zero cell of that relation is hidden too, until no
 *    relation has exactly one hidden cell.
 * 3. Audit: "two hidden cells per relation" is not enough on its own: adding and subtracting
 *    several totals can still isolate one cell (two protected blocks joined by one hidden cell).
 *    The audit solves the whole linear system exactly (modular Gaussian elimination) and finds every
 *    hidden cell whose value is fixed by the visible cells; for each, one more cell is hidden, and
 *    steps 2–3 repeat until no hidden value can be derived.
 *
 * The audit's arithmetic is exact modulo a prime: a cell it calls free is certainly not derivable;
 * a cell it calls derivable is derivable or, with negligible probability, suppressed once more than
 * needed, which errs on the safe side. See docs/decisions/0006-child-key-and-reach.md.
 */

/** Σ values[left] = Σ values[right]: usually one total on the left and its parts on the right. */
export interface Relation {
  left: number[];
  right: number[];
}

export interface SuppressionResult {
  hidden: boolean[];
  primary: number;
  complementary: number;
  /** audit rounds that found a derivable cell and hid one more */
  auditRounds: number;
}

export const THRESHOLD = 5;

export function isPrimary(value: number, threshold = THRESHOLD): boolean {
  return value > 0 && value < threshold;
}

export function suppress(values: readonly number[], relations: readonly Relation[], options: { threshold?: number; maxRounds?: number } = {}): SuppressionResult {
  const threshold = options.threshold ?? THRESHOLD;
  const n = values.length;
  const hidden = new Array<boolean>(n).fill(false);
  let primary = 0;
  for (let i = 0; i < n; i++) {
    if (isPrimary(values[i]!, threshold)) {
      hidden[i] = true;
      primary++;
    }
  }
  // Which relations each cell takes part in, and on which side.
  const memberOf: number[][] = Array.from({ length: n }, () => []);
  relations.forEach((r, id) => {
    for (const c of r.left) memberOf[c]!.push(id);
    for (const c of r.right) memberOf[c]!.push(id);
  });
  const hiddenCount = relations.map((r) => countHidden(r, hidden));
  let complementary = 0;
  const hide = (cell: number, queue: number[]) => {
    if (hidden[cell]) return;
    hidden[cell] = true;
    complementary++;
    for (const r of memberOf[cell]!) {
      hiddenCount[r]!++;
      if (hiddenCount[r] === 1) queue.push(r);
    }
  };

  /** Step 2: until no relation has exactly one hidden cell. */
  const peel = (queue: number[]) => {
    while (queue.length > 0) {
      const r = queue.pop()!;
      if (hiddenCount[r] !== 1) continue;
      const candidate = cheapestVisible(relations[r]!, values, hidden);
      if (candidate !== null) hide(candidate, queue);
    }
  };
  peel(relations.map((_, id) => id).filter((id) => hiddenCount[id] === 1));

  let auditRounds = 0;
  const maxRounds = options.maxRounds ?? 1000;
  for (;;) {
    const derivable = derivableCells(n, relations, hidden);
    if (derivable.length === 0) break;
    auditRounds++;
    if (process.env.REACH_DEBUG) console.log('audit', auditRounds, derivable.length, n);
    const queue: number[] = [];
    // First one extra cell per derivable cell (the cheapest nearby); if that does not settle it
    // within a few rounds, one per relation around it, which always makes progress.
    const generous = auditRounds > 3;
    let progress = false;
    for (const cell of derivable) {
      for (const extra of nearbyVisible(cell, relations, memberOf, values, hidden, generous)) {
        if (!hidden[extra]) progress = true;
        hide(extra, queue);
      }
    }
    peel(queue);
    // Nothing visible is left around the derivable cells (they are fixed by zeros only), or the
    // round limit is reached: stop; every small count is hidden either way.
    if (!progress || auditRounds >= maxRounds) break;
  }
  return { hidden, primary, complementary, auditRounds };
}

function countHidden(r: Relation, hidden: boolean[]): number {
  let k = 0;
  for (const c of r.left) if (hidden[c]) k++;
  for (const c of r.right) if (hidden[c]) k++;
  return k;
}

/** The smallest visible non-zero cell of a relation; a part before a total of the same size. */
function cheapestVisible(r: Relation, values: readonly number[], hidden: boolean[]): number | null {
  let best: number | null = null;
  let bestCost = Infinity;
  for (const [side, cells] of [[1, r.left], [0, r.right]] as const) {
    for (const c of cells) {
      if (hidden[c] || values[c]! <= 0) continue;
      const cost = values[c]! * 2 + side;
      if (cost < bestCost) [best, bestCost] = [c, cost];
    }
  }
  return best;
}

/**
 * Visible cells to hide so that `cell` is no longer fixed: the cheapest one in its own relations,
 * or, when those hold only hidden cells, in the relations of the hidden cells around it (breadth
 * first). With `generous`, one per relation at that distance instead of one in all.
 */
function nearbyVisible(cell: number, relations: readonly Relation[], memberOf: number[][], values: readonly number[], hidden: boolean[], generous: boolean): number[] {
  const seen = new Set<number>([cell]);
  let frontier = [cell];
  while (frontier.length > 0) {
    const found = new Set<number>();
    let best: number | null = null;
    const next: number[] = [];
    for (const c of frontier) {
      for (const r of memberOf[c]!) {
        const candidate = cheapestVisible(relations[r]!, values, hidden);
        if (candidate !== null) {
          found.add(candidate);
          if (best === null || values[candidate]! < values[best]!) best = candidate;
        }
        for (const m of [...relations[r]!.left, ...relations[r]!.right]) {
          if (hidden[m] && !seen.has(m)) {
            seen.add(m);
            next.push(m);
          }
        }
      }
    }
    if (best !== null) return generous ? [...found] : [best];
    frontier = next;
  }
  return [];
}

// ---- The audit: exact linear algebra modulo a prime below 2^25, so that products stay exact in a double.

const P = 33_554_393; // 2^25 − 39, prime

function mod(a: number): number {
  const r = a % P;
  return r < 0 ? r + P : r;
}

function inverse(a: number): number {
  // Fermat: a^(P−2) mod P, by squaring; every intermediate product stays below 2^50.
  let result = 1;
  let base = mod(a);
  let e = P - 2;
  while (e > 0) {
    if (e & 1) result = (result * base) % P;
    base = (base * base) % P;
    e = Math.floor(e / 2);
  }
  return result;
}

/** A small deterministic generator: the audit must give the same answer on every run and process. */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    s ^= s + Math.imul(s ^ (s >>> 7), s | 61);
    return 1 + (((s ^ (s >>> 14)) >>> 0) % (P - 1));
  };
}

/**
 * The hidden cells whose value the visible cells and the relations fix. The relations restricted to
 * the hidden cells form a matrix A; a hidden cell k is derivable exactly when every vector z with
 * A·z = 0 has z_k = 0. The matrix is brought to echelon form and two random null vectors are
 * solved from it: a cell that is non-zero in either is certainly free.
 */
export function derivableCells(n: number, relations: readonly Relation[], hidden: readonly boolean[]): number[] {
  const rows: Array<Map<number, number>> = [];
  const occurrences = new Map<number, number>();
  for (const r of relations) {
    const row = new Map<number, number>();
    for (const c of r.left) if (hidden[c]) row.set(c, mod((row.get(c) ?? 0) + 1));
    for (const c of r.right) if (hidden[c]) row.set(c, mod((row.get(c) ?? 0) - 1));
    for (const [c, v] of row) if (v === 0) row.delete(c);
    if (row.size === 0) continue;
    rows.push(row);
    for (const c of row.keys()) occurrences.set(c, (occurrences.get(c) ?? 0) + 1);
  }
  if (rows.length === 0) return [];

  // Forward elimination. pivotRow[col] is the reduced row whose pivot is col; order[col] its creation index.
  const pivotRow = new Map<number, Map<number, number>>();
  const order = new Map<number, number>();
  const pivots: number[] = [];
  for (const original of rows) {
    const row = new Map(original);
    for (;;) {
      // Eliminate the earliest pivot present in the row; earlier pivot rows hold no earlier pivots, so this ends.
      let target = -1;
      let targetOrder = Infinity;
      for (const c of row.keys()) {
        const o = order.get(c);
        if (o !== undefined && o < targetOrder) [target, targetOrder] = [c, o];
      }
      if (target < 0) break;
      const p = pivotRow.get(target)!;
      const factor = (row.get(target)! * inverse(p.get(target)!)) % P;
      for (const [c, v] of p) {
        const next = mod((row.get(c) ?? 0) - ((factor * v) % P));
        if (next === 0) row.delete(c);
        else row.set(c, next);
      }
    }
    if (row.size === 0) continue;
    // Pivot on the column that occurs in the fewest relations: it spreads the least fill-in.
    let pivot = -1;
    let fewest = Infinity;
    for (const c of row.keys()) {
      const k = occurrences.get(c) ?? 0;
      if (k < fewest || (k === fewest && c < pivot)) [pivot, fewest] = [c, k];
    }
    order.set(pivot, pivots.length);
    pivots.push(pivot);
    pivotRow.set(pivot, row);
  }

  const hiddenCells: number[] = [];
  for (let i = 0; i < n; i++) if (hidden[i]) hiddenCells.push(i);
  const free = new Set<number>(hiddenCells.filter((c) => !pivotRow.has(c)));
  const nonZero = new Set<number>();
  for (const seed of [0x9e3779b9, 0x85ebca6b]) {
    const random = generator(seed);
    const z = new Map<number, number>();
    for (const c of free) z.set(c, random());
    // Back-substitution: a pivot row holds free columns and pivots made after it, which are solved first.
    for (let i = pivots.length - 1; i >= 0; i--) {
      const pivot = pivots[i]!;
      const row = pivotRow.get(pivot)!;
      let sum = 0;
      for (const [c, v] of row) if (c !== pivot) sum = (sum + v * (z.get(c) ?? 0)) % P;
      z.set(pivot, mod(-sum * inverse(row.get(pivot)!)));
    }
    for (const [c, v] of z) if (v !== 0) nonZero.add(c);
  }
  return hiddenCells.filter((c) => !nonZero.has(c));
}
