import { InitialSchema1763700000000 } from './1763700000000-initial-schema';
import { PrivacyAndMedia1763800000000 } from './1763800000000-privacy-and-media';
import { QueryIndexes1763900000000 } from './1763900000000-query-indexes';

/** Every migration, oldest first. */
export const migrations = [InitialSchema1763700000000, PrivacyAndMedia1763800000000, QueryIndexes1763900000000];
