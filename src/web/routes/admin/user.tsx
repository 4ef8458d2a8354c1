import { Form, Link, data, redirect, useActionData, useLoaderData } from 'react-router';
import type { Route } from './+types/user';
import { CsrfField, ErrorSummary, SelectField } from '../../components/form.tsx';
import { GrantScope } from '../../components/grants.tsx';
import { type NoticeName, Notice, withNotice } from '../../components/notice.tsx';
import { BackLink, PageHeading, SummaryList } from '../../components/page.tsx';
import { UserStatusTag } from '../../components/user-status.tsx';
import { ROLE_NAMES } from '../../lib/enums.ts';
import { type FormState, formErrorsFrom, formValues } from '../../lib/forms.ts';
import { load, requireStaff, signInUrl } from '../../lib/guards.server.ts';
import { formatDateTime, useLanguage, useT, useTx } from '../../lib/i18n.ts';
import { canIn, currentUnits, unitOption } from '../../lib/lists.server.ts';
import { isAppError } from '../../../platform/errors.ts';
import type { MessageKey } from '../../../platform/i18n/index.ts';

const GRANT_MESSAGES: Record<string, MessageKey> = {
  role: 'web.admin.users.roleError',
  unitId: 'web.admin.users.grantUnitError',
  agencyId: 'web.admin.users.grantAgencyError',
  includesSubUnits: 'web.admin.users.grantAgencyError',
};

/**
 * One staff account: details, status actions (disable, enable, unlock, reset mail) and roles (grant, revoke).
 * An account outside the caller's units is NOT_FOUND, even when the address is typed by hand.
 */
export async function loader({ request, context, params }: Route.LoaderArgs) {
  const actor = requireStaff(context, request);
  const { users, units, agencies } = context.services;
  return load(request, async () => {
    const [user, grants] = await Promise.all([users.get(params.id), users.grants(params.id)]);
    const [home, unitList, homeAgencies] = await Promise.all([
      user.homeUnit ? units.get(user.homeUnit.id) : null,
      currentUnits(context),
      user.homeUnit ? agencies.list({ unitId: user.homeUnit.id, limit: 200 }) : null,
    ]);
    const isSelf = actor.userId === user.id;
    return {
      user,
      grants: grants.items,
      canManage: home ? canIn(actor, 'users.manage', home.ancestorIds) : false,
      canGrant: !isSelf && unitList.some((u) => canIn(actor, 'roles.manage', u.ancestorIds)),
      isSelf,
      grantUnits: unitList
        .filter((u) => canIn(actor, 'roles.manage', u.ancestorIds))
        .map((u) => unitOption(context.language, u)),
      grantAgencies: (homeAgencies?.items ?? []).map((a) => ({ value: a.id, label: a.name })),
    };
  });
}

type Answer = { intent: string; state: FormState };

export async function action({ request, context, params }: Route.ActionArgs) {
  requireStaff(context, request);
  const formData = await request.formData();
  const intent = String(formData.get('intent') ?? '');
  const users = context.services.users;
  const done = (notice: NoticeName) => redirect(withNotice(`/quan-tri/nguoi-dung/${params.id}`, notice));
  let values: Record<string, string> = {};
  try {
    switch (intent) {
      case 'disable':
        await users.setStatus(params.id, 'disabled');
        return done('disabled');
      case 'enable':
        await users.setStatus(params.id, 'active');
        return done('enabled');
      case 'unlock':
        await users.unlock(params.id);
        return done('unlocked');
      case 'sendReset':
        await users.sendPasswordReset(params.id);
        return done('resetSent');
      case 'revoke':
        await users.revoke(params.id, String(formData.get('grantId') ?? ''));
        return done('revoked');
      case 'grant': {
        values = formValues(formData, ['role', 'unitId', 'agencyId', 'includesSubUnits']);
        const sub = values.includesSubUnits;
        await users.grant(params.id, {
          role: values.role,
          unitId: values.unitId,
          agencyId: values.agencyId,
          includesSubUnits: sub === 'true' ? true : sub === 'false' ? false : undefined,
        });
        return done('granted');
      }
      default:
        throw data({ code: 'VALIDATION_FAILED' }, { status: 400 });
    }
  } catch (error) {
    if (!isAppError(error)) {
      throw error;
    }
    if (error.code === 'UNAUTHENTICATED') {
      throw redirect(signInUrl(request));
    }
    if (intent === 'grant' && error.code === 'ALREADY_EXISTS') {
      return data<Answer>(
        { intent, state: { values, errors: { role: 'web.admin.users.grantExists' } } },
        { status: 409 },
      );
    }
    if (intent === 'sendReset' && error.code === 'CONFLICT') {
      return data<Answer>(
        { intent, state: { values, errors: {}, formError: { key: 'web.admin.users.noEmail' } } },
        { status: 409 },
      );
    }
    const state = formErrorsFrom(error, values, intent === 'grant' ? GRANT_MESSAGES : {});
    if (!state) {
      throw error;
    }
    return data<Answer>({ intent, state }, { status: error.code === 'VALIDATION_FAILED' ? 400 : 403 });
  }
}

