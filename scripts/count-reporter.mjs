// Node test reporter that counts leaf tests and writes the totals as JSON (the destination stream).
export default async function* countReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0, fileFailures: 0 };
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { data } = event;
    const isSuite = data.details?.type === 'suite';
    if (data.skip || data.todo) {
      if (!isSuite) counts.skipped++;
      continue;
    }
    if (event.type === 'test:fail') {
      // A file that fails to load shows up as a failing top-level "test" named after the file.
      if (isSuite) continue;
      counts.failed++;
      if (data.details?.error?.failureType === 'testCodeFailure' && data.nesting === 0 && data.name?.endsWith('.ts')) counts.fileFailures++;
    } else if (!isSuite) counts.passed++;
  }
  yield JSON.stringify(counts);
}
