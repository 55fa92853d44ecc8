import type { PoolClient } from 'pg';

export type AccountEventKind =
  'handler_created' | 'handler_updated' | 'token_issued' | 'token_revoked' | 'client_created' | 'client_revoked';

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
  await client.query(
    `INSERT INTO account_event (handler_id, kind, target_handler_id, credential_id, application_id, data)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      event.handlerId,
      event.kind,
      event.targetHandlerId ?? null,
      event.credentialId ?? null,
      event.applicationId ?? null,
      JSON.stringify(event.data ?? {}),
    ],
  );
}
