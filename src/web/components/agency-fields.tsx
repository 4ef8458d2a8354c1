import type { FormState } from '../lib/forms.ts';
import { AGENCY_KINDS } from '../lib/enums.ts';
import { useT, useTx } from '../lib/i18n.ts';
import { SelectField, TextField } from './form.tsx';

export const AGENCY_FIELDS = ['name', 'code', 'kind', 'email', 'phone', 'address', 'validFrom', 'validTo'] as const;

export const AGENCY_MESSAGES = {
  unitId: 'web.admin.agencies.unitError',
  parentId: 'web.admin.agencies.parentError',
  name: 'web.admin.agencies.nameError',
  code: 'web.admin.agencies.codeError',
  kind: 'web.admin.agencies.kindError',
  email: 'web.admin.agencies.emailError',
  phone: 'web.admin.agencies.phoneError',
  address: 'web.admin.agencies.addressError',
  validFrom: 'web.admin.agencies.validFromError',
  validTo: 'web.admin.agencies.validToError',
} as const;

type AgencyDefaults = Partial<Record<(typeof AGENCY_FIELDS)[number], string | null>>;

/** The fields an agency has, shared by the create and edit forms. */
export function AgencyFields({ state, defaults = {} }: { state: FormState | undefined; defaults?: AgencyDefaults }) {
  const t = useT();
  const tx = useTx();
  const optional = t('web.common.optional');
  return (
    <>
      <TextField name="name" label={t('web.admin.agencies.name')} state={state} defaultValue={defaults.name} />
      <TextField
        name="code"
        label={`${t('web.admin.agencies.code')} ${optional}`}
        hint={t('web.admin.agencies.codeHint')}
        state={state}
        defaultValue={defaults.code}
        width="medium"
        spellCheck={false}
      />
      <SelectField
        name="kind"
        label={t('web.admin.agencies.kind')}
        options={AGENCY_KINDS.map((kind) => ({ value: kind, label: tx(`agencyKinds.${kind}`) }))}
        emptyOption={t('web.admin.agencies.chooseKind')}
        state={state}
        defaultValue={defaults.kind}
      />
      <TextField
        name="email"
        type="email"
        label={`${t('web.admin.agencies.email')} ${optional}`}
        state={state}
        defaultValue={defaults.email}
        autoComplete="off"
        spellCheck={false}
      />
      <TextField
        name="phone"
        type="tel"
        label={`${t('web.admin.agencies.phone')} ${optional}`}
        state={state}
        defaultValue={defaults.phone}
        width="medium"
        autoComplete="off"
      />
      <TextField
        name="address"
        label={`${t('web.admin.agencies.address')} ${optional}`}
        state={state}
        defaultValue={defaults.address}
        autoComplete="off"
      />
      <TextField
        name="validFrom"
        type="date"
        label={`${t('web.admin.agencies.validFrom')} ${optional}`}
        hint={t('web.forms.dateHint')}
        state={state}
        defaultValue={defaults.validFrom}
        width="short"
      />
      <TextField
        name="validTo"
        type="date"
        label={`${t('web.admin.agencies.validTo')} ${optional}`}
        hint={t('web.forms.dateHint')}
        state={state}
        defaultValue={defaults.validTo}
        width="short"
      />
    </>
  );
}
