/**
 * Parsers for the CBS files in their published formats. Pure functions: text in, rows and
 * line-numbered problems out, so that the yearly update can report every bad row.
 */
export interface MunicipalityRow {
  code: string;
  name: string;
  province: string | null;
}

export interface PostcodeAreaRow {
  pc4: string;
  municipalityCode: string;
  addressCount: number;
  share: number;
  rank: number;
}

export interface RowProblem {
  line: number;
  message: string;
}

export interface Parsed<T> {
  rows: T[];
  problems: RowProblem[];
}

/** Splits CSV text into records; handles a BOM, CRLF, quoted fields with doubled quotes, and ; or , as separator. */
export function parseCsv(text: string, separator?: ',' | ';'): { header: string[]; records: Array<{ line: number; fields: string[] }> } {
  const clean = text.replace(/^\uFEFF/, '');
  const firstLine = clean.slice(0, clean.indexOf('\n') === -1 ? undefined : clean.indexOf('\n'));
  const sep = separator ?? (firstLine.split(';').length > firstLine.split(',').length ? ';' : ',');
  const records: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < clean.length; i++) {
    const ch = clean[i]!;
    if (quoted) {
      if (ch === '"' && clean[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === sep) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && clean[i + 1] === '\n') i++;
      fields.push(field);
      if (fields.some((f) => f.trim() !== '')) records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else field += ch;
  }
  fields.push(field);
  if (fields.some((f) => f.trim() !== '')) records.push({ line: recordLine, fields });
  const [head, ...rest] = records;
  return { header: (head?.fields ?? []).map((h) => h.trim().toLowerCase()), records: rest };
}

const PROVINCE_NAMES: Record<string, string> = { 'fryslân': 'Friesland', fryslan: 'Friesland' };
function normaliseProvince(name: string): string {
  const trimmed = name.trim();
  return PROVINCE_NAMES[trimmed.toLowerCase()] ?? trimmed;
}

export function toMunicipalityCode(raw: string): string | null {
  const v = raw.trim().toUpperCase();
  const m = /^(?:GM)?(\d{1,4})$/.exec(v);
  return m ? `GM${m[1]!.padStart(4, '0')}` : null;
}

/**
 * Municipality list. Accepts the PDOK/CBS gebiedsindeling export (gm_code, gm_naam) and CBS's
 * yearly "Gemeenten alfabetisch" list (Gemeentecode; GemeentecodeGM; Gemeentenaam; …; Provincienaam).
 */
export function parseMunicipalityCsv(text: string): Parsed<MunicipalityRow> {
  const { header, records } = parseCsv(text);
  // The first name that is present wins, so GemeentecodeGM is preferred over the bare number.
  const col = (...names: string[]) => names.map((n) => header.indexOf(n)).find((i) => i !== -1) ?? -1;
  const codeCol = col('gm_code', 'gemeentecodegm', 'gemeentecode', 'statcode');
  const nameCol = col('gm_naam', 'gemeentenaam', 'statnaam', 'naam');
  const provinceCol = col('provincienaam', 'province', 'provincie');
  const problems: RowProblem[] = [];
  if (codeCol === -1 || nameCol === -1) {
    return { rows: [], problems: [{ line: 1, message: 'kopregel mist een kolom met de gemeentecode (gm_code of GemeentecodeGM) of de naam (gm_naam of Gemeentenaam)' }] };
  }
  const rows: MunicipalityRow[] = [];
  const seen = new Set<string>();
  for (const { line, fields } of records) {
    const code = toMunicipalityCode(fields[codeCol] ?? '');
    const name = (fields[nameCol] ?? '').trim();
    if (!code) {
      problems.push({ line, message: `ongeldige gemeentecode "${fields[codeCol] ?? ''}"` });
      continue;
    }
    if (!name) {
      problems.push({ line, message: `gemeente ${code} heeft geen naam` });
      continue;
    }
    if (seen.has(code)) {
      problems.push({ line, message: `gemeentecode ${code} staat er twee keer in` });
      continue;
    }
    seen.add(code);
    rows.push({ code, name, province: provinceCol === -1 ? null : normaliseProvince(fields[provinceCol] ?? '') || null });
  }
  return { rows, problems };
}

/** The shipped `GM_code;province` table. */
export function parseProvinceCsv(text: string): Map<string, string> {
  const { header, records } = parseCsv(text);
  const codeCol = header.indexOf('gm_code');
  const provCol = header.indexOf('province');
  const out = new Map<string, string>();
  for (const { fields } of records) {
    const code = toMunicipalityCode(fields[codeCol] ?? '');
    if (code && fields[provCol]) out.set(code, normaliseProvince(fields[provCol]!));
  }
  return out;
}

