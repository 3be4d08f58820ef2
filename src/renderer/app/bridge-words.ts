/**
 * The words for a failed bridge call, in the UI's language: the main process sends a code and,
 * when it refused for a reason a person can act on, the reason's key and parameters
 * (bridge/errors.ts); its English `message` is for the log and the CLI and is never shown here.
 */
import type { TFunction } from 'i18next';
import type { BridgeError } from '../../bridge/errors';

export function bridgeErrorText(error: BridgeError, t: TFunction): string {
  const reason = error.reason;
  if (reason === undefined) return t(`error.bridge.${error.code}`);
  switch (reason.key) {
    case 'supervisor-only':
      return t('error.reason.supervisor-only', {
        action: t(`error.supervisorAction.${String(reason.params.action)}`, {
          defaultValue: t(`error.bridge.${error.code}`),
        }),
      });
    case 'file-not-written':
      return t('error.reason.file-not-written', {
        why: t(`error.fileWrite.${String(reason.params.fsCode)}`, {
          defaultValue: t('error.fileWrite.other'),
        }),
      });
    case 'sync-refused':
      return t('error.reason.sync-refused', {
        why: t(`error.syncRefusal.${String(reason.params.code)}`, {
          ...reason.params,
          defaultValue: t('error.syncRefusal.other'),
        }),
      });
    case 'enrolment-words': {
      const problem = String(reason.params.problem);
      const key =
        problem === 'unknown-word' && reason.params.suggestion !== undefined
          ? 'unknown-word-suggestion'
          : problem;
      return t(`error.enrolmentWords.${key}`, {
        ...reason.params,
        defaultValue: t('error.reason.enrolment-words'),
      });
    }
    default:
      return t(`error.reason.${reason.key}`, reason.params);
  }
}
