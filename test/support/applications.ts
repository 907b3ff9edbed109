import type { TestApp } from './app.ts';
import { submitSpec, type ApplicationSpec } from '../../src/features/demo/applications.ts';
import { buildDraftData } from '../../src/features/demo/applications.ts';
import type { DraftData } from '../../src/features/applications/drafts.ts';
import type { FlowContext } from '../../src/features/applications/steps.ts';
import type { SubmitResult } from '../../src/features/applications/submit.ts';
import { todayInAmsterdam } from '../../src/features/wizard/today.ts';

/**
 * Test factory: a submitted application made through the same parsing and the same submit
 * transaction as the form, from a short description. Provisions are named by their Dutch title.
 * The draft builder lives with the demo data (src/features/demo/applications.ts), which uses it too.
 */
export { buildDraftData, type ApplicationSpec, type ChildSpec } from '../../src/features/demo/applications.ts';

export async function draftFor(t: TestApp, spec: ApplicationSpec): Promise<{ data: DraftData; ctx: FlowContext }> {
  return buildDraftData(await t.app.referenceCache.current(), spec, todayInAmsterdam());
}

/** Stores a draft row for the data and submits it; returns the submit result and the draft's token. */
export async function submitFor(t: TestApp, spec: ApplicationSpec): Promise<SubmitResult & { token: string }> {
  return submitSpec(t.database.db, await t.app.referenceCache.current(), spec, { childKeySecret: t.config.childKeySecret, linkSecret: t.config.sessionSecret, publicUrl: t.config.publicUrl });
}

/** A submitted application, or a thrown error saying why not. */
export async function createApplication(t: TestApp, spec: ApplicationSpec): Promise<{ applicationId: string; reference: string }> {
  const result = await submitFor(t, spec);
  if (result.kind !== 'submitted') throw new Error(`factory submit gave ${result.kind}`);
  return { applicationId: result.applicationId, reference: result.reference };
}
