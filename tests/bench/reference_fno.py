"""The PyTorch reference of ScoreField's score network, loss and samplers, written the way such code
is usually written in Python (an einsum spectral convolution, nn.Modules), with the same
architecture, sizes and counts of network evaluations as tests/bench/bench_end_to_end.cpp; it
prints the same JSON lines with "impl": "pytorch-python". Run with Debian's python3-torch (the
same libtorch 1.13 build as the engine):

  /usr/bin/python3 tests/bench/reference_fno.py [--threads T] [--quick]
"""
import argparse
import json
import math
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def wavenumber_squared(n):
    kx = torch.fft.fftfreq(n, 1.0 / n, dtype=torch.float64)
    ky = torch.fft.rfftfreq(n, 1.0 / n, dtype=torch.float64)
    return kx[:, None] ** 2 + ky[None, :] ** 2


def non_nyquist_mask(n):
    kx = torch.fft.fftfreq(n, 1.0 / n, dtype=torch.float64).abs()
    ky = torch.fft.rfftfreq(n, 1.0 / n, dtype=torch.float64)
    return ((kx[:, None] < n / 2) & (ky[None, :] < n / 2)).double()


class Noise:
    """N(0, C), C = amplitude^2 (4 pi^2 |k|^2 + tau^2)^(-alpha) on the unit torus."""

    def __init__(self, alpha=2.0, tau=3.0, amplitude=1.0):
        self.alpha, self.tau, self.amplitude = alpha, tau, amplitude

    def eigenvalues(self, n):
        return (4 * math.pi**2 * wavenumber_squared(n) + self.tau**2) ** (-self.alpha) * self.amplitude**2

    def apply_sqrt(self, x):
        n = x.shape[-1]
        m = (self.eigenvalues(n).sqrt() * non_nyquist_mask(n)).float()
        return torch.fft.irfft2(torch.fft.rfft2(x) * m, s=(n, n))

    def sample(self, count, n, sigma=1.0):
        return self.apply_sqrt(torch.randn(count, n, n) * (n * sigma))

    def pointwise_variance(self, n):
        lam = self.eigenvalues(n) * non_nyquist_mask(n)
        weight = torch.full_like(lam, 2.0)
        weight[:, 0] = 1.0
        return float((lam * weight).sum())


