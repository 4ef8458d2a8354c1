import { z } from 'zod';
import { TEMPLATE_FILE_NAME, TEMPLATE_TYPES } from './template-files.ts';

export const TemplateParams = z.object({
  id: z.uuid(),
  fileName: z.string().regex(TEMPLATE_FILE_NAME, 'a lower-case name ending in .pdf, .docx or .odt'),
});
export const ProcedureParams = z.object({ id: z.uuid() });

export const Template = z
  .object({
    fileName: z.string().describe('The name the components use (templateFile)'),
    contentType: z.enum(Object.values(TEMPLATE_TYPES) as [string, ...string[]]).describe('Read from the bytes'),
    size: z.number().int().describe('Bytes'),
    sha256: z.string().describe('SHA-256 of the file, hex'),
    uploadedAt: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'ProcedureTemplate' });
export type TTemplate = z.infer<typeof Template>;

export const TemplateList = z.object({ items: z.array(Template) }).meta({ id: 'ProcedureTemplateList' });
