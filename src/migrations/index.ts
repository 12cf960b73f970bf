import { InitialSchema1763880000000 } from './1763880000000-initial-schema';

/** Every migration, in order. Listed explicitly so the compiled service needs no glob. */
export const MIGRATIONS = [InitialSchema1763880000000];
