import { Form } from 'react-router';
import { useT } from '../lib/i18n.ts';
import { TextField } from './form.tsx';

/**
 * The dossier-code form: a GET to /tra-cuu, which sends the reader on to /tra-cuu/<code>. A plain GET form, so it
 * works without JavaScript and every answer has its own address (the one the receipt's QR code prints).
 */
export function LookupForm({ code, missing }: { code?: string; missing?: boolean }) {
  const t = useT();
  return (
    <Form method="get" action="/tra-cuu" className="search-form" role="search" aria-label={t('web.lookup.title')}>
      <TextField
        name="ma"
        label={t('web.lookup.code')}
        hint={t('web.lookup.codeHint')}
        defaultValue={code ?? ''}
        state={missing ? { values: {}, errors: { ma: 'web.lookup.codeRequired' } } : undefined}
        autoComplete="off"
        spellCheck={false}
        width="medium"
        required
      />
      <button type="submit" className="button">
        {t('web.lookup.submit')}
      </button>
    </Form>
  );
}
