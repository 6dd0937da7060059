/**
 * The roles a person holds inside one agency, and what each implies. A supervisor may do everything a
 * planner and an analyst may; no other role implies another. Roles never leave the agency.
 * No zod here, so the console's browser bundle can take this file; the schema is in role-schema.ts.
 */
export const roles = ['admin', 'planner', 'analyst', 'supervisor', 'debrief', 'viewer'] as const;
export type Role = (typeof roles)[number];

const implied: Readonly<Record<Role, readonly Role[]>> = {
  admin: [],
  planner: [],
  analyst: [],
  supervisor: ['planner', 'analyst'],
  debrief: [],
  viewer: [],
};

function isRole(name: string): name is Role {
  return (roles as readonly string[]).includes(name);
}

/** The roles held, with those they imply; names that are not Concord roles are dropped. */
export function effectiveRoles(names: Iterable<string>): ReadonlySet<Role> {
  const held = new Set<Role>();
  for (const name of names) {
    if (!isRole(name)) continue;
    held.add(name);
    for (const more of implied[name]) held.add(more);
  }
  return held;
}
