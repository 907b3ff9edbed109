import { test } from 'node:test';
import assert from 'node:assert/strict';
import { derivableCells, suppress, type Relation } from './suppression.ts';

/**
 * Constructed tables. The proof that no suppressed value can be derived is done two ways:
 * - by brute force on small tables: every non-negative integer table that agrees with the visible
 *   cells and all totals is enumerated, and each hidden cell must take at least two values;
 * - by exact rational Gaussian elimination (independent of the modular audit) on larger ones.
 */

/** A two-way table rows × cols with its margins, as cells and relations. Returns cell ids. */
function twoWay(inner: number[][]) {
  const values: number[] = [];
  const id = (v: number) => values.push(v) - 1;
  const cells = inner.map((row) => row.map((v) => id(v)));
  const rowTotals = inner.map((row) => id(row.reduce((a, b) => a + b, 0)));
  const colTotals = inner[0]!.map((_, j) => id(inner.reduce((a, row) => a + row[j]!, 0)));
  const grand = id(inner.flat().reduce((a, b) => a + b, 0));
  const relations: Relation[] = [
    ...cells.map((row, i) => ({ left: [rowTotals[i]!], right: row })),
    ...colTotals.map((c, j) => ({ left: [c], right: cells.map((row) => row[j]!) })),
    { left: [grand], right: rowTotals },
    { left: [grand], right: colTotals },
  ];
  return { values, relations, cells, rowTotals, colTotals, grand };
}

/** Every assignment of non-negative integers to the hidden cells consistent with all relations; per hidden cell, the set of values seen. */
function enumerate(values: number[], relations: Relation[], hidden: boolean[], limit = 2_000_000) {
  const unknown = values.map((_, i) => i).filter((i) => hidden[i]);
  const bound = Math.max(...values);
  const seen = new Map<number, Set<number>>(unknown.map((c) => [c, new Set()]));
  const assignment = new Map<number, number>();
  let visits = 0;
  const valueOf = (c: number) => (hidden[c] ? assignment.get(c) : values[c]);
  const consistent = () => {
    for (const r of relations) {
      let left = 0;
      let right = 0;
      let open = false;
      for (const c of r.left) {
        const v = valueOf(c);
        if (v === undefined) open = true;
        else left += v;
      }
      for (const c of r.right) {
        const v = valueOf(c);
        if (v === undefined) open = true;
        else right += v;
      }
      if (!open && left !== right) return false;
    }
    return true;
  };
  const walk = (k: number) => {
    if (++visits > limit) throw new Error('enumeration too large');
    if (k === unknown.length) {
      for (const c of unknown) seen.get(c)!.add(assignment.get(c)!);
      return;
    }
    for (let v = 0; v <= bound; v++) {
      assignment.set(unknown[k]!, v);
      if (consistent()) walk(k + 1);
    }
    assignment.delete(unknown[k]!);
  };
  walk(0);
  return seen;
}

function assertNothingDerivable(values: number[], relations: Relation[], hidden: boolean[]) {
  const seen = enumerate(values, relations, hidden);
  for (const [cell, options] of seen) {
    assert.ok(options.has(values[cell]!), `cell ${cell}: the true value is a solution`);
    assert.ok(options.size >= 2, `cell ${cell} (value ${values[cell]}) can be derived: only ${[...options].join(', ')} fits`);
  }
}

