import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type Database, inTransaction } from '../../platform/db/database.ts';
import { requireStaff } from '../../platform/http/guards.ts';
import { runIdempotent } from '../../platform/http/idempotency.ts';
import { FILE_ROUTE_BODY_LIMIT } from '../dossiers/files.ts';
import { getRecord } from './record-engine.ts';
import { listRecords, openRecord, openRecordItemFile, performRecordAction } from './records.service.ts';
import { getTask, listTasks } from './task-engine.ts';
import {
  IdParams,
  ItemParams,
  RecordActionBody,
  RecordCreateBody,
  RecordDetail,
  RecordPage,
  RecordQuery,
  TaskActionBody,
  TaskCreateBody,
  TaskDetail,
  TaskFromIncomingBody,
  TaskPage,
  TaskQuery,
} from './tasks.schema.ts';
import { createTask, createTaskFromIncoming, performTaskAction } from './tasks.service.ts';
import type { WorkDeps } from './work.deps.ts';

/** REST routes of work records (/records) and tasks (/tasks). Thin: staff check, schema, one service call. */
export const taskRoutes: FastifyPluginAsyncZod<{ database: Database; deps: WorkDeps }> = async (
  app,
  { database, deps },
) => {
  const records = ['records'];
  const tasks = ['tasks'];

  app.post(
    '/records',
    {
      schema: {
        tags: records,
        summary: 'Open a work record (hồ sơ công việc) kept by the caller; honours Idempotency-Key',
        body: RecordCreateBody,
        response: { 201: RecordDetail },
      },
    },
    async (request, reply) => {
      requireStaff(request);
      const result = await runIdempotent(request, database, 201, (ctx) => openRecord(ctx, deps, request.body));
      return reply.status(result.status).send(result.body);
    },
  );

  app.get(
    '/records',
    {
      schema: {
        tags: records,
        summary: 'Work records the caller may see, newest first (search ignores accents and case)',
        querystring: RecordQuery,
        response: { 200: RecordPage },
      },
    },
    async (request) => {
      requireStaff(request);
      return listRecords(request.serviceContext(), request.query);
    },
  );

  app.get(
    '/records/:id',
    {
      schema: {
        tags: records,
        summary: 'One work record with its items in order, history and the actions the caller may take',
        params: IdParams,
        response: { 200: RecordDetail },
      },
    },
    async (request) => {
      requireStaff(request);
      return getRecord(request.serviceContext(), request.params.id);
    },
  );

  app.post(
    '/records/:id/actions',
    {
      bodyLimit: FILE_ROUTE_BODY_LIMIT,
      schema: {
        tags: records,
        summary: 'File an item into a work record, close, reopen or hand it over to the archive',
        params: IdParams,
        body: RecordActionBody,
        response: { 200: RecordDetail },
      },
    },
    async (request) => {
      requireStaff(request);
      return performRecordAction(request.serviceContext(), deps, request.params.id, request.body);
    },
  );

  app.get(
    '/records/:id/items/:itemId/file',
    {
      schema: {
        tags: records,
        summary: 'Download the attachment of a note filed in a work record',
        params: ItemParams,
      },
    },
    async (request, reply) => {
      requireStaff(request);
      const { file, stream } = await openRecordItemFile(
        request.serviceContext(),
        deps,
        request.params.id,
        request.params.itemId,
      );
      return reply
        .header('content-type', file.content_type)
        .header('content-length', String(file.size))
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
        .send(stream);
    },
  );

  app.post(
    '/tasks',
    {
      schema: {
        tags: tasks,
        summary: 'Give a task to an officer (leaders); honours Idempotency-Key',
        body: TaskCreateBody,
        response: { 201: TaskDetail },
      },
    },
    async (request, reply) => {
      requireStaff(request);
      const result = await runIdempotent(request, database, 201, (ctx) => createTask(ctx, deps, request.body));
      return reply.status(result.status).send(result.body);
    },
  );

  app.post(
    '/documents/incoming/:id/tasks',
    {
      schema: {
        tags: tasks,
        summary:
          'Make a task of an incoming document’s handling (lead handler and deadline by default); honours Idempotency-Key',
        params: IdParams,
        body: TaskFromIncomingBody,
        response: { 201: TaskDetail },
      },
    },
    async (request, reply) => {
      requireStaff(request);
      const result = await runIdempotent(request, database, 201, async (ctx) => {
        const taskId = await inTransaction(ctx.db, (trx) =>
          createTaskFromIncoming(trx, ctx, deps, request.params.id, request.body),
        );
        return getTask(ctx, deps, taskId);
      });
      return reply.status(result.status).send(result.body);
    },
  );

  app.get(
    '/tasks',
    {
      schema: {
        tags: tasks,
        summary: 'Tasks: mine, given by me, my units’, or overdue; by deadline (search ignores accents and case)',
        querystring: TaskQuery,
        response: { 200: TaskPage },
      },
    },
    async (request) => {
      requireStaff(request);
      return listTasks(request.serviceContext(), deps, request.query);
    },
  );

  app.get(
    '/tasks/:id',
    {
      schema: {
        tags: tasks,
        summary: 'One task with coordinators, progress history and the actions the caller may take',
        params: IdParams,
        response: { 200: TaskDetail },
      },
    },
    async (request) => {
      requireStaff(request);
      return getTask(request.serviceContext(), deps, request.params.id);
    },
  );

  app.post(
    '/tasks/:id/actions',
    {
      schema: {
        tags: tasks,
        summary: 'Start a task, report progress, complete, cancel, or link it to a work record',
        params: IdParams,
        body: TaskActionBody,
        response: { 200: TaskDetail },
      },
    },
    async (request) => {
      requireStaff(request);
      return performTaskAction(request.serviceContext(), deps, request.params.id, request.body);
    },
  );
};
