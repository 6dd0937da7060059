/**
 * Waits for every start to end, then fails with the first failure: a failure must not leave a sibling
 * still starting, which the stop that follows would miss and leave running.
 */
export async function allStarted(starts: readonly Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(starts)).find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}