/** The long-format PC4 table (pc4, gemeentecode, aantal_adressen, aandeel_in_pc4, rang, …). */
export function parsePostcodeAreaCsv(text: string): Parsed<PostcodeAreaRow> {
  const { header, records } = parseCsv(text, ',');
  const idx = (n: string) => header.indexOf(n);
  const [pc4Col, codeCol, countCol, shareCol, rankCol] = ['pc4', 'gemeentecode', 'aantal_adressen', 'aandeel_in_pc4', 'rang'].map(idx);
  if ([pc4Col, codeCol, countCol, shareCol, rankCol].some((c) => c === -1)) {
    return { rows: [], problems: [{ line: 1, message: 'kopregel moet pc4, gemeentecode, aantal_adressen, aandeel_in_pc4 en rang bevatten' }] };
  }
  const rows: PostcodeAreaRow[] = [];
  const problems: RowProblem[] = [];
  for (const { line, fields } of records) {
    const pc4 = (fields[pc4Col!] ?? '').trim();
    const code = toMunicipalityCode(fields[codeCol!] ?? '');
    const count = Number(fields[countCol!]);
    const share = Number(fields[shareCol!]);
    const rank = Number(fields[rankCol!]);
    if (!/^[1-9]\d{3}$/.test(pc4) || !code || !Number.isInteger(count) || count < 0 || !(share >= 0 && share <= 1) || !Number.isInteger(rank) || rank < 1) {
      problems.push({ line, message: `ongeldige regel: ${fields.join(',')}` });
      continue;
    }
    rows.push({ pc4, municipalityCode: code, addressCount: count, share, rank });
  }
  return { rows, problems };
}

/**
 * Aggregates CBS's "buurt, wijk en gemeente voor postcode huisnummer" file (PC6;Huisnummer;Buurt;Wijk;Gemeente,
 * with the year in the column names) to address counts per (PC4, municipality), ranked per PC4.
 * Takes lines one by one, so the real file (millions of lines) can be streamed.
 */
export async function aggregatePc6HouseNumberLines(lines: AsyncIterable<string> | Iterable<string>): Promise<Parsed<PostcodeAreaRow>> {
  const counts = new Map<string, Map<string, number>>();
  const problems: RowProblem[] = [];
  let header: string[] | null = null;
  let pc6Col = -1;
  let gemCol = -1;
  let sep = ';';
  let lineNo = 0;
  for await (const rawLine of lines) {
    lineNo++;
    const line = rawLine.replace(/^\uFEFF/, '').replace(/\r$/, '');
    if (!line.trim()) continue;
    if (!header) {
      sep = line.includes(';') ? ';' : ',';
      header = line.split(sep).map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
      pc6Col = header.findIndex((h) => h === 'pc6' || h === 'postcode');
      gemCol = header.findIndex((h) => /^gemeente(code)?\d{0,4}$/.test(h));
      if (pc6Col === -1 || gemCol === -1) return { rows: [], problems: [{ line: 1, message: 'kopregel mist de kolommen PC6 en Gemeente<jaar>' }] };
      continue;
    }
    const fields = line.split(sep).map((f) => f.trim().replace(/^"|"$/g, ''));
    const pc6 = (fields[pc6Col] ?? '').replace(/\s+/g, '').toUpperCase();
    const code = toMunicipalityCode(fields[gemCol] ?? '');
    if (!/^[1-9]\d{3}[A-Z]{2}$/.test(pc6) || !code) {
      problems.push({ line: lineNo, message: `ongeldige regel: ${line.slice(0, 80)}` });
      continue;
    }
    const pc4 = pc6.slice(0, 4);
    let perCode = counts.get(pc4);
    if (!perCode) counts.set(pc4, (perCode = new Map()));
    perCode.set(code, (perCode.get(code) ?? 0) + 1);
  }
  const rows: PostcodeAreaRow[] = [];
  for (const [pc4, perCode] of [...counts].sort(([a], [b]) => a.localeCompare(b))) {
    const total = [...perCode.values()].reduce((a, b) => a + b, 0);
    // Majority first; a tie goes to the lower code so that the result is stable.
    const ranked = [...perCode].sort(([ca, na], [cb, nb]) => nb - na || ca.localeCompare(cb));
    ranked.forEach(([code, n], i) => rows.push({ pc4, municipalityCode: code, addressCount: n, share: Math.round((n / total) * 10000) / 10000, rank: i + 1 }));
  }
  return { rows, problems };
}

export function postcodeAreasToCsv(rows: PostcodeAreaRow[]): string {
  const perPc4 = new Map<string, number>();
  for (const r of rows) perPc4.set(r.pc4, (perPc4.get(r.pc4) ?? 0) + 1);
  const lines = rows.map((r) => `${r.pc4},${r.municipalityCode},${r.addressCount},${r.share.toFixed(4)},${r.rank},${perPc4.get(r.pc4)}`);
  return ['pc4,gemeentecode,aantal_adressen,aandeel_in_pc4,rang,aantal_gemeenten_in_pc4', ...lines].join('\n') + '\n';
}
