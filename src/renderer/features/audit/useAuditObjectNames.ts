import { useTranslation } from 'react-i18next';
import { parseAuditObject, type AuditObjectRef } from '../../../domain/audit/objects';
import { useWorkstationDb } from '../../app/database';
import { useData } from '../../app/data';

/**
 * The names of the audit entries' objects as a person recognises them (issue 13): never an id.
 * A participant is named by the masked JET number (opened only for the participants on the
 * page), a profile by its name; what is gone or unknown is named by its kind only.
 */
const EMPTY: ReadonlyMap<string, string | null> = new Map();

export function useAuditObjectNames(objects: readonly string[]): (object: string) => string {
  const { t } = useTranslation();
  const { maintenance, profiles } = useWorkstationDb();
  const key = [...new Set(objects)].sort().join('\n');
  const { data: masks = EMPTY } = useData(
    'audit.object-names',
    () =>
      maintenance.jetNumberMasks([
        ...new Set(
          key
            .split('\n')
            .map(parseAuditObject)
            .flatMap((ref) => (ref.kind === 'participant' ? [ref.id] : [])),
        ),
      ]),
    [maintenance, key],
  );

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
