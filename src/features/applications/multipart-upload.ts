import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MAX_UPLOAD_BYTES } from './uploads.ts';

/**
 * Reads the upload form (fields _csrf and zaak, then one file) as a stream. The CSRF token is
 * checked the moment the file part begins, so that a forged request never has its file read
 * into memory, let alone stored; the rest of the body is always read to the end (and dropped
 * where not wanted) so that the browser gets the answer instead of a broken connection.
 */
export interface Upload {
  fields: Record<string, string>;
  file: { name: string; content: Buffer } | null;
  /** the file was longer than MAX_UPLOAD_BYTES */
  tooLarge: boolean;
  /** more than one file was sent */
  tooMany: boolean;
  /** the body was not readable multipart */
  malformed: boolean;
  /** the CSRF check failed: throw it, the error page says "form expired" (403) */
  csrfError: Error | null;
}

const LIMITS = { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, fieldSize: 1000, parts: 8, headerPairs: 50 };

const discard = () =>
  new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });

export async function readUpload(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply): Promise<Upload> {
  const result: Upload = { fields: {}, file: null, tooLarge: false, tooMany: false, malformed: false, csrfError: null };
  let checked = false;
  const check = () => {
    if (checked) return;
    checked = true;
    result.csrfError = verifyCsrf(app, request, reply, result.fields._csrf);
  };

  if (!request.isMultipart()) {
    // A form posted without its enctype: there is no file, but the token still counts.
    for (const [k, v] of Object.entries((request.body ?? {}) as Record<string, unknown>)) if (typeof v === 'string') result.fields[k] = v;
    check();
    return result;
  }

  try {
    for await (const part of request.parts({ limits: LIMITS })) {
      if (part.type === 'field') {
        if (typeof part.value === 'string' && !Object.hasOwn(result.fields, part.fieldname)) result.fields[part.fieldname] = part.value;
        continue;
      }
      check();
      if (result.csrfError || result.file) {
        await pipeline(part.file, discard());
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      result.tooLarge = part.file.truncated;
      result.file = { name: part.filename ?? '', content: result.tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks) };
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT') result.tooMany = true;
    else result.malformed = true;
  }
  check();
  return result;
}

/**
 * The app's own CSRF check (@fastify/csrf-protection, the same secret cookie and token), run
 * here because the token only becomes known while the body streams in. The plugin reads the token
 * from request.body and reports a failure through reply.send; a stand-in reply catches that
 * failure so that this handler decides when to answer.
 */
export function verifyCsrf(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, token: string | undefined): Error | null {
  let passed = false;
  let failure: Error | null = null;
  const body = request.body;
  request.body = { _csrf: token ?? '' };
  try {
    const probe = {
      unsignCookie: (value: string) => reply.unsignCookie(value),
      send: (error: Error) => {
        failure = error;
      },
    } as unknown as FastifyReply;
    app.csrfProtection(request, probe, () => {
      passed = true;
    });
  } finally {
    request.body = body;
  }
  if (passed) return null;
  return failure ?? Object.assign(new Error('Invalid csrf token'), { code: 'FST_CSRF_INVALID_TOKEN', statusCode: 403 });
}
