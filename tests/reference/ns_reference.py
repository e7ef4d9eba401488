"""Independent NumPy implementation of the Navier-Stokes scheme of engine/src/navier_stokes.cpp,
used by CTest to check the C++ solver. Written from the equations, not from the C++ code.

Usage: python3 ns_reference.py N DT STEPS NU FORCED OUT.bin
Initial vorticity: the analytic field of initial_vorticity() below. Writes N*N float64 values.
"""
import sys

import numpy as np


def initial_vorticity(n):
    x = np.arange(n) / n
    X, Y = np.meshgrid(x, x, indexing="ij")  # first index: x, second: y
    return (np.sin(2 * np.pi * X) * np.cos(4 * np.pi * Y) + 0.5 * np.cos(2 * np.pi * (X + 3 * Y))
            + 0.3 * np.sin(6 * np.pi * X) + 0.2 * np.cos(2 * np.pi * 5 * Y))


def solve(w, dt, steps, nu, forced):
    n = w.shape[0]
    k = np.fft.fftfreq(n, d=1.0 / n)  # 0, 1, ..., n/2-1, -n/2, ..., -1
    kx = k[:, None] * np.ones((1, n // 2 + 1))
    ky = np.arange(n // 2 + 1)[None, :] * np.ones((n, 1))
    lap = 4 * np.pi ** 2 * (kx ** 2 + ky ** 2)
    dx = np.where(np.abs(kx) == n / 2, 0.0, kx)  # odd derivatives of Nyquist modes vanish
    dy = np.where(ky == n / 2, 0.0, ky)
    keep = (np.abs(kx) <= (2 / 3) * (n / 2)) & (np.abs(ky) <= (2 / 3) * (n / 2))
    lap_safe = np.where(lap > 0, lap, 1.0)
    x = np.arange(n) / n
    X, Y = np.meshgrid(x, x, indexing="ij")
    f = 0.1 * (np.sin(2 * np.pi * (X + Y)) + np.cos(2 * np.pi * (X + Y))) if forced else np.zeros_like(X)
    f_h = np.fft.rfft2(f)
    w_h = np.fft.rfft2(w)
    for _ in range(steps):
        psi_h = np.where(lap > 0, w_h / lap_safe, 0.0)
        u = np.fft.irfft2(2j * np.pi * dy * psi_h, s=(n, n))
        v = np.fft.irfft2(-2j * np.pi * dx * psi_h, s=(n, n))
        w_x = np.fft.irfft2(2j * np.pi * dx * w_h, s=(n, n))
        w_y = np.fft.irfft2(2j * np.pi * dy * w_h, s=(n, n))
        n_h = np.fft.rfft2(u * w_x + v * w_y) * keep
        w_h = (-dt * n_h + dt * f_h + (1 - 0.5 * dt * nu * lap) * w_h) / (1 + 0.5 * dt * nu * lap)
    return np.fft.irfft2(w_h, s=(n, n))


if __name__ == "__main__":
    n, dt, steps, nu, forced, out = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), \
        sys.argv[5] == "1", sys.argv[6]
    solve(initial_vorticity(n), dt, steps, nu, forced).astype(np.float64).tofile(out)
