import { Form } from 'react-router';
import type { TMyDossier } from '../../modules/applicant-dossiers/applicant-dossiers.ts';
import type { FormState } from '../lib/forms.ts';
import { useT, useTx } from '../lib/i18n.ts';
import { useMoney } from './dossier-parts.tsx';
import { useMoment } from './dossier-tags.tsx';
import { CsrfField } from './form.tsx';

/**
 * The applicant's panels on their dossier page: paying the fees online, answering a supplement request with files,
 * rating the service, and the result files with who signed them. Every form is a plain POST with the version the
 * page was shown at, so it works without JavaScript and a dossier that moved meanwhile refuses it.
 */

type Props = { my: TMyDossier; state?: FormState | undefined };

/** A field's error line, linked from the error summary by the field's id. */
function FieldError({ id, state, name }: { id: string; state: FormState | undefined; name: string }) {
  const t = useT();
  const error = state?.errors[name];
  if (!error) return null;
  return (
    <p className="error-message" id={`${id}-error`}>
      <span className="visually-hidden">{t('web.forms.errorPrefix')} </span>
      {t(error)}
    </p>
  );
}

/** Fees still due: one button to the payment gateway, and the payments made so far with their e-receipts. */
export function PayPanel({ my }: Props) {
  const t = useT();
  const tx = useTx();
  const money = useMoney();
  const moment = useMoment();
  const pending = my.payments.some((p) => p.status === 'pending');
  return (
    <section aria-labelledby="pay-title">
      <h2 id="pay-title">{t('web.myDossiers.payTitle')}</h2>
      {my.todos.includes('pay') ? (
        <>
          <p className="measure">{t('web.myDossiers.payText', { amount: money(my.amountDue) })}</p>
          {pending ? <p className="measure secondary">{t('web.myDossiers.payPending')}</p> : null}
          {/* A document post: the answer is a redirect to the gateway, another site. */}
          <Form method="post" reloadDocument>
            <CsrfField />
            <input type="hidden" name="intent" value="pay" />
            <button type="submit" className="button">
              {t('web.myDossiers.payButton')}
            </button>
          </Form>
        </>
      ) : my.dossier.fees.length > 0 && my.amountDue === 0 ? (
        <p>{t('web.myDossiers.paidAll')}</p>
      ) : null}
      {my.payments.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption>{t('web.myDossiers.paymentsTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('web.myDossiers.paymentAt')}</th>
                <th scope="col" className="numeric">
                  {t('web.myDossiers.paymentAmount')}
                </th>
                <th scope="col">{t('web.myDossiers.paymentState')}</th>
                <th scope="col">{t('web.myDossiers.eReceipt')}</th>
              </tr>
            </thead>
            <tbody>
              {my.payments.map((p) => (
                <tr key={p.id}>
                  <td>{moment(p.paidAt ?? p.createdAt)}</td>
                  <td className="numeric">{money(p.amount)}</td>
                  <td>{tx(`web.myDossiers.paymentStatus.${p.status}`)}</td>
                  <td>
                    {p.receiptNumber ? (
                      <a href={`/api/v1/payments/${p.id}/receipt`} type="application/pdf">
                        {t('web.myDossiers.eReceiptLink', { number: p.receiptNumber })}
                      </a>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

/** The latest supplement request's items, and one file input per component of the dossier's procedure version. */
export function SupplyForm({ my, state }: Props) {
  const t = useT();
  const request = [...my.dossier.timeline].reverse().find((e) => e.action === 'request_supplement');
  const items = (request?.data.items as string[] | undefined) ?? [];
  return (
    <section aria-labelledby="supply-title">
      <h2 id="supply-title">{t('web.myDossiers.supplyTitle')}</h2>
      <p className="measure">{t('web.myDossiers.supplyIntro')}</p>
      {items.length > 0 ? (
        <>
          <h3>{t('web.myDossiers.supplyItems')}</h3>
          <ul>
            {items.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="measure" noValidate>
        <CsrfField />
        <input type="hidden" name="intent" value="supply" />
        <input type="hidden" name="expectedVersion" value={my.dossier.version} />
        <FieldError id="f-files" state={state} name="files" />
        {my.components.map((c) => {
          const name = `files:${c.code}`;
          const id = `f-${name}`;
          const error = state?.errors[name];
          return (
            <div className={error ? 'field field--error' : 'field'} key={c.code}>
              <label className="label" htmlFor={id}>
                {t('web.myDossiers.supplyFiles', { name: c.name })}
              </label>
              <FieldError id={id} state={state} name={name} />
              <input
                className="file-input"
                id={id}
                name={name}
                type="file"
                multiple
                accept="application/pdf,image/jpeg,image/png"
                aria-describedby={error ? `${id}-error` : undefined}
                aria-invalid={error ? true : undefined}
              />
            </div>
          );
        })}
        <div className="field">
          <label className="label" htmlFor="f-note">
            {t('web.myDossiers.supplyNote')}
          </label>
          <textarea className="textarea" id="f-note" name="note" rows={3} defaultValue={state?.values.note ?? ''} />
        </div>
        <button type="submit" className="button">
          {t('web.myDossiers.supplyButton')}
        </button>
      </Form>
    </section>
  );
}

const LEVELS = ['5', '4', '3', '2', '1'] as const;

/** Satisfaction from 1 to 5 and a comment, once, after the result was handed over. */
export function RateForm({ my, state }: Props) {
  const t = useT();
  const tx = useTx();
  const error = state?.errors.rating;
  return (
    <section aria-labelledby="rate-title">
      <h2 id="rate-title">{t('web.myDossiers.rateTitle')}</h2>
      <p className="measure">{t('web.myDossiers.rateIntro')}</p>
      <Form method="post" className="measure" noValidate>
        <CsrfField />
        <input type="hidden" name="intent" value="rate" />
        <input type="hidden" name="expectedVersion" value={my.dossier.version} />
        <fieldset
          className={error ? 'field field--error' : 'field'}
          id="f-rating"
          aria-describedby={error ? 'f-rating-error' : undefined}
        >
          <legend className="label">{t('web.myDossiers.rateLegend')}</legend>
          <FieldError id="f-rating" state={state} name="rating" />
          {LEVELS.map((level) => (
            <div className="checkbox" key={level}>
              <input
                className="checkbox__input"
                type="radio"
                id={`f-rating-${level}`}
                name="rating"
                value={level}
                defaultChecked={state?.values.rating === level}
              />
              <label className="checkbox__label" htmlFor={`f-rating-${level}`}>
                {tx(`web.myDossiers.rateLevels.${level}`)}
              </label>
            </div>
          ))}
        </fieldset>
        <div className="field">
          <label className="label" htmlFor="f-comment">
            {t('web.myDossiers.rateComment')}
          </label>
          <textarea
            className="textarea"
            id="f-comment"
            name="comment"
            rows={3}
            defaultValue={state?.values.comment ?? ''}
          />
        </div>
        <button type="submit" className="button">
          {t('web.myDossiers.rateButton')}
        </button>
      </Form>
    </section>
  );
}

/** The result files, each with a download link and what its signatures say. */
export function ResultFiles({ my }: Props) {
  const t = useT();
  const results = my.dossier.files.filter((f) => f.kind === 'result');
  if (results.length === 0) return null;
  return (
    <section aria-labelledby="results-title">
      <h2 id="results-title">{t('web.myDossiers.resultsTitle')}</h2>
      <ul className="link-list">
        {results.map((f) => {
          const report = my.resultSignatures.find((r) => r.fileId === f.id);
          return (
            <li key={f.id}>
              <a href={`/api/v1/dossiers/${my.dossier.id}/files/${f.id}`} type={f.contentType}>
                {t('web.myDossiers.resultDownload', { name: f.filename })}
              </a>
              {report ? <Signatures signatures={report.signatures} /> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Signatures({ signatures }: { signatures: TMyDossier['resultSignatures'][number]['signatures'] }) {
  const t = useT();
  if (signatures === null) return <p className="secondary">{t('web.myDossiers.signatureUnreadable')}</p>;
  if (signatures.length === 0) return <p className="secondary">{t('web.myDossiers.notSigned')}</p>;
  return (
    <ul className="signatures">
      {signatures.map((s) => {
        const name = s.signer?.commonName ?? s.signer?.distinguishedName ?? '?';
        const verdict =
          s.status === 'valid'
            ? t('web.myDossiers.signatureValid')
            : s.status === 'invalid'
              ? t('web.myDossiers.signatureInvalid')
              : t('web.myDossiers.signatureUnknown');
        return (
          <li key={s.index}>
            <span className={s.status === 'valid' ? 'tag' : 'tag tag--red'}>
              {t('web.myDossiers.signedBy', { name })}
            </span>{' '}
            {verdict}
          </li>
        );
      })}
    </ul>
  );
}
