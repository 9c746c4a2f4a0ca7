await import('@descent/train');
const c0 = process.cpuUsage(); const t = performance.now();
await import(process.argv[2] ?? '@descent/fanout');
const c = process.cpuUsage(c0);
console.log(process.argv[2] ?? 'fanout', 'wall', (performance.now()-t).toFixed(0), 'ms cpu', ((c.user+c.system)/1000).toFixed(0), 'ms');
