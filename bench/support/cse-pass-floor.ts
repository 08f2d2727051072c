// The pieces a spooled CSE download adds to a plain one, timed alone on this machine: pass 1's GHASH over the
// body (CPU, on the receiving thread while it downloads) and pass 2, which can only start after the tag
// verified: read + AES-CTR + write of the whole body in place, page cache warm, with 1, 2 and 4 workers.
// Together with the plain download's time they give the best CSE ÷ plain ratio any "spool, then decrypt
// after the tag verified" design can reach here.
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { PiecewiseGhash } from '../../src/core/crypto/content/ghash';
import { DecryptWorkers } from '../../src/core/crypto/ctr-in-place';
import { median } from './run-measured';

export interface PassTiming {
  workers: number;
  wallSeconds: number;
  /** Whole process: user + system, all threads. */
  cpuSeconds: number;
}

export interface FloorMeasurement {
  ghashCpuSeconds: number;
  pass2: PassTiming[];
}

const MIB = 1024 * 1024;

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1e6;
}

/** Times pass 1's hashing and pass 2 over a copy of `source` (its bytes stand in for ciphertext). */
export async function measurePassFloor(source: string, spoolPath: string, repeat: number): Promise<FloorMeasurement> {
  const size = readFileSync(source).length; // also warms the page cache
  const key = randomBytes(32);
  const ghashRuns: number[] = [];
  const chunk = Buffer.alloc(64 * 1024, 7); // socket-sized pieces, as a download hands them over
  for (let r = 0; r < repeat; r++) {
    const started = process.cpuUsage();
    const segment = new PiecewiseGhash(key).segment();
    for (let at = 0; at < size; at += chunk.length) segment.update(chunk);
    ghashRuns.push(cpuSeconds(started));
  }
  copyFileSync(source, spoolPath);
  readFileSync(spoolPath);
  const pass2: PassTiming[] = [];
  const counts = [...new Set([1, Math.min(availableParallelism(), 4), 4])];
  try {
    for (const workers of counts) {
      const runs: Array<{ wall: number; cpu: number }> = [];
      for (let r = 0; r < repeat; r++) {
        const pool = DecryptWorkers.start(workers);
        await new Promise((resolve) => setTimeout(resolve, 300)); // started ahead, as during a download
        const cpu = process.cpuUsage();
        const started = process.hrtime.bigint();
        const counter = Buffer.concat([randomBytes(12), Buffer.from([0, 0, 0, 2])]);
        await pool.run(spoolPath, size, { cipher: 'aes-256-ctr', key: Buffer.from(key), counter });
        runs.push({ wall: Number(process.hrtime.bigint() - started) / 1e9, cpu: cpuSeconds(cpu) });
      }
      pass2.push({
        workers,
        wallSeconds: median(runs.map((x) => x.wall)),
        cpuSeconds: median(runs.map((x) => x.cpu)),
      });
    }
  } finally {
    rmSync(spoolPath, { force: true });
  }
  return { ghashCpuSeconds: median(ghashRuns), pass2 };
}

/** Markdown rows for the floor, against the plain download's median seconds for the same size. */
export function floorRows(m: FloorMeasurement, sizeBytes: number, plainSeconds: number): string[] {
  const best = m.pass2.reduce((a, b) => (b.wallSeconds < a.wallSeconds ? b : a));
  const cores = availableParallelism();
  // While downloading, the hashing competes with the download (client and RGW) for the same cores.
  const floorSeconds = plainSeconds + best.wallSeconds + m.ghashCpuSeconds / cores;
  // On cores of its own, pass 2 cannot take less than its CPU divided by them: the bound for an idle machine.
  const leastCpu = Math.min(...m.pass2.map((p) => p.cpuSeconds));
  const idleFloorSeconds = plainSeconds + (leastCpu + m.ghashCpuSeconds) / cores;
  const mib = sizeBytes / MIB;
  return [
    `| pass 1: GHASH over the body (CPU, on the receiving thread during the download) | ${m.ghashCpuSeconds.toFixed(2)} s CPU |`,
    ...m.pass2.map(
      (p) =>
        `| pass 2 alone: read + AES-CTR + write in place, ${p.workers} worker${p.workers > 1 ? 's' : ''}, page cache warm | ${p.wallSeconds.toFixed(2)} s wall, ${p.cpuSeconds.toFixed(2)} s CPU (${(mib / p.wallSeconds).toFixed(0)} MiB/s) |`,
    ),
    `| best spool-then-decrypt CSE ÷ plain in this run: plain ${plainSeconds.toFixed(2)} s ÷ (plain + pass 2 with ${best.workers} + GHASH ÷ ${cores} cores) | **${(plainSeconds / floorSeconds).toFixed(2)}×** |`,
    `| the same with pass 2 and GHASH given all ${cores} cores (their CPU ÷ ${cores}; idle machine): plain ${plainSeconds.toFixed(2)} s ÷ (plain + ${((leastCpu + m.ghashCpuSeconds) / cores).toFixed(2)} s) | **${(plainSeconds / idleFloorSeconds).toFixed(2)}×** |`,
  ];
}
