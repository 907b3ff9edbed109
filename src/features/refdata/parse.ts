/**
 * Parsers for the reference files in their published formats. Pure functions, text in and rows
 * plus line-numbered problems out, so that the yearly update can show every bad row before it
 * touches the database.
 */
import { parseCsv, type CsvRecord } from './csv.ts';

export interface MunicipalityRow {
  /** CBS code, `GM` and four digits: the only key joins use */
  code: string;
  /** official CBS spelling, e.g. "'s-Gravenhage", "Bergen (NH.)" */
  name: string;
  province: string | null;
}

export interface PostcodeAreaRow {
  pc4: string;
  municipalityCode: string;
  addressCount: number;
  /** share of the PC4's addresses, rounded to 4 decimals like the database column */
  share: number;
  /** 1 = the municipality with most addresses in the PC4 */
  rank: number;
  /** where the row came from in its file, so that a refused row can be found */
  line?: number;
}

export interface CommonNameRow {
  code: string;
  commonName: string;
  province: string | null;
}

export interface RowProblem {
  line: number;
  message: string;
}

export interface Parsed<T> {
  rows: T[];
  problems: RowProblem[];
}

export type MunicipalityFormat = 'cbs-gebiedsindeling' | 'cbs-gemeenten-alfabetisch';

export const MUNICIPALITY_CODE = /^GM\d{4}$/;
export const PC4 = /^[1-9]\d{3}$/;

// The shipped province list (and most Dutch sources) write "Friesland"; CBS's own list writes
// "Fryslân". One spelling keeps the back-office province filter to twelve entries and stops
// every yearly update from reporting eighteen province changes.
const PROVINCE_SPELLINGS: Record<string, string> = { 'fryslân': 'Friesland', fryslan: 'Friesland' };

export function normaliseProvince(name: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return null;
  return PROVINCE_SPELLINGS[trimmed.toLowerCase()] ?? trimmed;
}

/** `GM0363`, `gm0363` → `GM0363`; anything else (`GM363`, `GM03630`) → null. */
export function gmCode(raw: string): string | null {
  const v = raw.trim().toUpperCase();
  return MUNICIPALITY_CODE.test(v) ? v : null;
}

/** CBS's bare number (`363`, `0363`) → `GM0363`: Excel drops the leading zeros CBS writes. */
export function bareCode(raw: string): string | null {
  const v = raw.trim();
  return /^\d{1,4}$/.test(v) ? `GM${v.padStart(4, '0')}` : null;
}

/**
 * A municipality list in either official format:
 * - the CBS/PDOK gebiedsindeling export (`fid,objectid,jrstatcode,gm_code,gm_naam,water,jaar`), and
 * - CBS's yearly "Gemeenten alfabetisch" list saved as CSV
 *   (`Gemeentecode;GemeentecodeGM;Gemeentenaam;Provinciecode;ProvinciecodePV;Provincienaam`).
 */