/** Exact rank test over the rationals (BigInt fractions): is hidden cell k fixed by the relations? */
function derivableExact(values: number[], relations: Relation[], hidden: boolean[]): number[] {
  const vars = values.map((_, i) => i).filter((i) => hidden[i]);
  const index = new Map(vars.map((c, i) => [c, i]));
  type Frac = [bigint, bigint];
  const norm = ([a, b]: Frac): Frac => {
    if (b < 0n) [a, b] = [-a, -b];
    const g = gcd(a < 0n ? -a : a, b);
    return g === 0n ? [0n, 1n] : [a / g, b / g];
  };
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
  const rows: Frac[][] = [];
  for (const r of relations) {
    const row: Frac[] = vars.map(() => [0n, 1n]);
    let any = false;
    for (const c of r.left) if (hidden[c]) { row[index.get(c)!] = norm([row[index.get(c)!]![0] + row[index.get(c)!]![1], row[index.get(c)!]![1]]); any = true; }
    for (const c of r.right) if (hidden[c]) { row[index.get(c)!] = norm([row[index.get(c)!]![0] - row[index.get(c)!]![1], row[index.get(c)!]![1]]); any = true; }
    if (any) rows.push(row);
  }
  // Reduced row echelon form.
  let lead = 0;
  const pivotCols: number[] = [];
  for (let r = 0; r < rows.length && lead < vars.length; r++) {
    let i = r;
    while (rows[i]![lead]![0] === 0n) {
      i++;
      if (i === rows.length) {
        i = r;
        lead++;
        if (lead === vars.length) break;
      }
    }
    if (lead === vars.length) break;
    [rows[i], rows[r]] = [rows[r]!, rows[i]!];
    const p = rows[r]![lead]!;
    rows[r] = rows[r]!.map(([a, b]) => norm([a * p[1], b * p[0]]));
    for (let j = 0; j < rows.length; j++) {
      if (j === r || rows[j]![lead]![0] === 0n) continue;
      const f = rows[j]![lead]!;
      rows[j] = rows[j]!.map(([a, b], k) => {
        const [c, d] = rows[r]![k]!;
        return norm([a * d * f[1] - c * f[0] * b, b * d * f[1]]);
      });
    }
    pivotCols.push(lead);
    lead++;
  }
  const out: number[] = [];
  pivotCols.forEach((col, r) => {
    if (rows[r]!.every(([a], k) => k === col || a === 0n)) out.push(vars[col]!);
  });
  return out.sort((a, b) => a - b);
}

test('primary suppression hides 1 to 4 and shows 0 and 5', () => {
  const { values, relations, cells } = twoWay([
    [0, 5, 12],
    [7, 9, 20],
  ]);
  const { hidden } = suppress(values, relations);
  assert.equal(hidden[cells[0]![0]!], false, '0 stays visible');
  assert.equal(hidden[cells[0]![1]!], false, '5 stays visible');
  assert.deepEqual(hidden.filter(Boolean).length, 0);
});

test('one small cell in a 2×3 table: a rectangle of four cells is hidden and nothing can be derived', () => {
  const { values, relations, cells } = twoWay([
    [3, 8, 12],
    [7, 9, 20],
  ]);
  const { hidden, primary, complementary } = suppress(values, relations);
  assert.equal(primary, 1);
  assert.ok(hidden[cells[0]![0]!]);
  assert.ok(complementary >= 3, 'a row partner, a column partner and the opposite corner');
  // Every row and column of the table holds no or at least two hidden cells.
  for (const r of relations) {
    const k = [...r.left, ...r.right].filter((c) => hidden[c]).length;
    assert.ok(k !== 1, 'no relation with exactly one hidden cell');
  }
  assertNothingDerivable(values, relations, hidden);
});

test('a small row total is protected, including through the grand total', () => {
  const { values, relations, rowTotals } = twoWay([
    [1, 2, 1],
    [6, 9, 7],
    [8, 5, 6],
  ]);
  const { hidden } = suppress(values, relations);
  assert.ok(hidden[rowTotals[0]!], 'the row total 4 is hidden');
  assertNothingDerivable(values, relations, hidden);
});

test('two tables sharing a total (by theme and by age band) cannot be combined to recover a hidden cell', () => {
  // One total of 30, split by theme (3 cells) and by age band (2 cells) — two views of one municipality.
  const values = [30, 3, 12, 15, 26, 4];
  const relations: Relation[] = [
    { left: [0], right: [1, 2, 3] },
    { left: [0], right: [4, 5] },
  ];
  const { hidden } = suppress(values, relations);
  assert.ok(hidden[1] && hidden[5], 'both small cells');
  assert.ok(hidden[2] || hidden[3], 'a partner in the theme table');
  assert.ok(hidden[4] || hidden[0], 'a partner in the age table');
  assertNothingDerivable(values, relations, hidden);
});

test('the audit finds a cell that two hidden cells per relation do not protect, and the result hides one more', () => {
  // Two rectangles of hidden cells joined by one hidden cell in a 4×4 table: every row and column
  // has two hidden cells, yet row totals minus column totals isolate the joining cell.
  const { values, relations, cells } = twoWay([
    [6, 7, 20, 21],
    [8, 9, 22, 23],
    [30, 31, 10, 11],
    [32, 33, 12, 13],
  ]);
  const hidden = values.map(() => false);
  for (const [i, j] of [[0, 0], [0, 1], [1, 0], [1, 1], [2, 2], [2, 3], [3, 2], [3, 3], [1, 2]] as const) hidden[cells[i]![j]!] = true;
  for (const r of relations) assert.notEqual([...r.left, ...r.right].filter((c) => hidden[c]).length, 1);
  assert.deepEqual(derivableCells(values.length, relations, hidden), [cells[1]![2]!]);
  assert.deepEqual(derivableExact(values, relations, hidden), [cells[1]![2]!], 'the exact test agrees');
});

