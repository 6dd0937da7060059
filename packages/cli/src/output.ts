/** Text for people by default, JSON for scripts with --json. */
export function print(json: boolean, value: unknown, text: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
}

export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}


/** Content a service rendered (an export, a report): to a file when given, else to standard output. */
export async function writeContent(output: string | undefined, content: Uint8Array, contentType: string): Promise<void> {
  if (!output) {
    process.stdout.write(content);
    return;
  }
  const { writeFile } = await import('node:fs/promises');
  await writeFile(output, content);
  process.stderr.write(`Wrote ${output} (${contentType}).\n`);
}
