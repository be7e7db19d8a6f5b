import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

import { parser } from '@prometheus-io/lezer-promql';
import { expect } from 'chai';
import { getMetricsFromStream } from 'prom2javascript';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';

import { forSuite } from '../support/for-suite.js';
import { newUserBody } from '../support/http.js';
import { StubLegacy } from '../support/stub-legacy.js';
import { testAppForSuite } from '../support/test-app-for-suite.js';
import { sharedRedisEnv } from '../support/test-server.js';

const OPERATIONS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'docs', 'operations');
/** Series Prometheus makes itself for every scrape target, not served by /metrics. */
const SYNTHESIZED = new Map([['up', new Set(['job', 'instance'])]]);

interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: { readonly severity: string };
  readonly annotations: { readonly summary: string };
}

interface Dashboard {
  readonly uid: string;
  readonly panels: readonly {
    readonly id: number;
    readonly title: string;
    readonly datasource: { readonly uid: string };
    readonly gridPos: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
    readonly targets: readonly { readonly refId: string; readonly expr: string }[];
  }[];
  readonly templating: { readonly list: readonly { readonly name: string; readonly query: unknown }[] };
}

/** A selector of an expression: the metric and the label names it matches or groups on. */
interface Selector {
  readonly metric: string;
  readonly labels: readonly string[];
}

/** Parses a PromQL expression with Prometheus's own grammar; throws on a syntax error. */
function selectorsOf(expr: string): Selector[] {
  // Grafana's variables stand for a duration or a label value.
  const promql = expr.replaceAll('$__rate_interval', '5m').replaceAll('$__interval', '1m');
  const tree = parser.parse(promql);
  const selectors: Selector[] = [];
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) throw new Error(`syntax error at ${cursor.from} in: ${promql}`);
    if (cursor.type.name === 'VectorSelector') {
      const node = cursor.node;
      const name = node.getChild('Identifier');
      const labels: string[] = [];
      const matchers = node.getChild('LabelMatchers');
      const inner = matchers?.cursor();
      if (inner) {
        do {
          if (inner.type.name === 'LabelName') labels.push(promql.slice(inner.from, inner.to));
        } while (inner.next() && inner.from < (matchers?.to ?? 0));
      }
      if (name) selectors.push({ metric: promql.slice(name.from, name.to), labels });
    }
  } while (cursor.next());
  return selectors;
}

describe('the Grafana dashboard and the Prometheus alert rules in docs/operations/', function () {
  this.timeout(60_000);
  const legacy = forSuite(
    () => StubLegacy.start(),
    (legacy) => legacy.close(),
  );
  const t = testAppForSuite(async (suite) => ({ ...(await sharedRedisEnv(suite)), PROJ_LEGACY_BASE_URL: legacy.url }));
  /** Every series name /metrics serves, with the label names it carries. */
  const served = new Map<string, Set<string>>();
  const rules: AlertRule[] = [];
  const dashboard = JSON.parse(readFileSync(join(OPERATIONS, 'grafana-dashboard.json'), 'utf8')) as Dashboard;

  before(async () => {
    // Traffic that makes every series appear: a request, a cache miss and hit, a deprecated call,
    // a request forwarded to the legacy backend.
    await t.api.get('/v1/orders/1').expect(200);
    const created = await t.api.post('/v1/accounts/users').send(newUserBody('Dashboards')).expect(201);
    const path = created.headers.location as string;
    await t.api.get(path).expect(200);
    await t.api.get(path).expect(200);
    await t.api.patch(path).send({ full_name: 'Dashboards Renamed' }).expect(200);

    const families = await getMetricsFromStream(Readable.from([(await request(t.app).get('/metrics').expect(200)).text]));
    for (const [name, family] of Object.entries(families)) {
      const labels = new Set(family.data.flatMap((series) => Object.keys(series.labels)));
      if (family.type === 'histogram') {
        served.set(`${name}_bucket`, new Set([...labels, 'le']));
        served.set(`${name}_count`, labels);
        served.set(`${name}_sum`, labels);
      } else {
        served.set(name, labels);
      }
    }
    const file = parseYaml(readFileSync(join(OPERATIONS, 'prometheus-alerts.yaml'), 'utf8')) as {
      groups: { name: string; rules: AlertRule[] }[];
    };
    for (const group of file.groups) rules.push(...group.rules);
  });

  function expectServed(expr: string, where: string): void {
    for (const { metric, labels } of selectorsOf(expr)) {
      const known = served.get(metric) ?? SYNTHESIZED.get(metric);
      expect(known, `${where}: ${metric} is not served by /metrics`).not.to.equal(undefined);
      for (const label of labels) expect([...(known ?? [])], `${where}: ${metric} has no label ${label}`).to.include(label);
    }
  }

  it('has the alerts an operator needs, each well formed', () => {
    expect(rules.map((rule) => rule.alert)).to.include.members([
      'ProjHighErrorRatio',
      'ProjHighLatencyP99',
      'ProjNotReady',
      'ProjDependencyDegraded',
      'ProjDeprecatedOperationUsed',
      'ProjLegacyBackendFailing',
    ]);
    expect(new Set(rules.map((rule) => rule.alert)).size, 'unique names').to.equal(rules.length);
    for (const rule of rules) {
      expect(rule.for, rule.alert).to.match(/^\d+[smh]$/);
      expect(['page', 'ticket', 'info'], rule.alert).to.include(rule.labels.severity);
      expect(rule.annotations.summary, rule.alert).to.be.a('string').and.not.empty;
    }
  });

  it('alerts only on valid PromQL over metrics and labels that /metrics serves', () => {
    for (const rule of rules) expectServed(rule.expr, rule.alert);
  });

  it('charts only valid PromQL over metrics and labels that /metrics serves', () => {
    expect(dashboard.panels.length).to.be.greaterThan(5);
    expect(new Set(dashboard.panels.map((panel) => panel.id)).size, 'unique panel ids').to.equal(dashboard.panels.length);
    for (const panel of dashboard.panels) {
      expect(panel.datasource.uid, panel.title).to.equal('${datasource}');
      expect(panel.gridPos.x + panel.gridPos.w, panel.title).to.be.at.most(24);
      expect(new Set(panel.targets.map((target) => target.refId)).size, panel.title).to.equal(panel.targets.length);
      for (const target of panel.targets) expectServed(target.expr, `${panel.title} (${target.refId})`);
    }
    const service = dashboard.templating.list.find((variable) => variable.name === 'service');
    const metric = /^label_values\((\w+), service\)$/.exec((service?.query as { query: string }).query)?.[1];
    expect(served.get(metric ?? ''), 'the service variable reads a served metric').to.include('service');
  });

  it('catches what it checks: a metric /metrics does not serve, a label it does not carry, broken PromQL', () => {
    expect(() => expectServed('rate(http_requests_total[5m])', 'probe')).to.throw(/not served/);
    expect(() => expectServed('dependency_up{route="x"}', 'probe')).to.throw(/no label route/);
    expect(() => selectorsOf('sum(rate(dependency_up[5m])')).to.throw(/syntax error/);
  });
});
