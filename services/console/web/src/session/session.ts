/** Who is signed in, from the console server's `/auth/session`, and how to send someone to sign in. */
import type { DescService } from '@bufbuild/protobuf';
import { effectiveRoles, ruleFor } from '@concord/access/rules';
import type { Locale } from '../i18n/locales';

export interface Agency {
  readonly id: string;
  readonly name: string;
  /** `participant` or `supporter`, from the manifest. */
  readonly role: string;
  readonly timeZone: string;
}

export interface Session {
  readonly username: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly agency: string;
  readonly agencies: readonly Agency[];
}

// Checked by hand rather than with zod: zod would weigh more than the rest of this first page together.
const isString = (value: unknown): value is string => typeof value === 'string';

function isAgency(value: unknown): value is Agency {
  if (typeof value !== 'object' || value === null) return false;
  const agency = value as Record<string, unknown>;
  return isString(agency.id) && isString(agency.name) && isString(agency.role) && isString(agency.timeZone);
}

function sessionOf(value: unknown): Session {
  const body = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const { username, name, roles, agency, agencies } = body;
  if (isString(username) && isString(name) && isString(agency) && Array.isArray(roles) && roles.every(isString) && Array.isArray(agencies) && agencies.every(isAgency)) {
    return { username, name, roles, agency, agencies: agencies.map(({ id, name: agencyName, role, timeZone }) => ({ id, name: agencyName, role, timeZone })) };
  }
  throw new Error('/auth/session answered a body that is not a session');
}

/** The session, or undefined when nobody is signed in (401). */
export async function fetchSession(): Promise<Session | undefined> {
  const response = await fetch('/auth/session', { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (response.status === 401) return undefined;
  if (!response.ok) throw new Error(`/auth/session answered ${response.status}`);
  return sessionOf(await response.json());
}

/** Sends the browser to sign in, then back to the page it is on (query and fragment too), in the language it shows. */
export function signIn(locale: Locale): void {
  const here = `${location.pathname}${location.search}${location.hash}`;
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
