/**
 * The fields a server refused, each with the server's words. Concord's services name every refused
 * field in `concord-field` metadata and join them in the message as `<subject>: <field>: <why>; ...`.
 */
import { ConnectError } from '@connectrpc/connect';

export interface Refusal {
  /** Per refused field (its proto path, `period.end`): what the server said about it. */
  readonly fields: Readonly<Record<string, string>>;
  /** The whole message, for a refusal that names no field the form shows. */
  readonly message: string;
}

export function refusalOf(error: unknown): Refusal {
  const connectError = ConnectError.from(error);
  const fields: Record<string, string> = {};
  const segments = connectError.rawMessage.split('; ');
  // Headers joins repeated values with ", "; field paths never hold one.
  const paths = connectError.metadata.get('concord-field')?.split(', ') ?? [];
  for (const path of paths) {
    const prefix = `${path}: `;
    const segment = segments.map((part) => part.slice(part.indexOf(prefix))).find((part) => part.startsWith(prefix));
    fields[path] = segment ? segment.slice(prefix.length) : connectError.rawMessage;
  }
  return { fields, message: connectError.rawMessage };
}
