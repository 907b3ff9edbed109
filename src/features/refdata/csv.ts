import readline from 'node:readline';
import { Readable } from 'node:stream';

/**
 * The small CSV reader the CBS files need. CBS publishes with `;` (Dutch Excel) or `,`, sometimes
 * with a BOM, CRLF and quoted fields, and older lists in Windows-1252; no CSV dependency copes with
 * all of those and also reports the line number of a bad row, which the yearly update must print.
 */

export interface CsvRecord {
  /** 1-based line on which the record starts, as an editor shows it */
  line: number;
  fields: string[];
}

export type Separator = ';' | ',' | '\t';

/** The separator that splits the header line into the most columns. */
export function detectSeparator(headerLine: string): Separator {
  const candidates: Separator[] = [';', ',', '\t'];
  let best: Separator = ',';
  let bestCount = 0;
  for (const sep of candidates) {
    const count = splitCsvLine(headerLine, sep).length;
    if (count > bestCount) [best, bestCount] = [sep, count];
  }
  return best;
}

/** One line of CSV into fields; quotes may wrap a field and "" inside quotes is a quote. */
export function splitCsvLine(line: string, sep: string): string[] {
  if (!line.includes('"')) return line.split(sep);
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/**
 * Whole-text CSV parse for the small files (municipality lists, the PC4 table). Quoted fields may
 * span lines. Records whose fields are all empty are dropped: Excel exports end with `;;;;;` rows.
 */
export function parseCsv(text: string, separator?: Separator): { header: string[]; records: CsvRecord[] } {
  const clean = stripBom(text);
  const firstBreak = clean.search(/\r?\n/);
  const sep = separator ?? detectSeparator(firstBreak === -1 ? clean : clean.slice(0, firstBreak));
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    fields.push(field);
    if (fields.some((f) => f.trim() !== '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
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
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && clean[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += ch;
  }
  endRecord();
  const [head, ...rest] = records;
  return { header: (head?.fields ?? []).map(normaliseHeader), records: rest };
}

/** Header names compared without case, surrounding spaces or a BOM. */
export function normaliseHeader(name: string): string {
  return stripBom(name).trim().toLowerCase();
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * File bytes to text: UTF-8 when valid, else Windows-1252, the encoding of CBS's older Excel
 * exports ("Súdwest-Fryslân" would otherwise turn into replacement characters).
 */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** Input for the streaming reader: the whole text, a byte stream, or lines one by one. */
export type LineSource = string | Readable | Iterable<string> | AsyncIterable<string>;

/** Yields the lines of any LineSource without holding a large file in memory twice. */
export async function* linesOf(source: LineSource): AsyncGenerator<string> {
  if (typeof source === 'string') {
    let start = 0;
    while (start < source.length) {
      const end = source.indexOf('\n', start);
      const stop = end === -1 ? source.length : end;
      yield source.slice(start, stop).replace(/\r$/, '');
      start = stop + 1;
    }
    return;
  }
  // A byte stream yields chunks that cut through lines, so it goes through readline first.
  const lines = source instanceof Readable ? readline.createInterface({ input: source, crlfDelay: Infinity }) : source;
  for await (const line of lines) yield line.replace(/\r$/, '');
}
