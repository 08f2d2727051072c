// Watches the process that booted a local-services instance. If that process dies without stopping its
// daemons (SIGKILL, crash), this kills exactly the pids recorded in the instance folder and removes it.
// It exits by itself once the folder is gone (the normal stop path).
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const [ownerPid, dir] = [Number(process.argv[2]), process.argv[3]];
if (!ownerPid || !dir) {
  console.error('usage: reaper.mjs <owner-pid> <instance-dir>');
  process.exit(2);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

const timer = setInterval(() => {
  if (!existsSync(dir)) {
    clearInterval(timer);
    return;
  }
  if (alive(ownerPid)) return;
  clearInterval(timer);
  const file = join(dir, 'daemons.pids');
  const pids = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number) : [];
  for (const pid of pids) {
    // PIDs are reused quickly: only kill a process whose command line names this instance's folder.
    let cmdline;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      continue; // already gone
    }
    if (!cmdline.includes(dir)) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch (e) {
      if (e.code !== 'ESRCH') console.error(`reaper: could not kill ${pid}: ${e.message}`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
}, 1000);
