import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireStaff } from '../../platform/http/guards.ts';
import { CalendarYearBody, CalendarYearResponse, DueQuery, DueResponse, YearParams } from './calendar.schema.ts';
import type { CalendarService } from './calendar.service.ts';

/** The working-day calendar: the public deadline calculation and the yearly data. */
export const calendarRoutes: FastifyPluginAsyncZod<{ calendar: CalendarService }> = async (app, { calendar }) => {
  app.get(
    '/calendar/due',
    {
      schema: {
        tags: ['calendar'],
        summary: 'Due time of a deadline in working days (or hours) from a receipt time',
        querystring: DueQuery,
        response: { 200: DueResponse },
      },
      config: { rateLimit: { max: 600, timeWindow: '1 minute' } },
    },
    async (request) => calendar.computeDue(request.serviceContext(), request.query),
  );

  app.get(
    '/calendar/years/:year',
    { schema: { tags: ['calendar'], summary: "A year's holidays, swaps and days off", params: YearParams, response: { 200: CalendarYearResponse } } },
    async (request) => calendar.getYear(request.serviceContext(), request.params.year),
  );

  app.put(
    '/calendar/years/:year',
    {
      schema: {
        tags: ['calendar'],
        summary: "Replace a year's holidays and swapped days (provincial administrators)",
        params: YearParams,
        body: CalendarYearBody,
        response: { 200: CalendarYearResponse },
      },
    },
    async (request) => {
      requireStaff(request);
      return calendar.putYear(request.serviceContext(), request.params.year, request.body);
    },
  );
};
