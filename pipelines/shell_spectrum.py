"""The radially averaged energy spectrum the pipelines report: E(k) = sum over the modes with
round(|k|) = k of |w_hat|^2 / 2, w_hat = FFT(w) / N^2, so that the sum over k is half the mean
square of the field; shells k = 0 .. N/2."""
import numpy as np


def shell_spectrum(field):
    n = field.shape[0]
    power = np.abs(np.fft.fft2(np.asarray(field, dtype=np.float64)) / n**2) ** 2 / 2
    k = np.fft.fftfreq(n, 1.0 / n)
    shells = np.rint(np.hypot(*np.meshgrid(k, k, indexing="ij"))).astype(int)
    return np.bincount(shells.ravel(), weights=power.ravel())[: n // 2 + 1]
