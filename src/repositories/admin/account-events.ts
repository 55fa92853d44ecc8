import type { PoolClient } from 'pg';
import { AccountEventEntity, type AccountEventRecord } from '../../db/entities/audit-events';
import { entityManager } from '../../db/orm';

export type AccountEventKind = AccountEventRecord['kind'];

export type AccountEvent = {
  /** Who acted; null when the command line did (the first admin has nobody to act for them). */
  handlerId: number | null;
  kind: AccountEventKind;
  targetHandlerId?: number;
  credentialId?: number;
  applicationId?: number;
  data?: object;
};

/**
 * The accounts' audit log: who gave whom which role and departments, and who issued or revoked
 * which token or API key. Written in the caller's transaction; never holds a secret.
 */
export async function recordAccountEvent(client: PoolClient, event: AccountEvent): Promise<void> {
  await entityManager(client).insert(AccountEventEntity, {
    handlerId: event.handlerId,
    kind: event.kind,
    targetHandlerId: event.targetHandlerId ?? null,
    credentialId: event.credentialId ?? null,
    applicationId: event.applicationId ?? null,
    data: event.data ?? {},
  });
}
