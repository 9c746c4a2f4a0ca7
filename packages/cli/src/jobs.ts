// The CLI's job module: the kinds `descent worker` serves and the threads of --workers run.
// A kind the CLI defines itself is registered here too, so every runner knows it.
export { registerJobs } from '@descent/train';