export function parseMunicipalityCsv(text: string): Parsed<MunicipalityRow> & { format: MunicipalityFormat | null; year: number | null } {
  const { header, records } = parseCsv(text);
  const col = (name: string) => header.indexOf(name);
  const problems: RowProblem[] = [];
  const rows: MunicipalityRow[] = [];
  let format: MunicipalityFormat;
  let read: (r: CsvRecord) => MunicipalityRow | string | null;

  if (col('gm_code') !== -1 && col('gm_naam') !== -1) {
    format = 'cbs-gebiedsindeling';
    const [codeCol, nameCol, waterCol] = [col('gm_code'), col('gm_naam'), col('water')];
    read = ({ fields }) => {
      // The geometry export has separate water polygons; they are not municipalities of their own.
      if (waterCol !== -1 && fields[waterCol]?.trim().toUpperCase() === 'JA') return null;
      const code = gmCode(fields[codeCol] ?? '');
      if (!code) return `ongeldige gemeentecode "${fields[codeCol] ?? ''}" (verwacht GM en vier cijfers)`;
      return { code, name: (fields[nameCol] ?? '').trim(), province: null };
    };
  } else if ((col('gemeentecodegm') !== -1 || col('gemeentecode') !== -1) && col('gemeentenaam') !== -1) {
    format = 'cbs-gemeenten-alfabetisch';
    const [gmCol, numCol, nameCol, provCol] = [col('gemeentecodegm'), col('gemeentecode'), col('gemeentenaam'), col('provincienaam')];
    read = ({ fields }) => {
      const fromGm = gmCol === -1 ? null : gmCode(fields[gmCol] ?? '');
      const fromNum = numCol === -1 ? null : bareCode(fields[numCol] ?? '');
      if (gmCol !== -1 && !fromGm) return `ongeldige gemeentecode "${fields[gmCol] ?? ''}" (verwacht GM en vier cijfers)`;
      if (numCol !== -1 && !fromNum) return `ongeldige gemeentecode "${fields[numCol] ?? ''}" (verwacht een getal van hoogstens vier cijfers)`;
      if (fromGm && fromNum && fromGm !== fromNum) return `Gemeentecode ${fields[numCol]} en GemeentecodeGM ${fromGm} spreken elkaar tegen`;
      return { code: (fromGm ?? fromNum)!, name: (fields[nameCol] ?? '').trim(), province: provCol === -1 ? null : normaliseProvince(fields[provCol] ?? '') };
    };
  } else {
    return {
      rows,
      problems: [{ line: 1, message: 'onbekende kopregel: verwacht gm_code en gm_naam (CBS-gebiedsindeling) of GemeentecodeGM en Gemeentenaam (CBS "Gemeenten alfabetisch")' }],
      format: null,
      year: null,
    };
  }

  const seen = new Map<string, number>();
  for (const record of records) {
    const result = read(record);
    if (result === null) continue;
    if (typeof result === 'string') {
      problems.push({ line: record.line, message: result });
      continue;
    }
    if (!result.name) {
      problems.push({ line: record.line, message: `gemeente ${result.code} heeft geen naam` });
      continue;
    }
    const earlier = seen.get(result.code);
    if (earlier !== undefined) {
      problems.push({ line: record.line, message: `gemeentecode ${result.code} staat er al op regel ${earlier}` });
      continue;
    }
    seen.set(result.code, record.line);
    rows.push(result);
  }
  return { rows, problems, format, year: listYear(header, records) };
}

/** The `jaar` column of the gebiedsindeling export, when every row agrees on it. */
function listYear(header: string[], records: CsvRecord[]): number | null {
  const yearCol = header.indexOf('jaar');
  if (yearCol === -1) return null;
  const years = new Set(records.map((r) => r.fields[yearCol]?.trim()));
  const [only] = years;
  return years.size === 1 && only && /^\d{4}$/.test(only) ? Number(only) : null;
}

/** The shipped `GM_code;province` table, for lists that carry no province. */
export function parseProvinceCsv(text: string): Parsed<{ code: string; province: string }> {
  const { header, records } = parseCsv(text);
  const codeCol = header.indexOf('gm_code');
  const provCol = header.findIndex((h) => h === 'province' || h === 'provincie' || h === 'provincienaam');
  if (codeCol === -1 || provCol === -1) return { rows: [], problems: [{ line: 1, message: 'kopregel moet GM_code en province bevatten' }] };
  const rows: Array<{ code: string; province: string }> = [];
  const problems: RowProblem[] = [];
  for (const { line, fields } of records) {
    const code = gmCode(fields[codeCol] ?? '');
    const province = normaliseProvince(fields[provCol] ?? '');
    if (!code || !province) problems.push({ line, message: `ongeldige regel: ${fields.join(';')}` });
    else rows.push({ code, province });
  }
  return { rows, problems };
}

/**
 * Everyday names ("Den Haag" for "'s-Gravenhage"). Reads the shipped reduced file
 * (`{ municipalities: [{ code, commonName, province }] }`), the original `Gijs6/gemeentle`
 * file (keyed by name, lowercase codes) and a plain `{ "GM0518": "Den Haag" }` map.
 */
