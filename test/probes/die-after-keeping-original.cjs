// Loaded with --require into a premortem run: SIGKILLs the process the moment a kept original is renamed into
// place, which is after the copy is whole and before the file's transaction commits its evidence row (what an
// out-of-memory kill in the load does), so the probe sees the worst moment every time, without timing.
const fs = require('node:fs');
const { syncBuiltinESMExports } = require('node:module');
const rename = fs.renameSync;
fs.renameSync = function renameThenDie(from, to) {
  rename(from, to);
  if (/[\\/]originals[\\/][0-9a-f]{64}\.gz$/.test(String(to))) process.kill(process.pid, 'SIGKILL');
};
syncBuiltinESMExports();
