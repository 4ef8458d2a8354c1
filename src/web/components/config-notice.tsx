import { useSearchParams } from 'react-router';
import { SuccessBanner } from './page.tsx';
import { useT } from '../lib/i18n.ts';

/** Confirmations of the procedure and calendar administration pages (`?thongbao=published`). */
const CONFIG_NOTICES = [
  'versionCreated',
  'draftSaved',
  'published',
  'entryAdded',
  'entryRemoved',
  'yearSaved',
  'procedureCreated',
] as const;
export type ConfigNoticeName = (typeof CONFIG_NOTICES)[number];

/** Shows the confirmation named in the address, if it is one of these pages'. */
export function ConfigNotice() {
  const [params] = useSearchParams();
  const t = useT();
  const notice = CONFIG_NOTICES.find((n) => n === params.get('thongbao'));
  return notice ? <SuccessBanner>{t(`web.adminConfig.notices.${notice}`)}</SuccessBanner> : null;
}

/** A path with one of these confirmations to show once there. */
export function withConfigNotice(path: string, notice: ConfigNoticeName): string {
  return `${path}${path.includes('?') ? '&' : '?'}thongbao=${notice}`;
}
