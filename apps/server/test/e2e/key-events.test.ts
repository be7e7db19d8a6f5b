import { expect } from 'chai';

import { CaptureHandler, CreateSubspaceHandler, RecordSignalHandler, SystemConfigCache } from '@proj/application';
import {
  createDatabase,
  ensureEmbeddingDimension,
  KyselyArtifactRepository,
  KyselyAssignmentMarginService,
  KyselySubspaceRepository,
  KyselySystemConfigSource,
  SystemClock,
  UuidV7Generator,
} from '@proj/infra';

import { captureLogs, type LogLine } from '../support/log-capture.js';
import { testAppForSuite } from '../support/test-app-for-suite.js';

const USERS = '/v1/accounts/users';
const EMAIL = 'ada.lovelace.events@example.com';
const NAME = 'Ada Lovelace Events';
const RENAMED = 'Ada King Events';
const URL_WITH_QUERY = 'https://example.com/private/reading?token=s3cr3t-query&who=ada';
const TITLE = 'A private title';

describe('key events in the real log output, with ids and codes only', function () {
  this.timeout(60_000);
  const logs = captureLogs();
  const t = testAppForSuite({}, { logger: logs.logger, requestScope: logs.requestScope });
  let lines: LogLine[];
  let userId: string;

  before(async () => {
    // Accounts, through HTTP.
    const body = { email: EMAIL, full_name: NAME };
    const created = await t.api.post(USERS).set('X-Request-Id', 'register-1').set('Idempotency-Key', 'events-key').send(body).expect(201);
    userId = created.body.id as string;
    await t.api.post(USERS).set('X-Request-Id', 'replay-1').set('Idempotency-Key', 'events-key').send(body).expect(201);
    await t.api.patch(`${USERS}/${userId}`).set('X-Request-Id', 'update-1').send({ full_name: RENAMED }).expect(200);
    await t.api.patch(`${USERS}/${userId}`).set('X-Request-Id', 'update-2').send({ full_name: RENAMED }).expect(200);

    // Capture, through its handlers over the real adapters (its routes are mounted elsewhere).
    const db = createDatabase({ url: t.database.url, poolMax: 2, statementTimeoutMs: 5_000, connectTimeoutMs: 5_000, logger: logs.logger });
    try {
      await ensureEmbeddingDimension(db, 3);
      const clock = new SystemClock();
      const ids = new UuidV7Generator();
      const config = new SystemConfigCache({ source: new KyselySystemConfigSource(db), clock, logger: logs.logger, ttlMs: 60_000 });
      await config.refresh();
      const deps = { ids, clock, logger: logs.logger };
      const artifacts = new KyselyArtifactRepository(db);
      const capture = new CaptureHandler({
        ...deps,
        artifacts,
        assignment: new KyselyAssignmentMarginService(db),
        config,
        embeddingDimension: 3,
      });
      const subspaces = new CreateSubspaceHandler({ ...deps, subspaces: new KyselySubspaceRepository(db), embeddingDimension: 3 });
      await subspaces.execute({ userId, name: 'Private subspace name', centroid: [1, 0, 0] });
      await subspaces.execute({ userId, name: 'Another subspace', centroid: [0, 1, 0] });
      const first = await capture.execute({ userId, url: URL_WITH_QUERY, title: TITLE, embedding: [1, 0, 0], readingDepth: 0.2 });
      await capture.execute({ userId, url: `${URL_WITH_QUERY}&again`, embedding: [0.7, 0.7, 0], readingDepth: 0.2 });
      await new RecordSignalHandler({ ...deps, artifacts }).execute({ artifactId: first.artifact.id, readingDepth: 1 });
    } finally {
      await db.destroy();
    }

    lines = await logs.lines();
  });

  const events = (message: string): LogLine[] => lines.filter((line) => line['message'] === message);

  it('logs each account outcome once, at info, in the request that caused it', () => {
    expect(events('user registered').map((line) => [line['level'], line['request_id'], line['user_id']])).to.deep.equal([
      ['info', 'register-1', userId],
    ]);
    expect(events('idempotent replay').map((line) => [line['request_id'], line['operation'], line['status']])).to.deep.equal([
      ['replay-1', 'POST /v1/accounts/users', 201],
    ]);
    expect(events('user updated').map((line) => [line['request_id'], line['user_id'], line['fields']])).to.deep.equal([
      ['update-1', userId, ['full_name']],
    ]);
    expect(events('user unchanged').map((line) => line['request_id'])).to.deep.equal(['update-2']);
  });

  it('logs the capture outcomes: captured, subspace assigned or ambiguous, level raised', () => {
    expect(events('artifact captured')).to.have.length(2);
    expect(events('subspace assigned')).to.have.length(1);
    expect(events('subspace ambiguous')).to.have.length(1);
    expect(events('level raised').map((line) => [line['from'], line['to']])).to.deep.equal([['skimmed', 'studied']]);
    for (const line of [...events('artifact captured'), ...events('level raised'), ...events('subspace assigned')]) {
      expect(line['level']).to.equal('info');
    }
  });

  it('never writes an e-mail address, a name, a title or a URL with its query', () => {
    const text = lines.map((line) => JSON.stringify(line)).join('\n');
    for (const secret of [
      EMAIL,
      'ada.lovelace.events',
      NAME,
      RENAMED,
      TITLE,
      'Private subspace name',
      's3cr3t-query',
      'example.com/private',
    ]) {
      expect(text, secret).not.to.include(secret);
    }
  });
});
