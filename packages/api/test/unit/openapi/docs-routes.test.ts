import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { expect } from 'chai';
import request from 'supertest';

import { RecordingLogger } from '@proj/application/testing';

import { createDocsRouter, locateRedocBundle } from '../../../src/openapi/docs-routes.js';
import { generateOpenApiDocument } from '../../../src/openapi/generate-document.js';
import { testApp } from '../support/test-app.js';

describe('createDocsRouter', () => {
  const document = generateOpenApiDocument();
  const app = testApp(new RecordingLogger(), (a) => a.use(createDocsRouter({ document })));

  describe('GET /openapi.json', () => {
    it('serves the document given', async () => {
      const res = await request(app).get('/openapi.json');
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(res.body).to.deep.equal(JSON.parse(JSON.stringify(document)));
    });
  });

  describe('GET /docs', () => {
    it('redirects to /docs/, where the relative asset links resolve', async () => {
      const res = await request(app).get('/docs');
      expect(res.status).to.equal(301);
      expect(res.headers['location']).to.equal('/docs/');
    });

    it('serves the Swagger UI page with local assets only', async () => {
      const res = await request(app).get('/docs/');
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.equal('text/html; charset=utf-8');
      expect(res.text).to.contain('./swagger-ui-bundle.js');
      expect(res.text).not.to.match(/(src|href)=["']?(https?:)?\/\//);
    });

    it('points the UI at /openapi.json and serves its bundle', async () => {
      const init = await request(app).get('/docs/swagger-ui-init.js');
      expect(init.status).to.equal(200);
      expect(init.text).to.contain('"swaggerUrl": "/openapi.json"');
      const bundle = await request(app).head('/docs/swagger-ui-bundle.js');
      expect(bundle.status).to.equal(200);
      expect(bundle.headers['content-type']).to.contain('javascript');
    });
  });

  describe('GET /redoc', () => {
    it('serves a page that loads ReDoc from this server', async () => {
      const res = await request(app).get('/redoc');
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.equal('text/html; charset=utf-8');
      expect(res.text).to.contain('<redoc spec-url="/openapi.json">');
      expect(res.text).to.contain('<script src="/redoc/redoc.standalone.js">');
      expect(res.text).not.to.match(/(src|href)=["']?(https?:)?\/\//);
    });

    it('serves the standalone bundle (from the redoc package when running from the sources)', async () => {
      const res = await request(app).head('/redoc/redoc.standalone.js');
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.contain('javascript');
      expect(Number(res.headers['content-length'])).to.be.greaterThan(100_000);
    });
  });

  describe('locateRedocBundle', () => {
    it("prefers the build's copy (dist/assets), so that the runtime needs no redoc package", () => {
      const copy = join(mkdtempSync(join(tmpdir(), 'proj-redoc-')), 'redoc.standalone.js');
      writeFileSync(copy, '/* bundle */');
      expect(locateRedocBundle(pathToFileURL(copy))).to.equal(copy);
    });

    it("falls back on the redoc package's own bundle when there is no copy", () => {
      const missing = pathToFileURL(join(tmpdir(), 'proj-redoc-missing', 'redoc.standalone.js'));
      expect(locateRedocBundle(missing)).to.match(/redoc[/\\]bundles[/\\]redoc\.standalone\.js$/);
    });
  });
});
