import { z } from 'zod';

// Documentation-only schemas of the API's answers (OpenAPI at /docs). Nothing validates answers with
// them at run time; apps/api/src/openapi/answer-types.ts checks at compile time that each matches the
// type its view builds, and test/api/openapi.e2e-spec.ts parses real answers with them.

/** An instant as every answer gives it: UTC, milliseconds, `Z` (`Date.toISOString()`). */
export const instantOut = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
  .meta({ format: 'date-time', example: '2019-08-22T00:00:00.000Z' });

export const countryCodeOut = z.string().regex(/^[A-Z]{2}$/).meta({ description: 'ISO 3166-1 alpha-2', example: 'JP' });

export const uuidOut = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  .meta({ format: 'uuid', example: 'eab5064f-af13-4f62-b520-3e3cdadc69ce' });

/** A global position or stream version: a whole number. */
export const positionOut = z.number().int().min(0);
