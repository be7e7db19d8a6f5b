import { expect } from 'chai';
import fc from 'fast-check';
import { sql, type Kysely, type Migration } from 'kysely';

import { CaptureArtifactCommand, RecordSignalCommand } from '@proj/application';
import { SequentialIdGenerator } from '@proj/application/testing';
import { Assignment } from '@proj/domain';

import { ensureEmbeddingDimension, KyselyArtifactRepository, migrateToLatest, migrations } from '../../../../src/index.js';
import { useMigratedDatabase } from '../../../support/postgres.js';

const USER = '30000000-0000-4000-8000-000000000001';
const DIMENSION = 3;
const T0 = new Date('2026-06-01T00:00:00.000Z');

/** A row of capture_assign. */
interface AssignRow {
  readonly subspace_id: string | null;
  readonly status: string;
  readonly similarity: number | null;
  readonly margin: number | null;
}

describe('capture database functions', () => {
  const under = useMigratedDatabase();
  let artifacts: KyselyArtifactRepository;
  const ids = new SequentialIdGenerator();
  let urls = 0;

  before(async () => {
    await ensureEmbeddingDimension(under.db, DIMENSION);
    await under.database.query(`insert into users (id, email, full_name) values ('${USER}', 'fn@example.com', 'Fn')`);
    artifacts = new KyselyArtifactRepository(under.db);
  });

  async function newArtifact(readingDepth: number): Promise<string> {
    urls += 1;
    const command = CaptureArtifactCommand.create(
      { userId: USER, url: `https://fn.example/${urls}`, embedding: [1, 2, 3], readingDepth },
      DIMENSION,
    );
    const outcome = await artifacts.ingestWithSignal(command, {
      artifactId: ids.next(),
      signalId: ids.next(),
      at: T0,
      assignment: Assignment.NO_SUBSPACES,
    });
    return outcome.artifact.id.value;
  }

  const signal = (artifactId: string, readingDepth: number) =>
    artifacts.recordSignal(RecordSignalCommand.create({ artifactId, readingDepth }), { signalId: ids.next(), at: T0 });

  async function levelOf(artifactId: string): Promise<string | undefined> {
    const [row] = await under.database.query<{ engagement_level: string }>('select engagement_level from artifacts where id = $1', [
      artifactId,
    ]);
    return row?.engagement_level;
  }

  const levelFor = (depth: number): string => (depth >= 1 ? 'studied' : depth >= 0.5 ? 'read' : depth >= 0.1 ? 'skimmed' : 'glanced');

  it('keeps the higher level when a lower signal comes after a higher one', async () => {
    const id = await newArtifact(1.2);
    const outcome = await signal(id, 0.05);
    expect(outcome?.signal.levelAfter.name).to.equal('studied');
    expect(await levelOf(id)).to.equal('studied');
    const [lower] = await under.database.query<{ level: string }>('select capture_engagement_level(0.05) as level');
    expect(lower?.level, "the signal's own level is lower").to.equal('glanced');
  });

  it('ends at the maximum of ten concurrent signals on one artifact', async () => {
    const id = await newArtifact(0);
    const depths = [0.2, 1.3, 0.05, 0.7, 0.3, 0.9, 0.15, 0.6, 0.01, 0.45];
    await Promise.all(depths.map((depth) => signal(id, depth)));
    expect(await levelOf(id)).to.equal('studied');
    const [row] = await under.database.query<{ signal_count: number; max_reading_depth: number }>(
      'select signal_count, max_reading_depth from artifacts where id = $1',
      [id],
    );
    expect(row).to.deep.equal({ signal_count: 11, max_reading_depth: 1.3 });
  });

  it('ends at the same level whatever order a set of signals is replayed in (property)', async function () {
    this.timeout(120_000);
    await fc.assert(
      fc.asyncProperty(
        fc
          .array(fc.double({ min: 0, max: 1.5, noNaN: true }), { minLength: 1, maxLength: 6 })
          .chain((depths) =>
            fc.tuple(fc.constant(depths), fc.shuffledSubarray(depths, { minLength: depths.length, maxLength: depths.length })),
          ),
        async ([depths, permutation]) => {
          const [first, ...rest] = depths;
          const [firstP, ...restP] = permutation;
          const a = await newArtifact(first ?? 0);
          for (const depth of rest) await signal(a, depth);
          const b = await newArtifact(firstP ?? 0);
          await Promise.all(restP.map((depth) => signal(b, depth)));
          const expected = levelFor(Math.max(...depths));
          expect(await levelOf(a)).to.equal(expected);
          expect(await levelOf(b)).to.equal(expected);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('follows a migration that only replaces the level function, for new signals, with no application change', async () => {
    const before = await newArtifact(0.3);
    expect(await levelOf(before)).to.equal('skimmed');
    const stricter: Migration = {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      async up(db: Kysely<any>) {
        await sql`
          create or replace function capture_engagement_level(p_reading_depth double precision) returns engagement_level
          language sql stable as $$
            select case when p_reading_depth >= 1.2 then 'studied' when p_reading_depth >= 0.25 then 'read' else 'glanced' end::engagement_level
          $$`.execute(db);
      },
    };
    await migrateToLatest(under.db, { migrations: { ...migrations, '29990101000000_stricter_levels': stricter } });
    try {
      const after = await newArtifact(0.3);
      expect(await levelOf(after), 'the new function').to.equal('read');
      expect(await levelOf(before), 'what was stored stays').to.equal('skimmed');
      expect((await signal(before, 0.3))?.artifact.engagementLevel.name, 'a new signal of an old artifact uses it too').to.equal('read');
    } finally {
      await sql`delete from schema_migrations where name = '29990101000000_stricter_levels'`.execute(under.db).catch(() => undefined);
      await sql`
        create or replace function capture_engagement_level(p_reading_depth double precision) returns engagement_level
        language sql stable as $$
          select coalesce(
            (select level from engagement_thresholds where min_reading_depth <= p_reading_depth order by min_reading_depth desc limit 1),
            'glanced'::engagement_level)
        $$`.execute(under.db);
    }
  });

  it('follows thresholds changed in the database for new signals', async () => {
    await under.database.query(`update engagement_thresholds set min_reading_depth = 0.35 where level = 'skimmed'`);
    try {
      expect(await levelOf(await newArtifact(0.3))).to.equal('glanced');
    } finally {
      await under.database.query(`update engagement_thresholds set min_reading_depth = 0.1 where level = 'skimmed'`);
    }
  });

  it('leaves no artifact and no signal when something fails inside the function', async () => {
    await under.database.query(`
      create function fail_on_marked_signal() returns trigger language plpgsql as $$
      begin
        if new.reading_depth = 0.777 then raise exception 'injected failure'; end if;
        return new;
      end $$;
      create trigger fail_on_marked_signal before insert on signals for each row execute function fail_on_marked_signal();`);
    try {
      const artifactId = ids.next();
      const command = CaptureArtifactCommand.create(
        { userId: USER, url: 'https://fn.example/failing', embedding: [1, 2, 3], readingDepth: 0.777 },
        DIMENSION,
      );
      await expect(
        artifacts.ingestWithSignal(command, { artifactId, signalId: ids.next(), at: T0, assignment: Assignment.NO_SUBSPACES }),
      ).to.be.rejectedWith(/injected failure/);
      expect(
        await under.database.query(`select 1 from artifacts where url = 'https://fn.example/failing' or id = $1`, [artifactId]),
      ).to.deep.equal([]);
      expect(await under.database.query(`select 1 from signals where reading_depth = 0.777`)).to.deep.equal([]);

      const known = await newArtifact(0.2);
      await expect(signal(known, 0.777)).to.be.rejectedWith(/injected failure/);
      const [row] = await under.database.query<{ signal_count: number; engagement_level: string }>(
        'select signal_count, engagement_level from artifacts where id = $1',
        [known],
      );
      expect(row, 'the level raise of a failed signal is undone too').to.deep.equal({ signal_count: 1, engagement_level: 'skimmed' });
    } finally {
      await under.database.query('drop trigger fail_on_marked_signal on signals; drop function fail_on_marked_signal()');
    }
  });

  it('assigns as the two-query capture_assign did: the same subspace, status, similarity and margin, ties included', async function () {
    this.timeout(60_000);
    const vector = fc
      .array(fc.integer({ min: -2, max: 2 }), { minLength: DIMENSION, maxLength: DIMENSION })
      .filter((values) => values.some((value) => value !== 0));
    const cases = fc.sample(
      fc.record({
        // Few small integer directions: equal and opposite centroids, so ties and exact margins, are common.
        centroids: fc.array(vector, { maxLength: 5 }),
        embedding: vector,
        minMargin: fc.constantFrom(0, 0.05, 0.5),
        minSimilarity: fc.constantFrom(-1, 0, 0.9),
      }),
      { numRuns: 80, seed: 20261203 },
    );
    const users = cases.map((_, i) => `31000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    for (const [i, { centroids }] of cases.entries()) {
      await under.database.query(`insert into users (id, email, full_name) values ($1, $2, 'Assign')`, [
        users[i],
        `assign-${i}@example.com`,
      ]);
      for (const [j, centroid] of centroids.entries()) {
        await under.database.query(
          `insert into subspaces (id, user_id, name, centroid, created_at) values (gen_random_uuid(), $1, $2, $3, now())`,
          [users[i], `S${j}`, `{${centroid.join(',')}}`],
        );
      }
    }
    const answers = () =>
      Promise.all(
        cases.map((each, i) =>
          under.database.query<AssignRow>('select subspace_id, status, similarity, margin from capture_assign($1, $2, $3, $4)', [
            users[i],
            `{${each.embedding.join(',')}}`,
            each.minMargin,
            each.minSimilarity,
          ]),
        ),
      );
    const inOnePass = await answers();
    expect(inOnePass.map(([row]) => row?.status)).to.include.members(['assigned', 'ambiguous', 'no_subspaces']);
    const onePass = migrations['20261203000200_capture_assign_in_one_pass'];
    if (onePass === undefined) throw new Error('the migration is gone');
    await onePass.down?.(under.db);
    try {
      expect(inOnePass).to.deep.equal(await answers());
    } finally {
      await onePass.up(under.db);
    }
  });

  it('refuses an embedding of another dimension than the database’s, whatever the caller checked', async () => {
    const command = CaptureArtifactCommand.create(
      { userId: USER, url: 'https://fn.example/wide', embedding: [1, 2, 3, 4], readingDepth: 0.5 },
      4,
    );
    await expect(
      artifacts.ingestWithSignal(command, { artifactId: ids.next(), signalId: ids.next(), at: T0, assignment: Assignment.NO_SUBSPACES }),
    ).to.be.rejected.and.eventually.deep.include({
      code: 'INVALID_EMBEDDING',
      issues: [{ path: 'embedding', message: 'must have exactly 3 numbers' }],
    });
    const huge = CaptureArtifactCommand.create(
      { userId: USER, url: 'https://fn.example/huge', embedding: [1e300, 2, 3], readingDepth: 0.5 },
      DIMENSION,
    );
    await expect(
      artifacts.ingestWithSignal(huge, { artifactId: ids.next(), signalId: ids.next(), at: T0, assignment: Assignment.NO_SUBSPACES }),
    ).to.be.rejected.and.eventually.deep.include({ code: 'INVALID_EMBEDDING' });
  });
});
