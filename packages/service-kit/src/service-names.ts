/** The services of an agency: its four capabilities, and its identity service (sign-in and its people). */
import { capabilities, type Capability } from '@concord/federation/capability';

export type ServiceName = Capability | 'identity';
export const serviceNames: readonly ServiceName[] = [...capabilities, 'identity'];
