/**
 * The published cells as a cube with margins, and the linear relations between them that anyone
 * who sees several tables could use: a margin ('' or month 0) equals the sum of the cells it
 * summarises along one dimension. Pure functions, so that the suppression of the refresh is
 * tested on constructed data exactly as it runs.
 */
import { suppress, type Relation } from './suppression.ts';

/** A cell's position: one string per dimension, '' for "all" (the margin). */
export type Key = readonly string[];

export interface CubeCell<M extends string> {
  key: Key;
  values: Record<M, number>;
}

export interface ExtraRelation {
  /** per measure: which measure's system it belongs to */
  measure: string;
  left: number[];
  right: number[];
}

/**
 * Relations of a cube: for every cell and every dimension where it is not a margin, the cell is
 * a part of the cell with that dimension set to ''. Cells that are not published are simply not in
 * the list, and neither are their relations. Relations are ordered by their first dimension's
 * value (the municipality), national ones last: that keeps the audit's elimination local.
 */
export function cubeRelations(keys: readonly Key[]): Relation[] {
  const index = new Map<string, number>();
  keys.forEach((k, i) => index.set(k.join('\u0001'), i));
  const groups = new Map<string, { parent: number; parts: number[]; order: string }>();
  keys.forEach((key, i) => {
    key.forEach((value, d) => {
      if (value === '') return;
      const parentKey = key.map((v, j) => (j === d ? '' : v));
      const parent = index.get(parentKey.join('\u0001'));
      if (parent === undefined) return;
      const id = `${d}\u0002${parentKey.join('\u0001')}`;
      let group = groups.get(id);
      if (!group) groups.set(id, (group = { parent, parts: [], order: parentKey[0] === '' ? '\uffff' : parentKey[0]! }));
      group.parts.push(i);
    });
  });
  return [...groups.values()].sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0)).map((g) => ({ left: [g.parent], right: g.parts }));
}

/**
 * Suppresses each measure of a cube on its own system of relations (plus any extra relations for
 * that measure) and returns, per measure, which cells are hidden.
 */
export function suppressCube<M extends string>(cells: readonly CubeCell<M>[], measures: readonly M[], extra: { cells: Record<M, number[]>; relations: ExtraRelation[] } | null = null) {
  const relations = cubeRelations(cells.map((c) => c.key));
  const out = {} as Record<M, { hidden: boolean[]; extraHidden: boolean[] }>;
  for (const m of measures) {
    const values = cells.map((c) => c.values[m]);
    const extraValues = extra?.cells[m] ?? [];
    const offset = values.length;
    const all = [...values, ...extraValues];
    const rel = [...relations, ...(extra?.relations.filter((r) => r.measure === m).map((r) => ({ left: r.left, right: r.right })) ?? [])];
    const { hidden } = suppress(all, rel);
    out[m] = { hidden: hidden.slice(0, offset), extraHidden: hidden.slice(offset) };
  }
  return out;
}
