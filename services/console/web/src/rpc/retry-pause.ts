/** How long a view waits before asking the console again after a failed call: quick at first, then every 5 s. */
const retryDelaysMs = [500, 1000, 2000, 5000];

export function retryPause(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, retryDelaysMs[Math.min(attempt, retryDelaysMs.length - 1)]));
}
