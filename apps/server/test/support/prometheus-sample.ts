const SAMPLE_LINE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

/**
 * The value of the first sample named `name` whose labels include `labels`, in a Prometheus text
 * exposition; 0 when there is none yet (a counter or histogram series appears on its first use).
 */
export function sampleValue(exposition: string, name: string, labels: Readonly<Record<string, string>> = {}): number {
  for (const line of exposition.split('\n')) {
    const sample = SAMPLE_LINE.exec(line);
    if (sample?.[1] !== name) continue;
    const present = new Map([...(sample[2] ?? '').matchAll(LABEL)].map(([, label, value]) => [label, value]));
    if (Object.entries(labels).every(([label, value]) => present.get(label) === value)) return Number(sample[3]);
  }
  return 0;
}
