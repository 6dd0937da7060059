/**
 * The roles a person holds inside one agency, and what each implies. A supervisor may do everything a
 * planner and an analyst may; no other role implies another. Roles never leave the agency.
 */
import { z } from 'zod';

export const roles = ['admin', 'planner', 'analyst', 'supervisor', 'debrief', 'viewer'] as const;
export type Role = (typeof roles)[number];

export const roleSchema = z.enum(roles, { error: `must be one of ${roles.join(', ')}` });

const implied: Readonly<Record<Role, readonly Role[]>> = {
  admin: [],
  planner: [],
  analyst: [],
  supervisor: ['planner', 'analyst'],
  debrief: [],
  viewer: [],
};

/** The roles held, with those they imply; names that are not Concord roles are dropped. */
export function effectiveRoles(names: Iterable<string>): ReadonlySet<Role> {
  const held = new Set<Role>();
  for (const name of names) {
    const role = roleSchema.safeParse(name);
    if (!role.success) continue;
    held.add(role.data);
    for (const more of implied[role.data]) held.add(more);
  }
  return held;
}
