import type { TFee } from '../../modules/procedures/procedures.schema.ts';
import { useLanguage, useT, useTx } from '../lib/i18n.ts';
import { amountText } from '../lib/procedure-facts.ts';

/**
 * A procedure version's fees and charges in integer VND, as the public procedure page and the administration's
 * version page both show them; a line saying there are none when the list is empty.
 */
export function ProcedureFeeTable({ fees, caption }: { fees: readonly TFee[]; caption: string }) {
  const t = useT();
  const tx = useTx();
  const language = useLanguage();
  if (fees.length === 0) {
    return <p>{t('web.procedure.noFees')}</p>;
  }
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('web.procedure.feeName')}</th>
            <th scope="col">{t('web.procedure.feeKind')}</th>
            <th scope="col" className="numeric">
              {t('web.procedure.amount')}
            </th>
          </tr>
        </thead>
        <tbody>
          {fees.map((f) => (
            <tr key={f.code}>
              <td>{f.name}</td>
              <td>{tx(`web.procedure.feeKinds.${f.kind}`)}</td>
              <td className="numeric">{amountText(language, f.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
