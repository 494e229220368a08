import { createApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { ensureDemo } from './demo/seed.ts';
import { createMailer } from './mail.ts';
import { purgeExpired } from './modules/people/repository.ts';
import { openAndPrepare } from './startup.ts';

async function main() {
  const config = loadConfig();
  const db = await openAndPrepare(config);
  const mailer = createMailer(config, {
    info: (obj, msg) => console.log(msg, JSON.stringify(obj)),
  });
  const app = await createApp({ config, db, mailer });
  const demo = config.env === 'production' ? undefined : await ensureDemo(db, config);

  const purge = () => db.asSystem(purgeExpired).catch((error: unknown) => app.log.error(error));
  await purge();
  setInterval(() => void purge(), 3600_000).unref();

  const shutdown = async () => {
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());

  await app.listen({ port: config.port, host: config.host });
  const where = config.databaseUrl === undefined ? `PGlite in ${config.dataDir}` : 'PostgreSQL';
  console.log(`\nOne Children's Workforce is running at ${config.baseUrl} (database: ${where})`);
  if (demo !== undefined) {
    console.log(
      `\nDemo trust "${demo.trustName}". Sign in at ${config.baseUrl}/sign-in as any of:`,
    );
    for (const email of demo.emails) console.log(`  ${email}`);
    console.log(`with the password: ${demo.password}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
