/**
 * Uploaded documents: the type is read from the first bytes of the content, never from the
 * name or the type the browser declared, and the stored name is made safe to send back.
 */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export type DocumentType = 'application/pdf' | 'image/jpeg' | 'image/png';

const SIGNATURES: Array<[DocumentType, number[]]> = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
];

export const EXTENSIONS: Record<DocumentType, string> = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' };

export function sniffType(content: Uint8Array): DocumentType | null {
  for (const [type, magic] of SIGNATURES) {
    if (content.length >= magic.length && magic.every((b, i) => content[i] === b)) return type;
  }
  return null;
}

/**
 * The name as the applicant knows it, without folders, control characters or characters that
 * break a header, and with the extension of the real type (a PNG called scan.pdf becomes scan.png).
 */
export function safeFileName(name: string, type: DocumentType): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f"<>:|?*;\\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const stem = cleaned.replace(/\.[^.]*$/, '').replace(/^\.+/, '').trim().slice(0, 100) || 'document';
  return `${stem}.${EXTENSIONS[type]}`;
}

/** RFC 6266: an ASCII fallback plus the UTF-8 name for browsers that read filename*. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** "1,2 MB", "340 kB": sizes for reading, in the page's language. */
export function formatSize(bytes: number, lang: string): string {
  const locale = lang === 'nl' ? 'nl-NL' : lang;
  if (bytes >= 1024 * 1024) return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024))} MB`;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Math.max(1, Math.round(bytes / 1024)))} kB`;
}