export function parseCommonNamesJson(text: string): Parsed<CommonNameRow> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { rows: [], problems: [{ line: 1, message: `geen geldige JSON: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  const rows: CommonNameRow[] = [];
  const problems: RowProblem[] = [];
  const add = (rawCode: unknown, commonName: unknown, province: unknown) => {
    const code = typeof rawCode === 'string' ? gmCode(rawCode) : null;
    if (!code || typeof commonName !== 'string' || !commonName.trim()) {
      problems.push({ line: 0, message: `ongeldige roepnaam: ${JSON.stringify([rawCode, commonName])}` });
      return;
    }
    rows.push({ code, commonName: commonName.trim(), province: typeof province === 'string' ? normaliseProvince(province) : null });
  };
  if (isRecord(data) && Array.isArray(data.municipalities)) {
    for (const m of data.municipalities) if (isRecord(m)) add(m.code, m.commonName, m.province);
  } else if (isRecord(data)) {
    for (const [key, value] of Object.entries(data)) {
      if (typeof value === 'string') add(key, value, null);
      else if (isRecord(value)) add(value.code, key, value.provincie);
    }
  } else problems.push({ line: 1, message: 'verwacht een JSON-object' });
  return { rows, problems };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const PC4_COLUMNS = ['pc4', 'gemeentecode', 'aantal_adressen'] as const;

/**
 * The long-format PC4 table (`pc4,gemeentecode,aantal_adressen,aandeel_in_pc4,rang,aantal_gemeenten_in_pc4`).
 * Share and rank are recomputed from the address counts, so a hand-edited file cannot leave a PC4
 * without a rank 1; for the shipped table the result is identical to its own columns.
 */
export function parsePostcodeAreaCsv(text: string): Parsed<PostcodeAreaRow> {
  const { header, records } = parseCsv(text);
  const [pc4Col, codeCol, countCol] = PC4_COLUMNS.map((c) => header.indexOf(c)) as [number, number, number];
  if (pc4Col === -1 || codeCol === -1 || countCol === -1) {
    return { rows: [], problems: [{ line: 1, message: `kopregel moet ${PC4_COLUMNS.join(', ')} bevatten` }] };
  }
  const counts: PostcodeCount[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of records) {
    const pc4 = (fields[pc4Col] ?? '').trim();
    const code = gmCode(fields[codeCol] ?? '') ?? bareCode(fields[codeCol] ?? '');
    const countText = (fields[countCol] ?? '').trim();
    if (!PC4.test(pc4)) problems.push({ line, message: `ongeldige PC4 "${pc4}"` });
    else if (!code) problems.push({ line, message: `ongeldige gemeentecode "${fields[codeCol] ?? ''}"` });
    else if (!/^\d+$/.test(countText) || Number(countText) === 0) problems.push({ line, message: `ongeldig aantal adressen "${countText}"` });
    else if (seen.has(`${pc4} ${code}`)) problems.push({ line, message: `${pc4} ${code} staat er al op regel ${seen.get(`${pc4} ${code}`)}` });
    else {
      seen.set(`${pc4} ${code}`, line);
      counts.push({ pc4, municipalityCode: code, addressCount: Number(countText), line });
    }
  }
  return { rows: rankPostcodeAreas(counts), problems };
}

export type PostcodeCount = Pick<PostcodeAreaRow, 'pc4' | 'municipalityCode' | 'addressCount' | 'line'>;

/**
 * Share and rank per PC4 from address counts: most addresses first, a tie to the lower code so
 * that the same input always routes the same way. Sorted by PC4, then rank.
 */
export function rankPostcodeAreas(counts: Iterable<PostcodeCount>): PostcodeAreaRow[] {
  const byPc4 = new Map<string, PostcodeCount[]>();
  for (const c of counts) {
    const list = byPc4.get(c.pc4);
    if (list) list.push(c);
    else byPc4.set(c.pc4, [c]);
  }
  const rows: PostcodeAreaRow[] = [];
  for (const pc4 of [...byPc4.keys()].sort()) {
    const list = byPc4.get(pc4)!;
    const total = list.reduce((sum, c) => sum + c.addressCount, 0);
    list.sort((a, b) => b.addressCount - a.addressCount || a.municipalityCode.localeCompare(b.municipalityCode));
    list.forEach((c, i) => rows.push({ ...c, share: Number((c.addressCount / total).toFixed(4)), rank: i + 1 }));
  }
  return rows;
}
