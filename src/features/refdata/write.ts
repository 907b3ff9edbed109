/**
 * Writers for the shipped copy in reference-data/, in formats the parsers read back: the municipality
 * list in CBS's own "Gemeenten alfabetisch" columns and the PC4 table in the long format.
 * UTF-8 with LF, so that a yearly replacement shows up in git as a readable diff.
 */
import type { MunicipalityRow, PostcodeAreaRow } from './parse.ts';

function field(value: string): string {
  return /[;"\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function municipalitiesToCsv(rows: MunicipalityRow[]): string {
  const lines = rows.map((r) => [r.code.slice(2), r.code, r.name, r.province ?? ''].map(field).join(';'));
  return ['Gemeentecode;GemeentecodeGM;Gemeentenaam;Provincienaam', ...lines].join('\n') + '\n';
}

export function postcodeAreasToCsv(rows: PostcodeAreaRow[]): string {
  const perPc4 = new Map<string, number>();
  for (const r of rows) perPc4.set(r.pc4, (perPc4.get(r.pc4) ?? 0) + 1);
  const sorted = [...rows].sort((a, b) => a.pc4.localeCompare(b.pc4) || a.rank - b.rank);
  const lines = sorted.map((r) => `${r.pc4},${r.municipalityCode},${r.addressCount},${r.share.toFixed(4)},${r.rank},${perPc4.get(r.pc4)}`);
  return ['pc4,gemeentecode,aantal_adressen,aandeel_in_pc4,rang,aantal_gemeenten_in_pc4', ...lines].join('\n') + '\n';
}
