import { useSearchParams } from 'react-router';
import { SuccessBanner } from './page.tsx';
import { useT } from '../lib/i18n.ts';

/** Confirmations an action can ask for after its redirect (`?thongbao=created`). Unknown names show nothing. */
const NOTICES = [
  'created',
  'updated',
  'passwordChanged',
  'passwordReset',
  'signedOut',
  'mfaEnabled',
  'mfaDisabled',
  'disabled',
  'enabled',
  'unlocked',
  'resetSent',
  'granted',
  'revoked',
] as const;
export type NoticeName = (typeof NOTICES)[number];

/** Shows the confirmation named in the address, if any. */
export function Notice() {
  const [params] = useSearchParams();
  const t = useT();
  const name = params.get('thongbao');
  const notice = NOTICES.find((n) => n === name);
  if (!notice) {
    return null;
  }
  return <SuccessBanner>{t(`web.notices.${notice}`)}</SuccessBanner>;
}

/** A path with the confirmation to show once there. */
export function withNotice(path: string, notice: NoticeName): string {
  return `${path}${path.includes('?') ? '&' : '?'}thongbao=${notice}`;
}
