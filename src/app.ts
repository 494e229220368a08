import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Deps } from './deps.ts';
import { createServices, type Services } from './services.ts';
import { apiOperations } from './operations.ts';
import { apiRoutes, tokenRoutes } from './modules/api/index.ts';
import { adminRoutes } from './modules/admin/index.ts';
import { auditRoutes } from './modules/audit/index.ts';
import { authRoutes, signedIn } from './modules/auth/index.ts';
import { frameworkRoutes } from './modules/framework/index.ts';
import { homeRoutes } from './modules/home/index.ts';
import { trustRoutes } from './modules/trusts/index.ts';
import { peopleRoutes } from './modules/people/index.ts';
import { roundRoutes } from './modules/rounds/index.ts';
import { questionnaireRoutes } from './modules/questionnaires/index.ts';
import { answeringRoutes } from './modules/answering/index.ts';
import { workshopRoutes } from './modules/workshops/index.ts';
import { translationRoutes } from './modules/translations/index.ts';
import { responseRoutes } from './modules/responses/index.ts';
import { analysisRoutes } from './modules/analysis/index.ts';
import {
  actionExportRoutes,
  actionImportRoutes,
  actionPageRoutes,
  actionsProgress,
  focusAreaRoutes,
  reminderRoutes,
} from './modules/actions/index.ts';
import { csrfPlugin } from './web/csrf.ts';
import { inputGuard, inputGuardServerOptions } from './web/input-guard.ts';
import { registerErrorHandling } from './web/error-handler.ts';
import { healthRoutes } from './web/health.ts';
import { loggerOptions } from './web/logging.ts';
import { sessionPlugin } from './web/session.ts';
import { govukDist, viewsPlugin } from './web/views.ts';
import { XLSX_CONTENT_TYPE } from './web/xlsx.ts';

export const UPLOAD_LIMIT = 10 * 1024 * 1024;

const staticDir = join(fileURLToPath(new URL('.', import.meta.url)), 'web', 'static');

/** The request pipeline, one line per concern. The app closes its services when it closes. */
export async function createApp(
  deps: Deps,
  services: Services = createServices(deps),
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(deps.config.logLevel, deps.logStream),
    trustProxy: deps.config.env === 'production',
    bodyLimit: 1024 * 1024,
    // Long links or codes pasted with extra text reach the route (and its 404 page).
    routerOptions: { maxParamLength: 1000 },
    ...inputGuardServerOptions(deps.inputGuard !== false),
  });
  app.addHook('onClose', () => services.close());
  await requestHandling(app, deps);
  await staticFiles(app);
  await app.register(sessionPlugin, {
    db: deps.db,
    secureCookies: deps.config.secureCookies,
    signedIn,
  });
  await app.register(csrfPlugin, {
    secret: deps.config.sessionSecret,
    secureCookies: deps.config.secureCookies,
  });
  await app.register(viewsPlugin);
  registerErrorHandling(app);
  await routes(app, deps, services);
  return app;
}

/** Security headers, cookies, and the bodies a request may have. */
async function requestHandling(app: FastifyInstance, deps: Deps) {
  await app.register(helmet, securityHeaders());
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  // File uploads (imports) up to 10 MB, read by the route with request.file().
  await app.register(multipart, { limits: { fileSize: UPLOAD_LIMIT, files: 1, fields: 10 } });
  // Hostile bytes (NUL, broken UTF-8, absurd lengths) are refused before any route runs.
  await app.register(inputGuard, { enabled: deps.inputGuard !== false });
  // CSV bodies for the API's import endpoints.
  app.addContentTypeParser(
    ['text/csv', 'text/plain'],
    { parseAs: 'string', bodyLimit: UPLOAD_LIMIT },
    (_request, body, done) => {
      done(null, body);
    },
  );
  // Excel workbooks (.xlsx) for the API's uploads, as bytes.
  if (!app.hasContentTypeParser(XLSX_CONTENT_TYPE))
    app.addContentTypeParser(
      XLSX_CONTENT_TYPE,
      { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT },
      (_request, body, done) => {
        done(null, body);
      },
    );
}

async function staticFiles(app: FastifyInstance) {
  const govukDir = join(govukDist, 'govuk');
  await app.register(fastifyStatic, {
    root: [join(govukDir, 'assets'), govukDir],
    prefix: '/assets/',
    // From the package folder itself only the compiled stylesheet and script are served.
    allowedPath: (path, root) =>
      root !== govukDir || path === '/govuk-frontend.min.css' || path === '/govuk-frontend.min.js',
    maxAge: '1d',
  });
  await app.register(fastifyStatic, {
    root: staticDir,
    prefix: '/assets/ocw/',
    decorateReply: false,
    maxAge: '1h',
  });
}

/** Each module's routes, given the services they use. */
async function routes(app: FastifyInstance, deps: Deps, services: Services) {
  await app.register(healthRoutes, { db: deps.db });

  await app.register(authRoutes, {
    db: deps.db,
    mailer: deps.mailer,
    baseUrl: deps.config.baseUrl,
  });
  await app.register(homeRoutes, { db: deps.db, analysis: services.analysis });
  await app.register(frameworkRoutes, { db: deps.db, versions: services.versions });
  await app.register(trustRoutes, { db: deps.db });
  await app.register(translationRoutes, { db: deps.db, translations: services.translations });
  await app.register(peopleRoutes, {
    db: deps.db,
    mailer: deps.mailer,
    baseUrl: deps.config.baseUrl,
  });
  await app.register(auditRoutes, { db: deps.db });
  await app.register(tokenRoutes, { db: deps.db });
  await app.register(adminRoutes, {
    db: deps.db,
    mailer: deps.mailer,
    baseUrl: deps.config.baseUrl,
  });
  await app.register(roundRoutes, {
    db: deps.db,
    release: services.analysis.release,
    actionsProgress,
  });
  await app.register(questionnaireRoutes, {
    db: deps.db,
    config: deps.config,
    mailer: deps.mailer,
    jobs: deps.jobs,
    charts: services.charts,
  });
  await app.register(answeringRoutes, { answering: services.answering });
  await app.register(workshopRoutes, { db: deps.db });
  await app.register(responseRoutes, { db: deps.db, imports: services.responseImports });
  await app.register(analysisRoutes, {
    db: deps.db,
    analysis: services.analysis,
    charts: services.charts,
  });
  await app.register(reminderRoutes, { db: deps.db, sessionSecret: deps.config.sessionSecret });
  await app.register(actionPageRoutes, { db: deps.db });
  await app.register(actionExportRoutes, { db: deps.db });
  await app.register(focusAreaRoutes, { db: deps.db, analysis: services.analysis });
  await app.register(actionImportRoutes, { db: deps.db });
  await app.register(apiRoutes, {
    db: deps.db,
    baseUrl: deps.config.baseUrl,
    rateLimit: deps.config.apiRateLimit,
    operations: apiOperations({ ...deps, ...services }),
  });
}

function securityHeaders() {
  return {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' as const },
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
  };
}