class SpectralConv2d(nn.Module):
    def __init__(self, cin, cout, modes):
        super().__init__()
        self.cout, self.modes = cout, modes
        scale = 1.0 / (cin * cout)
        self.w_positive = nn.Parameter(scale * torch.rand(cin, cout, modes, modes, 2))
        self.w_negative = nn.Parameter(scale * torch.rand(cin, cout, modes, modes, 2))

    def forward(self, x):
        n = x.shape[-1]
        xh = torch.fft.rfft2(x)
        half = (n + 1) // 2
        mp, mn = min(self.modes, half), min(self.modes, half - 1)
        out = torch.zeros(x.shape[0], self.cout, n, n // 2 + 1, dtype=xh.dtype)
        wp = torch.view_as_complex(self.w_positive[:, :, :mp, :mp].contiguous())
        out[:, :, :mp, :mp] = torch.einsum("bixy,ioxy->boxy", xh[:, :, :mp, :mp], wp)
        if mn > 0:
            wn = torch.view_as_complex(self.w_negative[:, :, self.modes - mn:, :mp].contiguous())
            out[:, :, n - mn:, :mp] = torch.einsum("bixy,ioxy->boxy", xh[:, :, n - mn:, :mp], wn)
        return torch.fft.irfft2(out, s=(n, n))


class ScoreNetwork(nn.Module):
    def __init__(self, noise_point_variance, width=32, modes=12, layers=4, embed_dim=32):
        super().__init__()
        self.v, self.embed_dim, self.layers = noise_point_variance, embed_dim, layers
        self.embed1 = nn.Linear(embed_dim, 2 * embed_dim)
        self.embed2 = nn.Linear(2 * embed_dim, 2 * embed_dim)
        self.lift = nn.Conv2d(1 + 4, width, 1)
        self.spectral = nn.ModuleList([SpectralConv2d(width, width, modes) for _ in range(layers)])
        self.pointwise = nn.ModuleList([nn.Conv2d(width, width, 1) for _ in range(layers)])
        self.level_bias = nn.ModuleList([nn.Linear(2 * embed_dim, 2 * width) for _ in range(layers)])
        self.shrink1, self.shrink2 = nn.Linear(1, 16), nn.Linear(16, 1)
        self.project1, self.project2 = nn.Conv2d(width, 2 * width, 1), nn.Conv2d(2 * width, 1, 1)

    def forward(self, x, sigma):
        b, n = x.shape[0], x.shape[-1]
        s2 = (sigma * sigma * self.v).view(b, 1, 1)
        c_in = torch.rsqrt(1.0 + s2)
        t = torch.arange(n, dtype=x.dtype) * (2 * math.pi / n)
        gx, gy = t.view(n, 1).expand(n, n), t.view(1, n).expand(n, n)
        coords = torch.stack([gx.cos(), gx.sin(), gy.cos(), gy.sin()]).unsqueeze(0).expand(b, 4, n, n)
        h = self.lift(torch.cat([(x * c_in).unsqueeze(1), coords], 1))
        freqs = 2.0 ** torch.linspace(0.0, 5.0, self.embed_dim // 2)
        arg = torch.log(sigma).unsqueeze(1) * freqs.unsqueeze(0) * 0.25
        e = F.gelu(self.embed2(F.gelu(self.embed1(torch.cat([arg.cos(), arg.sin()], 1)))))
        for layer in range(self.layers):
            scale, shift = self.level_bias[layer](e)[:, :, None, None].chunk(2, 1)
            h = self.spectral[layer](h) + self.pointwise[layer](h)
            h = h * (1.0 + scale) + shift
            if layer + 1 < self.layers:
                h = F.gelu(h)
        g = self.project2(F.gelu(self.project1(h))).squeeze(1)
        log_k = torch.log1p(wavenumber_squared(n).float().sqrt()).unsqueeze(-1)
        phi = self.shrink2(F.gelu(self.shrink1(log_k))).squeeze(-1)
        shrink = torch.sigmoid(torch.log(s2) - phi.unsqueeze(0))
        skip = torch.fft.irfft2(torch.fft.rfft2(x) * shrink, s=(n, n))
        return -skip + torch.sqrt(s2) * c_in * g


def score(net, x, s):
    return net(x, torch.full((x.shape[0],), s))


def ode(net, noise, x, steps, smin=0.01, smax=10.0, rho=7.0):
    a, b = smax ** (1 / rho), smin ** (1 / rho)
    sig = [(a + (b - a) * i / steps) ** rho for i in range(steps + 1)]
    for i in range(steps):
        s0, s1 = sig[i], sig[i + 1]
        h = s1 - s0
        d0 = score(net, x, s0) * (-1.0 / s0)
        pred = x + h * d0
        x = x + 0.5 * h * (d0 + score(net, pred, s1) * (-1.0 / s1))
    return x


def sde(net, noise, x, steps, smin=0.01, smax=10.0):
    n = x.shape[-1]
    grid = torch.exp(torch.linspace(math.log(smax), math.log(smin), steps + 1, dtype=torch.float64)).tolist()
    for i in range(steps):
        s0, s1 = grid[i], grid[i + 1]
        dvar = s0 * s0 - s1 * s1
        x = x + (dvar / (s0 * s0)) * score(net, x, s0) + noise.apply_sqrt(torch.randn_like(x) * (math.sqrt(dvar) * n))
    return x


def langevin(net, noise, x, steps, smin=0.01, smax=10.0, levels=16, eps=0.05):
    n = x.shape[-1]
    sigmas = torch.exp(torch.linspace(math.log(smin), math.log(smax), levels, dtype=torch.float64)).tolist()
    for sigma in reversed(sigmas):
        for _ in range(steps):
            kick = noise.apply_sqrt(torch.randn_like(x) * (math.sqrt(2 * eps) * sigma * n))
            x = x + eps * score(net, x, sigma) + kick
    return x


def best_seconds(repeats, run):
    run()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def emit(what, detail, n, seconds, per_second):
    print(json.dumps({"impl": "pytorch-python", "what": what, "detail": detail, "n": n, "seconds": seconds,
                      "per_second": per_second}), flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    noise = Noise()
    net = ScoreNetwork(noise.pointwise_variance(64))
    sizes = [32] if args.quick else [64, 128, 256]
    batch, repeats = 4, 1 if args.quick else 2
    with torch.inference_mode():
        net.eval()
        kinds = (("ode", ode, 16), ("sde", sde, 32), ("langevin", langevin, 2))
        for n in sizes:
            for name, sampler, steps in kinds:
                x0 = noise.sample(batch, n, 10.0)
                t = best_seconds(repeats, lambda: sampler(net, noise, x0, 1 if args.quick else steps))
                emit("sample", name, n, t, batch / t)
            x, sigma = torch.randn(batch, n, n), torch.full((batch,), 0.5)
            t = best_seconds(1 if args.quick else 3, lambda: net(x, sigma))
            emit("forward", "batch 4", n, t, batch / t)
        for n in [32] if args.quick else [32, 64, 128, 256]:
            x0 = noise.sample(1, n, 10.0)
            t = best_seconds(repeats, lambda: ode(net, noise, x0, 1 if args.quick else 8))
            emit("scaling", "ode 8 steps, 1 sample", n, t, 1.0 / t)
        a, b = torch.randn(2048, 2048), torch.randn(2048, 2048)
        t = best_seconds(1 if args.quick else 3, lambda: torch.mm(a, b))
        emit("peak", "matmul 2048", 2048, t, 2.0 * 2048**3 / t)

    net.train()
    adam = torch.optim.Adam(net.parameters(), lr=1e-3)
    n, train_batch, steps = (32, 8, 1) if args.quick else (64, 8, 10)
    data = noise.sample(64, n)
    smin, smax = 0.01, 10.0

    def step(i):
        u = data[(i * train_batch) % 64:(i * train_batch) % 64 + train_batch]
        sigma = torch.exp(math.log(smin) + (math.log(smax) - math.log(smin)) * torch.rand(train_batch))
        xi = noise.sample(train_batch, n) * sigma.view(-1, 1, 1)
        loss = ((xi + net(u + xi, sigma)) / sigma.view(-1, 1, 1)).pow(2).mean()
        adam.zero_grad()
        loss.backward()
        adam.step()

    def train():
        for i in range(steps):
            step(i)

    t = best_seconds(1, train)
    emit("train", "batch 8, Adam", n, t / steps, steps / t)
    emit("memory", "peak resident MiB", 0, 0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0)


if __name__ == "__main__":
    main()
