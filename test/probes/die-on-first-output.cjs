// Preloaded into a probe's child process: the process is killed (SIGKILL) the moment it first writes to stdout,
// as a detect killed after storing its alerts and before anyone saw them would be.
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (...args) => {
  process.kill(process.pid, 'SIGKILL');
  return write(...args);
};
