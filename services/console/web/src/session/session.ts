/** Who is signed in, from the console server's `/auth/session`, and how to send someone to sign in. */
import { z } from 'zod';
import type { DescService } from '@bufbuild/protobuf';
import { effectiveRoles, ruleFor } from '@concord/access/rules';
import type { Locale } from '../i18n/locales';

// No code generation: the console's Content-Security-Policy forbids eval, and zod's probe for it would log a violation.
z.config({ jitless: true });

const agencySchema = z.object({ id: z.string(), name: z.string(), timeZone: z.string() });

const sessionSchema = z.object({
  username: z.string(),
  name: z.string(),
  roles: z.array(z.string()),
  agency: z.string(),
  agencies: z.array(agencySchema),
});

export type Session = z.infer<typeof sessionSchema>;
export type Agency = z.infer<typeof agencySchema>;

/** The session, or undefined when nobody is signed in (401). */
export async function fetchSession(): Promise<Session | undefined> {
  const response = await fetch('/auth/session', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (response.status === 401) return undefined;
  if (!response.ok) throw new Error(`/auth/session answered ${response.status}`);
  return sessionSchema.parse(await response.json());
}

/** Sends the browser to sign in, then back to the page it is on, in the language it shows. */
export function signIn(locale: Locale): void {
  const here = `${location.pathname}${location.search}`;
  const query = new URLSearchParams({ return: here, ui_locales: locale });
  location.assign(`/auth/login?${query.toString()}`);
}

/** Whether the access table lets these roles call the method; hides buttons the server would refuse. */
export function mayCall(session: Session, service: DescService, method: string): boolean {
  const rule = ruleFor(`/${service.typeName}/${method}`);
  if (!rule) return false;
  const held = effectiveRoles(session.roles);
  return rule.roles.some((role) => held.has(role));
}
