/**
 * What an audit entry acted on, as a person recognises it (issue 13): the entry's `object` is a
 * pointer (`participant:<id>`, `profile:<id>`, `report:2026-04..2027-03`, …) and the Audit page
 * names it ("participant •••••••42", "profile “Supervisor”", "anonymised report 2026-04 –
 * 2027-03"), never by its id. Pure: the page looks the records up.
 */
export type AuditObjectRef =
  | { kind: 'participant'; id: string }
  | { kind: 'profile'; id: string }
  | { kind: 'report'; from: string; to: string }
  | { kind: 'session-log'; rows: number }
  | { kind: 'thread' }
  | { kind: 'session' }
  | { kind: 'data-key' }
  | { kind: 'dataset' }
  | { kind: 'backup' }
  | { kind: 'passphrase' }
  | { kind: 'settings' }
  | { kind: 'other' };

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

const PLAIN: ReadonlyMap<string, AuditObjectRef> = new Map<string, AuditObjectRef>([
  ['dataset', { kind: 'dataset' }],
  ['backup', { kind: 'backup' }],
  ['passphrase', { kind: 'passphrase' }],
  ['organisation-settings', { kind: 'settings' }],
]);

/** Reads an entry's `object`; anything it does not know is `other` (shown as "another record"). */
export function parseAuditObject(object: string): AuditObjectRef {
  const plain = PLAIN.get(object);
  if (plain) return plain;
  const colon = object.indexOf(':');
  if (colon < 0) return { kind: 'other' };
  const kind = object.slice(0, colon);
  const rest = object.slice(colon + 1);
  switch (kind) {
    case 'participant':
    case 'profile':
      return rest === '' ? { kind: 'other' } : { kind, id: rest };
    case 'thread':
    case 'session':
      return { kind };
    case 'data-key':
      return { kind: 'data-key' };
    case 'session-log':
      return /^\d{1,9}$/.test(rest)
        ? { kind: 'session-log', rows: Number(rest) }
        : { kind: 'other' };
    case 'report': {
      const parts = rest.split('..');
      const from = parts[0] ?? '';
      const to = parts[1] ?? from;
      return parts.length <= 2 && MONTH.test(from) && MONTH.test(to)
        ? { kind: 'report', from, to }
        : { kind: 'other' };
    }
    default:
      return { kind: 'other' };
  }
}
