import crypto from 'node:crypto';

/**
 * Time-ordered UUIDs (RFC 9562 version 7): 48 bits of milliseconds, then random bits. Rows made
 * close in time land close together in their indexes, so a wave of applications touches a few
 * index pages instead of scattering writes (and WAL) over the whole index as random UUIDs do.
 */
export function uuidv7(now = Date.now()): string {
  const bytes = crypto.randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
