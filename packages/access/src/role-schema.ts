/** The zod schema of a role, for boundaries that validate input naming one. */
import { z } from 'zod';
import { roles } from './roles.js';

export const roleSchema = z.enum(roles, { error: `must be one of ${roles.join(', ')}` });
