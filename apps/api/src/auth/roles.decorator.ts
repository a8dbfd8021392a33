import { SetMetadata } from '@nestjs/common';
import type { Role } from '@app/config';

export const ROLE_KEY = 'dt:role';
export const PUBLIC_KEY = 'dt:public';

/** The least role a route needs. Routes without it are admin-only: the guard fails closed. */
export const RequireRole = (role: Role) => SetMetadata(ROLE_KEY, role);

/** Probes, docs and the dashboard's files answer without a token. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
