import type { TDossierDetail } from '../../modules/dossiers/dossiers.schema.ts';
import { useT } from '../lib/i18n.ts';

type DossierFile = TDossierDetail['files'][number];

/**
 * A dossier file shown in place, closed until opened (a <details>, so it opens by keyboard and without
 * JavaScript): a PDF in a frame, an image as an image, both from the file route with `inline=true` (the route
 * serves only sniffed PDFs and images inline, with nosniff, framed by our own pages only). The download link
 * stays beside it as the fallback when the browser cannot show the file. The frame loads lazily, so a closed
 * preview costs nothing.
 */
export function FilePreview({ dossierId, file }: { dossierId: string; file: DossierFile }) {
  const t = useT();
  const href = `/api/v1/dossiers/${dossierId}/files/${file.id}`;
  const inline = `${href}?inline=true`;
  const isPdf = file.contentType === 'application/pdf';
  const isImage = file.contentType === 'image/png' || file.contentType === 'image/jpeg';
  if (!isPdf && !isImage) {
    return null;
  }
  const label = t('web.desk.preview', { name: file.filename });
  return (
    <details className="file-preview">
      <summary>{label}</summary>
      {isPdf ? (
        <iframe className="file-preview__frame" src={inline} title={label} loading="lazy" />
      ) : (
        <img className="file-preview__image" src={inline} alt={label} loading="lazy" />
      )}
      <p>
        <a href={href} type={file.contentType}>
          {t('web.desk.previewFallback', { name: file.filename })}
        </a>
      </p>
    </details>
  );
}
