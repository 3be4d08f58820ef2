import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseAuditObject, type AuditObjectRef } from '../../../domain/audit/objects';
import { maskJetNumber } from '../../../domain/privacy/jet-number';
import { useWorkstationDb } from '../../app/database';
import { openReadable } from '../../db/crypto/sealed-records';

/**
 * The names of the audit entries' objects as a person recognises them (issue 13): never an id.
 * A participant is named by the masked JET number (opened only for the participants on the
 * page), a profile by its name; what is gone or unknown is named by its kind only.
 */
export function useAuditObjectNames(objects: readonly string[]): (object: string) => string {
  const { t } = useTranslation();
  const { db, cipher, profiles } = useWorkstationDb();
  const [masks, setMasks] = useState<ReadonlyMap<string, string | null>>(new Map());
  const key = [...new Set(objects)].sort().join('\n');

  useEffect(() => {
    let cancelled = false;
    const ids = [
      ...new Set(
        key
          .split('\n')
          .map(parseAuditObject)
          .flatMap((ref) => (ref.kind === 'participant' ? [ref.id] : [])),
      ),
    ];
    void (async () => {
      const stored = (await db.participants.bulkGet(ids)).filter((p) => p !== undefined);
      const { records } = await openReadable(cipher, 'participants', stored);
      if (cancelled) return;
      setMasks(
        new Map(records.map((p) => [p.id, p.jetNumber ? maskJetNumber(p.jetNumber) : null])),
      );
    })();
    return () => {
      cancelled = true;
    };
  }, [key, db, cipher]);

  const name = (ref: AuditObjectRef): string => {
    switch (ref.kind) {
      case 'participant': {
        const mask = masks.get(ref.id);
        return mask
          ? t('audit.objects.participant', { mask })
          : t('audit.objects.participantUnknown');
      }
      case 'profile': {
        const profile = profiles.find((p) => p.id === ref.id);
        return profile
          ? t('audit.objects.profile', { name: profile.name })
          : t('audit.objects.profileUnknown');
      }
      case 'report':
        return t('audit.objects.report', {
          period: ref.from === ref.to ? ref.from : `${ref.from} – ${ref.to}`,
        });
      case 'session-log':
        return t('audit.objects.sessionLog', { count: ref.rows });
      case 'data-key':
        return t('audit.objects.dataKey');
      default:
        return t(`audit.objects.${ref.kind}`);
    }
  };
  return (object) => name(parseAuditObject(object));
}
