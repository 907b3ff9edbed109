/**
 * CBS's "Buurt, wijk en gemeente <jaar> voor postcode huisnummer" (pc6hnr<jaar>0801_gwb.csv): one
 * line per address, about eight million. Aggregated to address counts per (PC4, municipality),
 * which is all that postcode routing needs and what the shipped PC4 table holds. Built from the
 * CBS file itself the table is CC BY 4.0, unlike the shipped CC BY-NC-SA copy.
 */
import { detectSeparator, linesOf, normaliseHeader, splitCsvLine, stripBom, type LineSource } from './csv.ts';
import { bareCode, gmCode, rankPostcodeAreas, type Parsed, type PostcodeAreaRow } from './parse.ts';

export interface Pc6Aggregate extends Parsed<PostcodeAreaRow> {
  /** the year in the column names (Gemeente2024 → 2024), when present */
  year: number | null;
  addressCount: number;
  /** all bad lines; `problems` lists only the first ones */
  problemCount: number;
}

const PC6 = /^[1-9]\d{3}[A-Z]{2}$/;
const PC6_HEADER = /^(pc6|postcode|pc)$/;
// The year suffix moves with every edition (Gemeente2023, Gemeente2024); older editions wrote
// `Gem2016` or `gemeentecode`.
const MUNICIPALITY_HEADER = /^(gemeente|gem|gemeentecode|gm_code)_?(\d{4})?$/;

/**
 * Streams the CBS file and counts addresses per (PC4, municipality). The municipality code is
 * CBS's bare number (`363` or `0363`), made into `GM0363`. Only the first `maxProblems` bad lines
 * are kept: a wrong file would otherwise produce millions of messages.
 */
export async function aggregatePc6HouseNumberCsv(input: LineSource, options: { maxProblems?: number } = {}): Promise<Pc6Aggregate> {
  const maxProblems = options.maxProblems ?? 100;
  const counts = new Map<string, Map<string, { count: number; line: number }>>();
  const problems: Pc6Aggregate['problems'] = [];
  let problemCount = 0;
  let addressCount = 0;
  let lineNo = 0;
  let header: { sep: string; pc6: number; municipality: number; year: number | null } | null = null;
  const problem = (line: number, message: string) => {
    problemCount++;
    if (problems.length < maxProblems) problems.push({ line, message });
  };

  for await (const raw of linesOf(input)) {
    lineNo++;
    const line = lineNo === 1 ? stripBom(raw) : raw;
    if (!line.trim()) continue;
    if (!header) {
      const sep = detectSeparator(line);
      const names = splitCsvLine(line, sep).map(normaliseHeader);
      const pc6 = names.findIndex((n) => PC6_HEADER.test(n));
      const municipality = names.findIndex((n) => MUNICIPALITY_HEADER.test(n));
      if (pc6 === -1 || municipality === -1) {
        return { rows: [], problems: [{ line: lineNo, message: 'onbekende kopregel: verwacht PC6;Huisnummer;Buurt<jaar>;Wijk<jaar>;Gemeente<jaar>' }], year: null, addressCount: 0, problemCount: 1 };
      }
      const year = MUNICIPALITY_HEADER.exec(names[municipality]!)?.[2];
      header = { sep, pc6, municipality, year: year ? Number(year) : null };
      continue;
    }
    const fields = splitCsvLine(line, header.sep);
    const pc6 = (fields[header.pc6] ?? '').replace(/\s+/g, '').toUpperCase();
    const rawCode = fields[header.municipality] ?? '';
    const code = bareCode(rawCode) ?? gmCode(rawCode);
    if (!PC6.test(pc6)) {
      problem(lineNo, `ongeldige postcode "${fields[header.pc6] ?? ''}"`);
      continue;
    }
    if (!code) {
      problem(lineNo, `ongeldige gemeentecode "${rawCode}"`);
      continue;
    }
    addressCount++;
    const pc4 = pc6.slice(0, 4);
    let perCode = counts.get(pc4);
    if (!perCode) counts.set(pc4, (perCode = new Map()));
    const entry = perCode.get(code);
    if (entry) entry.count++;
    else perCode.set(code, { count: 1, line: lineNo });
  }
  if (!header) return { rows: [], problems: [{ line: 1, message: 'leeg bestand' }], year: null, addressCount: 0, problemCount: 1 };

  const flat = [...counts].flatMap(([pc4, perCode]) => [...perCode].map(([municipalityCode, { count, line }]) => ({ pc4, municipalityCode, addressCount: count, line })));
  return { rows: rankPostcodeAreas(flat), problems, year: header.year, addressCount, problemCount };
}