test('random tables with sparse small counts: no hidden cell is derivable (exact rational check)', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let round = 0; round < 40; round++) {
    const rows = 2 + Math.floor(random() * 4);
    const cols = 2 + Math.floor(random() * 5);
    const inner = Array.from({ length: rows }, () => Array.from({ length: cols }, () => (random() < 0.25 ? 0 : random() < 0.4 ? 1 + Math.floor(random() * 4) : 5 + Math.floor(random() * 40))));
    const { values, relations } = twoWay(inner);
    const { hidden } = suppress(values, relations);
    assert.deepEqual(derivableExact(values, relations, hidden), [], `table ${JSON.stringify(inner)}`);
    for (let i = 0; i < values.length; i++) if (values[i]! > 0 && values[i]! < 5) assert.ok(hidden[i], 'every small count is hidden');
  }
});

test('small random tables: brute force over every consistent table leaves each hidden cell at least two values', () => {
  let seed = 11;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let checked = 0;
  for (let round = 0; round < 30; round++) {
    const cols = 2 + Math.floor(random() * 2);
    const inner = Array.from({ length: 2 + Math.floor(random() * 2) }, () => Array.from({ length: cols }, () => (random() < 0.5 ? 1 + Math.floor(random() * 4) : 5 + Math.floor(random() * 6))));
    const { values, relations } = twoWay(inner);
    const { hidden } = suppress(values, relations);
    if (hidden.filter(Boolean).length > 8) continue;
    assertNothingDerivable(values, relations, hidden);
    checked++;
  }
  assert.ok(checked >= 10, `checked ${checked} tables`);
});

test('a three-way structure (municipalities × organisation × theme, with national margins) stays underivable', () => {
  // Cells: per municipality m ∈ {0,1,2} and national (3): totals, by organisation (2), by theme (3), and organisation × theme.
  let seed = 3;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const values: number[] = [];
  const id = (v: number) => values.push(v) - 1;
  const leaf = [0, 1, 2].map(() => [0, 1].map(() => [0, 1, 2].map(() => (random() < 0.4 ? 1 + Math.floor(random() * 4) : 5 + Math.floor(random() * 20)))));
  const relations: Relation[] = [];
  const ids: number[][][] = [];
  for (let m = 0; m <= 3; m++) {
    const v = (o: number, h: number) => (m < 3 ? leaf[m]![o]![h]! : leaf.reduce((a, x) => a + x[o]![h]!, 0));
    const oh = [0, 1].map((o) => [0, 1, 2].map((h) => id(v(o, h))));
    const byOrg = [0, 1].map((o) => id([0, 1, 2].reduce((a, h) => a + v(o, h), 0)));
    const byTheme = [0, 1, 2].map((h) => id(v(0, h) + v(1, h)));
    const total = id([0, 1].reduce((a, o) => a + [0, 1, 2].reduce((b, h) => b + v(o, h), 0), 0));
    relations.push(...[0, 1].map((o) => ({ left: [byOrg[o]!], right: oh[o]! })));
    relations.push(...[0, 1, 2].map((h) => ({ left: [byTheme[h]!], right: [oh[0]![h]!, oh[1]![h]!] })));
    relations.push({ left: [total], right: byOrg }, { left: [total], right: byTheme });
    ids.push([...oh, byOrg, byTheme, [total]]);
  }
  // National = sum over municipalities, cell by cell.
  for (let k = 0; k < ids[3]!.length; k++) for (let j = 0; j < ids[3]![k]!.length; j++) relations.push({ left: [ids[3]![k]![j]!], right: [0, 1, 2].map((m) => ids[m]![k]![j]!) });
  const { hidden } = suppress(values, relations);
  assert.deepEqual(derivableExact(values, relations, hidden), []);
  for (let i = 0; i < values.length; i++) if (values[i]! > 0 && values[i]! < 5) assert.ok(hidden[i]);
});
