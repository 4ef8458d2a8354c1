import { dossierRegisterWorkbook } from './dossier-register.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Clock } from '../../platform/clock.ts';
import { requireStaff } from '../../platform/http/guards.ts';
import { listMyDeadlineAlerts } from './deadline-alerts.ts';
import {
  DeadlineAlertPage,
  DeadlineAlertQuery,
  TimelinessQuery,
  TimelinessReport,
} from './dossier-deadlines.schema.ts';
import { timelinessReport } from './timeliness.ts';
import { timelinessWorkbook } from './timeliness-xlsx.ts';

const tags = ['dossiers'];

/** Deadlines in motion: an officer's alerts, and a unit's on-time figures. */
export const dossierDeadlineRoutes: FastifyPluginAsyncZod<{ clock: () => Clock }> = async (app, { clock }) => {
  app.get(
    '/me/deadline-alerts',
    {
      schema: {
        tags,
        summary: 'Deadline alerts raised for me (due soon, overdue, escalated), newest first',
        querystring: DeadlineAlertQuery,
        response: { 200: DeadlineAlertPage },
      },
    },
    async (request) => {
      const actor = requireStaff(request);
      return listMyDeadlineAlerts({ ...request.serviceContext(), actor }, request.query);
    },
  );

  app.get(
    '/reports/dossier-timeliness',
    {
      schema: {
        tags,
        summary: 'Dossiers of a unit and its sub-units: received, finished early / on time / late, overdue',
        querystring: TimelinessQuery,
        response: { 200: TimelinessReport },
      },
    },
    async (request) => {
      requireStaff(request);
      return timelinessReport(request.serviceContext(), clock(), request.query);
    },
  );

  app.get(
    '/reports/dossier-timeliness.xlsx',
    {
      schema: {
        tags,
        summary: 'The same timeliness report as an Excel workbook (the figures the page shows)',
        querystring: TimelinessQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (request, reply) => {
      requireStaff(request);
      const report = await timelinessReport(request.serviceContext(), clock(), request.query);
      const file = await timelinessWorkbook(report, request.language);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="tien-do-giai-quyet-${report.from}-${report.to}.xlsx"`)
        .header('cache-control', 'private, no-store')
        .send(file);
    },
  );

  app.get(
    '/reports/dossier-register.xlsx',
    {
      schema: {
        tags,
        summary: 'The dossier register (Sổ theo dõi hồ sơ, Mẫu 06) of a unit and its sub-units for a period, as Excel',
        querystring: TimelinessQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (request, reply) => {
      requireStaff(request);
      const { file, from, to } = await dossierRegisterWorkbook(request.serviceContext(), clock(), request.query);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="so-theo-doi-ho-so-${from}-${to}.xlsx"`)
        .header('cache-control', 'private, no-store')
        .send(file);
    },
  );
};
