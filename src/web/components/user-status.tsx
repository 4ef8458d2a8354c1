import type { TStaffUser } from '../../modules/people/people.schema.ts';
import { formatDateTime, useLanguage, useT } from '../lib/i18n.ts';

/** Active, disabled, or locked until a time. */
export function UserStatusTag({ user }: { user: Pick<TStaffUser, 'status' | 'lockedUntil'> }) {
  const t = useT();
  const language = useLanguage();
  if (user.status === 'disabled') {
    return <span className="tag tag--red">{t('people.userStatus.disabled')}</span>;
  }
  if (user.lockedUntil) {
    return (
      <span className="tag tag--grey">
        {t('web.admin.users.locked', { until: formatDateTime(language, user.lockedUntil) })}
      </span>
    );
  }
  return <span className="tag">{t('people.userStatus.active')}</span>;
}
