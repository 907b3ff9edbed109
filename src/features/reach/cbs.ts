import { sql } from 'kysely';
import type { Db } from '../../core/db/index.ts';
import { decodeText, detectSeparator, parseCsv } from '../refdata/csv.ts';

/**
 * The target group from CBS StatLine: children under 18 in households with a low income, per
 * municipality and year (table 85678NED "Kinderen in huishoudens met laag inkomen; regio" and its
 * successors). Two shapes of the CSV that StatLine exports are read:
 *
 * 1. The table view ("Downloaden → CSV"): a few title lines, then a header with a "Regio's" and a
 *    "Perioden" column and one column per subject, e.g. "Minderjarige kinderen in huishoudens met
 *    laag inkomen (aantal)" or "… (x 1 000)"; regions by name ("Amersfoort") or with their code;
 *    Dutch numbers ("1.234", "2,3"); CBS's symbols "." (unknown) and "x" (secret).
 * 2. The typed data set of CBS open data: `ID;RegioS;Perioden;<Subject_1>;…` with region codes
 *    ("GM0307    ") and periods as "2021JJ00", numbers with a decimal point.
 *
 * Separator `;` or `,`, a BOM, CRLF, quoted fields and Windows-1252 are all accepted. Rows for the
 * Netherlands, provinces or other regions than municipalities are skipped; every other row that
 * cannot be read is reported with its line number and nothing of it is stored.
 */
export interface TargetGroupRow {
  code: string;
  year: number;
  children: number;
  line: number;
}

export interface ParsedTargetGroups {
  rows: TargetGroupRow[];
  problems: Array<{ line: number; message: string }>;
  /** rows of regions that are not municipalities (the Netherlands, provinces, …) */
  skipped: number;
  /** the column the figures were read from */
  column: string | null;
}

export interface MunicipalityName {
  code: string;
  name: string;
  common_name: string;
}

