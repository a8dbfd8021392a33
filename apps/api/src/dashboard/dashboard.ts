import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';

/**
 * The dashboard's Content-Security-Policy: its own scripts and styles only (no inline script or
 * style element), and it talks to its own origin only (the API and the change stream).
 */
export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The chart library's files, served from node_modules (uplot is a runtime dependency). */
const VENDOR_PREFIX = '/vendor/uplot/';
const VENDOR_FILES = new Set(['/uPlot.iife.min.js', '/uPlot.min.css']);

/**
 * Where the page's files are: `public/` beside this module (the build copies it there, see the
 * api project's "assets" in nest-cli.json; under Jest this module runs from its source folder), else
 * the source folder seen from dist/ (a build made without the assets step).
 */
export function dashboardRoot(): string {
  const candidates = [path.join(import.meta.dirname, 'public'), path.resolve(import.meta.dirname, '../../../../../apps/api/src/dashboard/public')];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'index.html')));
  if (!found) throw new Error(`the dashboard's files are missing: looked for index.html in ${candidates.join(' and ')}`);
  return found;
}

const headers = (reply: FastifyReply) => {
  // Small files, not fingerprinted: always revalidated (ETag / Last-Modified answer 304).
  void reply.header('cache-control', 'no-cache');
  void reply.header('content-security-policy', DASHBOARD_CSP);
};

/**
 * Serves the dashboard at `/` (and its files beside it: `/app.js`, `/styles.css`, …) and uPlot under
 * `/vendor/uplot/`, without a token. One route per file found at start-up (no wildcard), so nothing
 * here can shadow `/api/v1/*`, `/health/*`, `/metrics` or `/docs*`, and unknown paths keep the API's 404.
 */
export async function registerDashboard(app: NestFastifyApplication): Promise<void> {
  const uplot = path.dirname(createRequire(import.meta.url).resolve('uplot/dist/uPlot.iife.min.js'));
  const common = { wildcard: false, decorateReply: false, dotfiles: 'ignore', cacheControl: false, setHeaders: headers } as const;
  await app.register(fastifyStatic, { ...common, root: dashboardRoot(), prefix: '/', index: 'index.html' });
  await app.register(fastifyStatic, { ...common, root: uplot, prefix: VENDOR_PREFIX, index: false, allowedPath: (pathName: string) => VENDOR_FILES.has(pathName) });
}
