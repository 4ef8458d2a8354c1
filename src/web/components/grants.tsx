import type { TRoleGrant } from '../../modules/people/people.schema.ts';
import { useT } from '../lib/i18n.ts';

/** Where a role applies, in words: "Phường Lào Cai – Trung tâm… " or "Tỉnh Lào Cai (gồm cả đơn vị trực thuộc)". */
export function GrantScope({ grant }: { grant: Pick<TRoleGrant, 'unitName' | 'agencyName' | 'includesSubUnits'> }) {
  const t = useT();
  return (
    <>
      {grant.unitName}
      {grant.agencyName ? ` – ${grant.agencyName}` : ''}
      {grant.includesSubUnits ? ` (${t('web.admin.users.includesSubUnits').toLocaleLowerCase()})` : ''}
    </>
  );
}