const normaliseName = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\((gemeente|gem\.?)\)/g, '')
    .replace(/[^a-z0-9']+/g, ' ')
    .trim();

const NOT_A_MUNICIPALITY = /^(NL\d{2}|PV\d{2}|LD\d{2}|CR\d{2}|WK\d{6}|BU\d{8})$/;
const NON_MUNICIPAL_NAMES = new Set(['nederland', 'groningen pv', 'friesland pv', 'fryslan pv', 'drenthe pv', 'overijssel pv', 'flevoland pv', 'gelderland pv', 'utrecht pv', 'noord holland pv', 'zuid holland pv', 'zeeland pv', 'noord brabant pv', 'limburg pv', 'noord nederland ld', 'oost nederland ld', 'west nederland ld', 'zuid nederland ld']);

export function parseTargetGroupCsv(input: string | Uint8Array, municipalities: MunicipalityName[]): ParsedTargetGroups {
  const text = typeof input === 'string' ? input : decodeText(input);
  const problems: ParsedTargetGroups['problems'] = [];
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  const headerAt = lines.findIndex((l) => /regio/i.test(l) && /perioden?/i.test(l));
  if (headerAt < 0) return { rows: [], problems: [{ line: 1, message: 'reach.import.errors.noHeader' }], skipped: 0, column: null };
  const sep = detectSeparator(lines[headerAt]!);
  // Parse from the header on, and put the line numbers back where they were in the file.
  const { header, records } = parseCsv(lines.slice(headerAt).join('\n'), sep);
  const regionCol = header.findIndex((h) => /^regio/.test(h));
  const periodCol = header.findIndex((h) => /^perioden?$/.test(h));
  const typed = header.includes('regios') || header[0] === 'id';
  const candidates = header.map((h, i) => ({ h, i })).filter(({ h, i }) => i !== regionCol && i !== periodCol && h !== 'id' && /kind/.test(h));
  const column = candidates.find((c) => /minderjarig/.test(c.h) && /laag/.test(c.h)) ?? candidates.find((c) => /minderjarig/.test(c.h)) ?? candidates[0];
  if (!column) return { rows: [], problems: [{ line: headerAt + 1, message: 'reach.import.errors.noColumn' }], skipped: 0, column: null };
  const factor = /x\s*1[ .]?000\b/.test(column.h) ? 1000 : 1;

  const byCode = new Map(municipalities.map((m) => [m.code, m]));
  const byName = new Map<string, string>();
  for (const m of municipalities) {
    byName.set(normaliseName(m.name), m.code);
    byName.set(normaliseName(m.common_name), m.code);
  }
  const rows: TargetGroupRow[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  for (const record of records) {
    const line = record.line + headerAt;
    const f = record.fields;
    if (f.length === 1 && /^"?(bron|source|©|cbs)/i.test(f[0]!.trim())) continue; // a footer line
    const region = (f[regionCol] ?? '').trim();
    const period = (f[periodCol] ?? '').trim();
    const raw = (f[column.i] ?? '').trim();
    if (!region && !period && !raw) continue;
    const codeMatch = /\bGM\d{4}\b/i.exec(region);
    let code: string | null = codeMatch ? codeMatch[0].toUpperCase() : null;
    if (!code) {
      const bare = region.toUpperCase();
      if (NOT_A_MUNICIPALITY.test(bare) || NON_MUNICIPAL_NAMES.has(normaliseName(region).replace(/\s+/g, ' '))) {
        skipped++;
        continue;
      }
      code = byName.get(normaliseName(region)) ?? null;
    }
    if (!code || !byCode.has(code)) {
      problems.push({ line, message: region ? 'reach.import.errors.unknownMunicipality' : 'reach.import.errors.noRegion' });
      continue;
    }
    const y = /^(\d{4})(JJ00|\*)?\s*\*?$/.exec(period);
    const year = y ? Number(y[1]) : NaN;
    if (!y || year < 2000 || year > 2100) {
      problems.push({ line, message: 'reach.import.errors.period' });
      continue;
    }
    const value = parseNumber(raw, typed);
    if (value === 'secret') {
      problems.push({ line, message: 'reach.import.errors.secret' });
      continue;
    }
    if (value === null) {
      problems.push({ line, message: 'reach.import.errors.number' });
      continue;
    }
    const children = Math.round(value * factor);
    if (children < 0 || children > 10_000_000) {
      problems.push({ line, message: 'reach.import.errors.number' });
      continue;
    }
    const key = `${code}|${year}`;
    if (seen.has(key)) {
      problems.push({ line, message: 'reach.import.errors.duplicate' });
      continue;
    }
    seen.add(key);
    rows.push({ code, year, children, line });
  }
  return { rows, problems, skipped, column: column.h };
}

/** "1.234" and "1 234" (Dutch) or "1234.5" (typed data set); CBS's "-" is nil, "." and "x" are no figure. */
export function parseNumber(raw: string, decimalPoint: boolean): number | null | 'secret' {
  const v = raw.replace(/[\s\u00a0\u202f]/g, '');
  if (v === '-') return 0;
  if (v === 'x' || v === 'X') return 'secret';
  if (v === '' || v === '.') return null;
  let normal: string;
  if (decimalPoint) normal = v;
  else normal = v.replace(/\.(?=\d{3}(\D|$))/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(normal)) return null;
  return Number(normal);
}

export interface ImportReport {
  imported: number;
  skipped: number;
  problems: Array<{ line: number; message: string }>;
  years: number[];
  column: string | null;
}

/** Stores the rows that could be read (all or nothing when asked for dry run), as the CBS figures. */
export async function importTargetGroups(db: Db, input: string | Uint8Array, options: { illustrative: boolean; source: string; userId: string | null; dryRun?: boolean }): Promise<ImportReport> {
  const municipalities = await db.selectFrom('municipalities').select(['code', 'name', 'common_name']).execute();
  const parsed = parseTargetGroupCsv(input, municipalities);
  const years = [...new Set(parsed.rows.map((r) => r.year))].sort();
  if (!options.dryRun && parsed.rows.length > 0) {
    const rows = parsed.rows.map((r) => ({ municipality_code: r.code, year: r.year, source: 'cbs', children: r.children, illustrative: options.illustrative, source_note: options.source.slice(0, 300), updated_by: options.userId }));
    for (let i = 0; i < rows.length; i += 2000) {
      await sql`
        insert into reach_target_groups (municipality_code, year, source, children, illustrative, source_note, updated_by, updated_at)
        select municipality_code, year, source, children, illustrative, source_note, updated_by, now()
        from jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + 2000))}::jsonb) as x(municipality_code text, year smallint, source text, children integer, illustrative boolean, source_note text, updated_by uuid)
        on conflict (municipality_code, year, source) do update set children = excluded.children, illustrative = excluded.illustrative, source_note = excluded.source_note, updated_by = excluded.updated_by, updated_at = now()`.execute(db);
    }
  }
  return { imported: options.dryRun ? 0 : parsed.rows.length, skipped: parsed.skipped, problems: parsed.problems, years, column: parsed.column };
}
