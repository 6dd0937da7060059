import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { rpcAccess } from '@concord/access';

/** The README's table of who may call what, read back: service, method, roles, audit. */
async function readmeTable(): Promise<string[]> {
  const text = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  return text
    .split('\n')
    .map((line) => /^\| (\w+Service) \| `(\w+)` \| ([^|]+) \| ([^|]+) \|$/.exec(line))
    .filter((match) => match !== null)
    .map((m) => `${m[1]}/${m[2]}: ${m[3]!.trim()} (${m[4]!.trim()})`);
}

describe('the README', () => {
  it('maps every RPC to exactly the roles the server enforces', async () => {
    const enforced = Object.entries(rpcAccess).flatMap(([service, methods]) =>
      Object.entries(methods).map(([method, rule]) => {
        const roles = rule.roles.length === 0 ? 'anyone signed in' : rule.roles.length === 6 ? 'every role' : rule.roles.map((r) => `\`${r}\``).join(', ');
        const audit = rule.audit === 'act' ? 'act' : rule.audit === 'private' ? 'private read' : '-';
        return `${service.replace('concord.v1.', '')}/${method}: ${roles} (${audit})`;
      }),
    );
    expect(await readmeTable()).toEqual(enforced);
  });
});