export default function UserDetail() {
  const { user, grants, canManage, canGrant, grantUnits, grantAgencies, isSelf } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const t = useT();
  const tx = useTx();
  const language = useLanguage();
  const none = t('web.common.none');
  const grantState = answer?.intent === 'grant' ? answer.state : undefined;
  return (
    <>
      <BackLink to="/quan-tri/nguoi-dung">{t('web.admin.users.title')}</BackLink>
      <Notice />
      <ErrorSummary state={answer?.state} />
      <PageHeading title={user.fullName} caption={user.username} />
      <SummaryList
        rows={[
          { key: t('web.admin.users.username'), value: user.username },
          { key: t('web.admin.users.email'), value: user.email ?? none },
          { key: t('web.admin.users.phone'), value: user.phone ?? none },
          { key: t('web.admin.users.homeUnit'), value: user.homeUnit?.name ?? none },
          { key: t('web.admin.users.status'), value: <UserStatusTag user={user} /> },
          { key: t('web.admin.users.mfa'), value: user.totpEnabled ? t('web.common.yes') : t('web.common.no') },
          {
            key: t('web.admin.users.lastLogin'),
            value: user.lastLoginAt ? formatDateTime(language, user.lastLoginAt) : t('web.admin.users.never'),
          },
        ]}
      />
      {canManage ? (
        <section aria-labelledby="manage-title">
          <h2 id="manage-title">{t('web.admin.users.accountActions')}</h2>
          <div className="button-group">
            <Link className="button button--secondary" to={`/quan-tri/nguoi-dung/${user.id}/sua`}>
              {t('web.common.edit')}
            </Link>
            {user.lockedUntil ? <ActionButton intent="unlock" label={t('web.admin.users.unlock')} /> : null}
            {user.email && user.status === 'active' ? (
              <ActionButton intent="sendReset" label={t('web.admin.users.sendReset')} />
            ) : null}
            {user.status === 'active' && !isSelf ? (
              <ActionButton intent="disable" label={t('web.admin.users.disable')} warning />
            ) : null}
            {user.status === 'disabled' ? <ActionButton intent="enable" label={t('web.admin.users.enable')} /> : null}
          </div>
        </section>
      ) : null}

      <section aria-labelledby="grants-title">
        <h2 id="grants-title">{t('web.admin.users.grants')}</h2>
        {grants.length === 0 ? (
          <p>{t('web.admin.users.noGrants')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">{t('web.admin.users.grants')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('web.admin.users.role')}</th>
                  <th scope="col">{t('web.admin.users.scope')}</th>
                  {canGrant ? <th scope="col">{t('web.common.actions')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {grants.map((grant) => (
                  <tr key={grant.id}>
                    <td>{tx(`roles.${grant.role}`)}</td>
                    <td>
                      <GrantScope grant={grant} />
                    </td>
                    {canGrant ? (
                      <td>
                        <Form method="post" className="inline-form">
                          <CsrfField />
                          <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="grantId" value={grant.id} />
                          <button
                            type="submit"
                            className="link-button"
                            aria-label={t('web.admin.users.revokeLabel', {
                              role: tx(`roles.${grant.role}`),
                              unit: grant.unitName,
                            })}
                          >
                            {t('web.admin.users.revoke')}
                          </button>
                        </Form>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {canGrant ? (
        <section aria-labelledby="grant-title">
          <h2 id="grant-title">{t('web.admin.users.grantTitle')}</h2>
          <Form method="post" className="measure" noValidate>
            <CsrfField />
            <input type="hidden" name="intent" value="grant" />
            <SelectField
              name="role"
              label={t('web.admin.users.role')}
              options={ROLE_NAMES.map((role) => ({ value: role, label: tx(`roles.${role}`) }))}
              emptyOption={t('web.admin.users.chooseRole')}
              state={grantState}
            />
            <SelectField
              name="unitId"
              label={t('web.admin.users.grantUnit')}
              options={grantUnits}
              state={grantState}
              defaultValue={user.homeUnit?.id ?? ''}
            />
            <SelectField
              name="agencyId"
              label={`${t('web.admin.users.grantAgency')} ${t('web.common.optional')}`}
              hint={t('web.admin.users.grantAgencyHint')}
              options={grantAgencies}
              emptyOption={t('web.admin.users.wholeUnit')}
              state={grantState}
            />
            <SelectField
              name="includesSubUnits"
              label={t('web.admin.users.scope')}
              hint={t('web.admin.users.subUnitsHint')}
              options={[
                { value: 'true', label: t('web.admin.users.includesSubUnits') },
                { value: 'false', label: t('web.admin.users.onlyThisUnit') },
              ]}
              emptyOption={t('web.admin.users.roleDefault')}
              state={grantState}
            />
            <button type="submit" className="button">
              {t('web.admin.users.grantSubmit')}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

function ActionButton({ intent, label, warning }: { intent: string; label: string; warning?: boolean }) {
  return (
    <Form method="post" className="inline-form">
      <CsrfField />
      <input type="hidden" name="intent" value={intent} />
      <button type="submit" className={warning ? 'button button--warning' : 'button button--secondary'}>
        {label}
      </button>
    </Form>
  );
}
