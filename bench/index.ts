/**
 * `npm run bench`: runs every benchmark module in turn and prints its lines. Loopback only, bounded
 * loops. Add a module by exporting a `Benchmark` and listing it here; `npm run bench -- <name>` runs one.
 */
import { faceBenchmark } from './face-bench';
import { leaseBenchmark } from './lease-bench';
import { proctoringBenchmark } from './proctoring-bench';
import { serviceBenchmark } from './service-bench';
import { uploadBenchmark } from './upload-bench';

export interface Benchmark {
  name: string;
  run(log: (line: string) => void): Promise<void>;
}

const benchmarks: Benchmark[] = [serviceBenchmark, leaseBenchmark, uploadBenchmark, faceBenchmark, proctoringBenchmark];

const only = process.argv.slice(2);
for (const benchmark of benchmarks) {
  if (only.length > 0 && !only.includes(benchmark.name)) continue;
  console.log(`\n== ${benchmark.name}`);
  const started = performance.now();
  await benchmark.run((line) => console.log(`  ${line}`));
  console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
