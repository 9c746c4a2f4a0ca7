# PyTorch side-by-side for the `mlp` suite (NOT a project dependency; run by hand, see
# docs/benchmarks.md): MLP 784-256-256-10 ReLU, Adam lr 1e-3, batch 128, one training step
# (forward, cross-entropy, backward, step) on fixed random data; steps/s medians of interleaved
# samples on 1 and 2 threads. Debian: apt-get install python3-torch libopenblas0-pthread;
# run /usr/bin/python3 packages/autodiff/bench/peers/torch-mlp.py [samples].
import sys, time, statistics, ctypes, torch
# torch 1.13 (Debian) calls the system BLAS through libblas.so.3 (alternatives: OpenBLAS pthread); set its threads too
ob = ctypes.CDLL('/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3')
ob.openblas_get_corename.restype = ctypes.c_char_p
def set_threads(t):
    torch.set_num_threads(t)
    ob.openblas_set_num_threads(t)
torch.manual_seed(0)
x = torch.randn(128, 784)
y = torch.arange(128) * 7 % 10
def bench(threads, reps=9, steps=20):
    set_threads(threads)
    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    lossf = torch.nn.CrossEntropyLoss()
    def step():
        opt.zero_grad()
        lossf(model(x), y).backward()
        opt.step()
    for _ in range(10): step()
    return step
steppers = {t: bench(t) for t in (1, 2)}
samples = {1: [], 2: []}
cpu = {1: [], 2: []}
for r in range(int(sys.argv[1]) if len(sys.argv) > 1 else 9):
    for t, step in steppers.items():
        set_threads(t)
        t0 = time.perf_counter()
        c0 = time.process_time()
        for _ in range(20): step()
        samples[t].append(20 / (time.perf_counter() - t0))
        cpu[t].append((time.process_time() - c0) / 20 * 1000)
print('torch', torch.__version__, 'openblas core', ob.openblas_get_corename().decode())
for t in (1, 2):
    print(f'threads {t}: median {statistics.median(samples[t]):.1f} steps/s (min {min(samples[t]):.1f}, max {max(samples[t]):.1f}), cpu {statistics.median(cpu[t]):.2f} ms/step (all threads)')
cfg = torch.__config__.show()
print([l.strip() for l in cfg.splitlines() if 'CPU capability' in l or 'OpenMP' in l or 'MKL-DNN' in l])
