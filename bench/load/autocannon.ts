import autocannon from 'autocannon';
import type { LoadGenerator, LoadResult, PageLoad } from './page-load.js';

/** The maintained Node generator, used when wrk is not installed. It runs in this process. */
export const autocannonGenerator: LoadGenerator = {
  name: 'autocannon',
  async run(load: PageLoad): Promise<LoadResult> {
    const cpuBefore = process.cpuUsage();
    const result = await autocannon({
      url: load.url,
      connections: load.connections,
      duration: load.durationSeconds,
      headers: load.cookie ? { cookie: load.cookie } : {},
      // Counted in `mismatches`; statuses are counted apart, so a redirect cannot pass as a page.
      verifyBody: (body) => {
        const text = typeof body === 'string' ? body : (body?.toString('utf8') ?? '');
        return load.markers.every((marker) => text.includes(marker));
      },
    });
    const cpu = process.cpuUsage(cpuBefore);
    const statuses = result.statusCodeStats ?? {};
    const ok = statuses[String(load.expectStatus) as `${number}`]?.count ?? 0;
    const answered = Object.values(statuses).reduce((sum, stat) => sum + (stat.count ?? 0), 0);
    return {
      requests: answered,
      durationSeconds: result.duration,
      badStatus: answered - ok,
      badBody: result.mismatches,
      socketErrors: result.errors + result.timeouts,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      generatorCpuMs: (cpu.user + cpu.system) / 1000,
    };
  },
};
