import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { parse, parseAllDocuments } from 'yaml';

/** One Kubernetes object as a manifest holds it. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> } & Record<string, unknown>;
  [field: string]: unknown;
}

export interface BuildOptions {
  /** Text for files that do not exist (a `secrets.env` that only operators have). */
  readonly missingFile?: (path: string) => string | undefined;
}

/**
 * The fields of a kustomization this builder understands. It refuses any other, so that a
 * manifest never relies on a kustomize feature the tests would silently skip.
 */
const KNOWN_FIELDS = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'images', 'patches', 'secretGenerator', 'generatorOptions']);

/** Kinds that live outside namespaces, which `namespace:` leaves alone. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'PriorityClass',
  'StorageClass',
]);

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  images?: { name: string; newName?: string; newTag?: string }[];
  patches?: { path: string; target: { kind: string; name: string } }[];
  secretGenerator?: { name: string; type?: string; envs?: string[] }[];
  generatorOptions?: { disableNameSuffixHash?: boolean };
}

type PatchOperation = { op: 'add' | 'replace' | 'remove'; path: string; value?: unknown };

/**
 * `kustomize build DIR` for the subset of kustomize that deploy/kubernetes uses: resources (files
 * and directories with their own kustomization), `namespace`, `images`, JSON 6902 `patches` with a
 * kind-and-name target, and `secretGenerator` from env files with the name suffix hash disabled.
 * @throws Error on a field or patch it does not understand, a patch that does not apply, or a
 *   target that matches nothing.
 */
export function kustomizeBuild(dir: string, options: BuildOptions = {}): KubernetesObject[] {
  const file = join(dir, 'kustomization.yaml');
  const kustomization = parse(readFileSync(file, 'utf8')) as Kustomization;
  const unknown = Object.keys(kustomization).filter((field) => !KNOWN_FIELDS.has(field));
  if (unknown.length > 0) throw new Error(`${file}: fields this builder does not support: ${unknown.join(', ')}`);
  if (kustomization.kind !== 'Kustomization') throw new Error(`${file}: kind must be Kustomization`);

  const objects: KubernetesObject[] = [];
  for (const resource of kustomization.resources ?? []) {
    const path = resolve(dir, resource);
    if (statSync(path).isDirectory()) objects.push(...kustomizeBuild(path, options));
    else objects.push(...parseAllDocuments(readFileSync(path, 'utf8')).map((document) => document.toJS() as KubernetesObject));
  }

  for (const generator of kustomization.secretGenerator ?? []) {
    if (kustomization.generatorOptions?.disableNameSuffixHash !== true)
      throw new Error(`${file}: secretGenerator is supported with generatorOptions.disableNameSuffixHash: true only`);
    const data: Record<string, string> = {};
    for (const envs of generator.envs ?? []) {
      const path = join(dir, envs);
      const text = existsSync(path) ? readFileSync(path, 'utf8') : options.missingFile?.(path);
      if (text === undefined) throw new Error(`${path} does not exist`);
      for (const line of text.split('\n')) {
        if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
        const at = line.indexOf('=');
        if (at < 1) throw new Error(`${path}: not KEY=value: ${line}`);
        data[line.slice(0, at)] = Buffer.from(line.slice(at + 1)).toString('base64');
      }
    }
    objects.push({ apiVersion: 'v1', kind: 'Secret', metadata: { name: generator.name }, type: generator.type ?? 'Opaque', data });
  }

  for (const patch of kustomization.patches ?? []) {
    const operations = parse(readFileSync(join(dir, patch.path), 'utf8')) as PatchOperation[];
    if (!Array.isArray(operations)) throw new Error(`${patch.path}: only JSON 6902 patches (a list of operations) are supported`);
    const targets = objects.filter((object) => object.kind === patch.target.kind && object.metadata.name === patch.target.name);
    if (targets.length === 0) throw new Error(`${patch.path}: no ${patch.target.kind} named ${patch.target.name}`);
    for (const target of targets) for (const operation of operations) applyOperation(target, operation, patch.path);
  }

  for (const image of kustomization.images ?? []) for (const object of objects) renameImage(object, image);

  if (kustomization.namespace !== undefined)
    for (const object of objects) if (!CLUSTER_SCOPED.has(object.kind)) object.metadata.namespace = kustomization.namespace;
  return objects;
}

function applyOperation(target: KubernetesObject, operation: PatchOperation, source: string): void {
  const keys = operation.path
    .split('/')
    .slice(1)
    .map((key) => key.replaceAll('~1', '/').replaceAll('~0', '~'));
  const last = keys.pop();
  if (last === undefined) throw new Error(`${source}: empty path`);
  let parent: unknown = target;
  for (const key of keys) {
    parent = (parent as Record<string, unknown> | undefined)?.[key];
    if (parent === undefined || parent === null || typeof parent !== 'object')
      throw new Error(`${source}: ${operation.path} does not exist`);
  }
  if (Array.isArray(parent)) {
    const index = last === '-' ? parent.length : Number(last);
    if (operation.op === 'add') parent.splice(index, 0, operation.value);
    else if (index >= parent.length) throw new Error(`${source}: cannot ${operation.op} ${operation.path}: it does not exist`);
    else if (operation.op === 'replace') parent[index] = operation.value;
    else parent.splice(index, 1);
    return;
  }
  const object = parent as Record<string, unknown>;
  switch (operation.op) {
    case 'add':
      object[last] = operation.value;
      return;
    case 'replace':
      if (!Object.hasOwn(object, last)) throw new Error(`${source}: cannot replace ${operation.path}: it does not exist`);
      object[last] = operation.value;
      return;
    case 'remove':
      if (!Object.hasOwn(object, last)) throw new Error(`${source}: cannot remove ${operation.path}: it does not exist`);
      delete object[last];
      return;
    default:
      throw new Error(`${source}: operation ${String((operation as { op: unknown }).op)} is not supported`);
  }
}

/** kustomize's `images`: every container (and init container) whose image is `name`, with or without a tag. */
function renameImage(object: KubernetesObject, image: { name: string; newName?: string; newTag?: string }): void {
  type PodSpec = { containers?: { image?: string }[]; initContainers?: { image?: string }[] };
  const spec = (object as { spec?: { template?: { spec?: PodSpec } } }).spec?.template?.spec;
  if (spec === undefined) return;
  for (const container of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const current = container.image ?? '';
    const [name, tag] = current.split(':');
    if (name !== image.name) continue;
    container.image = `${image.newName ?? name}${image.newTag !== undefined ? `:${image.newTag}` : tag !== undefined ? `:${tag}` : ''}`;
  }
}
