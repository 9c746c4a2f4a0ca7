// Preloaded into each bench process (`node --import`): at exit, write the process's CPU time
// (user and system, every thread of it) to the file $DESCENT_BENCH_CPU_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.DESCENT_BENCH_CPU_FILE;
if (file) process.on('exit', () => writeFileSync(file, JSON.stringify(process.cpuUsage())));
