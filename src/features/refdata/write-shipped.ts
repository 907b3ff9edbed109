/**
 * Replaces the copy in reference-data/ with files built from CBS's own publications. The year in
 * each file name is the CBS reference year; superseded files of the same kind are removed, so that
 * the old CC BY-NC-SA PC4 table does not linger next to its CC BY replacement.
 */
import fs from 'node:fs';
import { ReferenceDataError, findShippedFiles, matchesShippedKind, readShippedReferenceData, type ShippedKind } from './import.ts';
import type { MunicipalityRow, PostcodeAreaRow } from './parse.ts';
import { municipalitiesToCsv, postcodeAreasToCsv } from './write.ts';

export interface WriteShippedInput {
  outDir: URL;
  municipalities: MunicipalityRow[];
  municipalityYear: number;
  /** built from the CBS pc6hnr file; undefined keeps the shipped PC4 table */
  postcodeAreas?: PostcodeAreaRow[] | undefined;
  postcodeYear: number | null;
  dryRun: boolean;
}

/** Writes (or with dryRun, describes) the new shipped files; returns the report lines. */
export function writeShipped(input: WriteShippedInput): string[] {
  const noProvince = input.municipalities.filter((m) => !m.province).map((m) => m.code);
  if (noProvince.length > 0) throw new ReferenceDataError(`geen provincie voor ${noProvince.join(', ')}; gebruik de CBS-lijst "Gemeenten alfabetisch"`);
  fs.mkdirSync(input.outDir, { recursive: true });

  const writes: Array<{ name: string; text: string; replaces: ShippedKind[] }> = [
    // The CBS list carries the province, so it also supersedes the separate province table.
    { name: `cbs-gemeenten-${input.municipalityYear}.csv`, text: municipalitiesToCsv(input.municipalities), replaces: ['municipalities', 'provinces'] },
  ];
  if (input.postcodeAreas) {
    if (!input.postcodeYear) throw new ReferenceDataError('het jaar van het CBS-postcodebestand is onbekend');
    writes.push({ name: `pc4-gemeente-${input.postcodeYear}.csv`, text: postcodeAreasToCsv(input.postcodeAreas), replaces: ['postcodeAreas'] });
  }

  const report: string[] = [];
  const verb = input.dryRun ? 'zou schrijven' : 'geschreven';
  const existing = fs.readdirSync(input.outDir);
  for (const w of writes) {
    const superseded = existing.filter((f) => f !== w.name && w.replaces.some((kind) => matchesShippedKind(kind, f)));
    if (!input.dryRun) {
      fs.writeFileSync(new URL(w.name, input.outDir), w.text);
      for (const f of superseded) fs.rmSync(new URL(f, input.outDir));
    }
    report.push(`${verb}: ${w.name}`, ...superseded.map((f) => `  ${input.dryRun ? 'zou verwijderen' : 'verwijderd'}: ${f}`));
  }
  if (input.dryRun) return report;

  // Read back what start-up will read, so that a file the app cannot load is caught here.
  const { input: shipped, problems } = readShippedReferenceData(input.outDir);
  const [first] = problems;
  if (first) throw new ReferenceDataError(`${first.file} regel ${first.line}: ${first.message}`);
  const listed = new Set(shipped.municipalities.map((m) => m.code));
  const orphans = (shipped.postcodeAreas ?? []).filter((a) => !listed.has(a.municipalityCode));
  const files = findShippedFiles(input.outDir);
  report.push(`reference-data bevat nu: ${Object.values(files).filter(Boolean).join(', ')}`);
  if (orphans.length > 0) {
    report.push(`let op: ${orphans.length} PC4-regels verwijzen naar gemeenten die niet meer in de lijst staan; lever het nieuwe CBS-postcodebestand met --pc6`);
  }
  report.push('Werk de bronvermelding en licenties bij in reference-data/README.md en reference-data/LICENSES.md.');
  return report;
}
