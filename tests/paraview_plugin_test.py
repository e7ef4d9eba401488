"""The ScoreField ParaView plugin under pvpython, on held-out Navier-Stokes fields and on ParaView's
own Wavelet source. Modes (driven by paraview_plugin.cmake):

  write-input PLUGIN MODELS HELDOUT WORK   writes WORK/coarse.vti (a held-out 16^2 field)
  check PLUGIN MODELS HELDOUT WORK         every property check; WORK/cli.vti is `scorefield superres`
                                           on WORK/coarse.vti with the same model and seed
  bad CASE PLUGIN MODELS HELDOUT WORK      one bad input; prints the output's point count

Bounds:
- Restriction: every sample keeps the coarse grid's Fourier modes up to the final noise level of
  the sampler (the CLI's report measures 0.5% on held-out fields); the ensemble mean's coarse
  modes are held to the product target, 5% relative.
- Against the CLI: the same engine code, model, input and seed; only the number of threads (and
  with it the order of floating-point sums) may differ, which moves values by ~1e-6 relative. A
  wrong seed, orientation or geometry would differ by O(1), so 1e-4 separates the two.
"""
import math
import os
import sys

import h5py
import numpy as np
from paraview import servermanager
from paraview.simple import (GetAnimationScene, LoadPlugin, UpdatePipeline, Wavelet, XMLImageDataReader,
                             XMLPolyDataReader)
from vtkmodules.util.numpy_support import numpy_to_vtk, vtk_to_numpy
from vtkmodules.vtkCommonCore import vtkPoints
from vtkmodules.vtkCommonDataModel import vtkImageData, vtkPolyData
from vtkmodules.vtkIOXML import vtkXMLImageDataWriter, vtkXMLPolyDataWriter

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def write_image(path, field, origin, spacing, cells=False, name="vorticity"):
    """A square 2-D field [rows = y][columns = x] as point data, or as cell data of a grid with
    one more point per side."""
    n = field.shape[0]
    image = vtkImageData()
    image.SetDimensions(n + 1 if cells else n, n + 1 if cells else n, 1)
    image.SetOrigin(*origin)
    image.SetSpacing(*spacing)
    array = numpy_to_vtk(np.ascontiguousarray(field, dtype=np.float32).ravel(), deep=1)
    array.SetName(name)
    (image.GetCellData() if cells else image.GetPointData()).AddArray(array)
    writer = vtkXMLImageDataWriter()
    writer.SetDataModeToBinary()  # inline: this VTK cannot read back appended data over 4 KiB
    writer.SetFileName(path)
    writer.SetInputData(image)
    writer.Write()


def heldout(held, n, index):
    with h5py.File(os.path.join(held, "ns_%d.h5" % n), "r") as f:
        return np.array(f["fields"][index], dtype=np.float64)


def native_bf16():
    """Whether this CPU has native bfloat16 arithmetic (the engine refuses bf16 on the CPU otherwise)."""
    with open("/proc/cpuinfo") as f:
        flags = f.read()
    return "avx512_bf16" in flags or "amx_bf16" in flags


def fetch(proxy, time=None):
    if time is None:
        proxy.UpdatePipeline()
    else:
        proxy.UpdatePipeline(time)
    return servermanager.Fetch(proxy)


def arrays(data, cells=False):
    attributes = data.GetCellData() if cells else data.GetPointData()
    return {attributes.GetArrayName(i): vtk_to_numpy(attributes.GetArray(i)).astype(np.float64)
            for i in range(attributes.GetNumberOfArrays())}


def field_data(data):
    fd = data.GetFieldData()
    return {fd.GetAbstractArray(i).GetName(): fd.GetAbstractArray(i).GetValue(0) for i in range(fd.GetNumberOfArrays())}


def restriction_error(fine, coarse):
    """Relative L2 difference of the coarse grid's Fourier modes (|k| < M/2 on both axes) of a fine
    field [N, N] from those of the coarse field [M, M]."""
    n, m = fine.shape[0], coarse.shape[0]
    a = np.fft.fft2(fine) / n**2
    b = np.fft.fft2(coarse) / m**2
    k = np.fft.fftfreq(m, 1.0 / m).astype(int)
    keep = np.abs(k) < m // 2
    ks = k[keep]
    fa = a[np.ix_(ks % n, ks % n)]
    fb = b[np.ix_(ks % m, ks % m)]
    return np.linalg.norm(fa - fb) / np.linalg.norm(fb)


def as_grid(values, n):
    return values.reshape(n, n)


def main():
    mode = sys.argv[1]
    case = sys.argv[2] if mode == "bad" else None
    plugin, models, held, work = sys.argv[-4:]
    superres_model = os.path.join(models, "ns-superres-64.sfm")
    coarse_path = os.path.join(work, "coarse.vti")
    origin, spacing = (2.0, -1.0, 0.5), (0.125, 0.125, 1.0)
    if mode == "write-input":
        os.makedirs(work, exist_ok=True)
        write_image(coarse_path, heldout(held, 16, 0), origin, spacing)
        return 0

    LoadPlugin(plugin, remote=False, ns=globals())
    ns = globals()  # the plugin's proxies are named after their XML labels
    if mode == "bad":
        return bad_input(case, ns, models, work)

    check(all(name in ns for name in ("GenerativeSuperResolution", "GenerativeSample",
                                      "ConditionalSamplefromObservations")),
          "the plugin provides the three proxies")
    superres = ns["GenerativeSuperResolution"]
    coarse = heldout(held, 16, 0)

    # Super-resolution of a held-out field, geometry kept.
    reader = XMLImageDataReader(FileName=[coarse_path])
    sr = superres(Input=reader, ModelFile=superres_model, NumberOfSamples=3, Sampler="Probability-flow ODE",
                  Steps=8, Seed=11, UpscaleFactor=4, InputArray=["POINTS", "vorticity"])
    out = fetch(sr)
    check(out.GetExtent() == (0, 63, 0, 63, 0, 0), "fine extent 64^2 (got %s)" % (out.GetExtent(),))
    check(np.allclose(out.GetSpacing(), (0.125 / 4, 0.125 / 4, 1.0)), "spacing divided by 4 (got %s)" % (out.GetSpacing(),))
    check(np.allclose(out.GetOrigin(), origin), "origin kept (got %s)" % (out.GetOrigin(),))
    got = arrays(out)
    check(sorted(got) == ["mean", "sample_0", "sample_1", "sample_2", "std"], "arrays sample_0..2, mean, std (got %s)" % sorted(got))
    fd = field_data(out)
    check(fd.get("model") == superres_model and fd.get("seed") == 11 and fd.get("sampler") == "ode" and fd.get("steps") == 8,
          "field data records model, seed, sampler, steps (%s)" % fd)
    check("sampling_seconds" in fd and fd["sampling_seconds"] > 0, "field data records the sampling time")
    # The panel's Upscale Factor range is the model's: ns-superres-64 was trained with factors 4 and 8.
    sr.UpdatePropertyInformation()
    factor_range = sr.GetProperty("UpscaleFactor").SMProperty.GetDomain("range")
    span = (factor_range.GetMinimum(0), factor_range.GetMaximum(0))
    check(span == (4, 8), "the Upscale Factor range is the model's factors 4..8 (got %s)" % (span,))
    card = fd.get("model_card", "")
    check("task           superres" in card and "16 -> 64" in card and "8 -> 64" in card,
          "field data holds the model's card: task and the grids it was trained for (%r)" % card)
    mean = as_grid(got["mean"], 64)
    err = restriction_error(mean, coarse)
    check(err <= 0.05, "mean restricts to the coarse field: %.4f <= 0.05" % err)
    samples = np.stack([got["sample_%d" % k] for k in range(3)])
    check(np.all(np.isfinite(samples)), "samples finite")
    check(np.allclose(got["mean"], samples.mean(0), atol=1e-5) and np.allclose(got["std"], samples.std(0, ddof=1), atol=1e-5),
          "mean and std are the ensemble's")
    check(got["std"].mean() > 1e-3 * np.abs(coarse).max(), "samples differ (ensemble spread %.3g)" % got["std"].mean())

    # The same result as `scorefield superres` on the same file, model and seed.
    cli_reader = XMLImageDataReader(FileName=[os.path.join(work, "cli.vti")])
    cli = fetch(cli_reader)
    cli_arrays = arrays(cli)
    check(cli.GetExtent() == out.GetExtent() and np.allclose(cli.GetSpacing(), out.GetSpacing())
          and np.allclose(cli.GetOrigin(), out.GetOrigin()), "same grid as the CLI")
    scale = np.abs(cli_arrays["sample_0"]).max()
    diff = max(np.abs(cli_arrays[name] - got[name]).max() for name in got) / scale
    check(diff <= 1e-4, "equals `scorefield superres` (max difference %.2g of the field's range)" % diff)
    # The multistep sampler: the panel's "Multistep ODE" is the CLI's `--sampler ode2m`.
    sr.Sampler = "Multistep ODE"
    multistep = fetch(sr)
    check(field_data(multistep).get("sampler") == "ode2m", "field data records the multistep sampler")
    cli_2m = arrays(fetch(XMLImageDataReader(FileName=[os.path.join(work, "cli_ode2m.vti")])))
    got_2m = arrays(multistep)
    diff_2m = max(np.abs(cli_2m[name] - got_2m[name]).max() for name in got_2m) / scale
    check(diff_2m <= 1e-4, "Multistep ODE equals `scorefield superres --sampler ode2m` (%.2g)" % diff_2m)
    sr.Sampler = "Probability-flow ODE"

    # The seed decides the samples; changing only the seed reuses the loaded model.
    loads = fd["model_loads_in_process"]
    again = arrays(fetch(sr))  # unchanged proxy: the cached pipeline output
    sr.Seed = 12
    other = fetch(sr)
    check(field_data(other).get("model_cache") == "reused" and field_data(other)["model_loads_in_process"] == loads,
          "a new seed does not reload the model")
    check(np.abs(arrays(other)["sample_0"] - got["sample_0"]).max() > 1e-2 * scale, "another seed, other samples")
    sr.Seed = 11
    check(np.array_equal(arrays(fetch(sr))["sample_0"], got["sample_0"]) and np.array_equal(again["sample_0"], got["sample_0"]),
          "the same seed gives the same samples")

    # BF16: the same draws with the network's trunk in bfloat16 differ from FP32 by rounding only.
    # Two independent samples differ by about sqrt(2) = 1.41 times a sample's distance to the
    # ensemble mean; rounding carried through 15 evaluations must stay far below that (measured
    # 0.18 here: this field's fine-scale spread is small; bound 0.5). The engine's precision tests
    # bound the statistics.
    sr.Precision = "BF16"
    low = fetch(sr)
    if native_bf16():
        check(field_data(low).get("precision") == "bf16" and field_data(low).get("model_cache") == "reused",
              "BF16 recorded in the field data, model reused")
        low_diff = np.linalg.norm(arrays(low)["sample_0"] - got["sample_0"])
        spread = np.linalg.norm(got["sample_0"] - got["mean"])
        check(1e-6 * spread < low_diff < 0.5 * spread,
              "BF16 differs from FP32 by rounding, well inside the spread (%.3f of it)" % (low_diff / spread))
    else:
        # The engine refuses bf16 on a CPU that only emulates it (precision.hpp): an empty output.
        check(low.GetNumberOfPoints() == 0, "BF16 on a CPU without native bfloat16 gives no output")
    sr.Precision = "FP32"

    # No Model File: the shipped model of the task; a file name alone: found in the model folders.
    default = fetch(superres(Input=reader, NumberOfSamples=1, Steps=2, InputArray=["POINTS", "vorticity"]))
    used = field_data(default).get("model", "")
    check(os.path.basename(used) == "ns-superres.sfm" and default.GetNumberOfPoints() == 64 * 64,
          "an empty Model File uses the shipped ns-superres.sfm (%s, %d points)" % (used, default.GetNumberOfPoints()))
    named = fetch(superres(Input=reader, ModelFile="ns-superres-64.sfm", NumberOfSamples=1, Steps=2,
                           InputArray=["POINTS", "vorticity"]))
    check(os.path.realpath(field_data(named).get("model", "")) == os.path.realpath(superres_model),
          "a model's file name alone is found in the model folders (%s)" % field_data(named).get("model"))

    # Abort: the first progress report asks the filter to stop; the engine stops at the next step
    # and the output is empty (a warning, not an error).
    algorithm = sr.GetClientSideObject()
    reports = []

    def abort(caller, event):
        reports.append(caller.GetProgress())
        caller.SetAbortExecute(1)

    tag = algorithm.AddObserver("ProgressEvent", abort)
    sr.Seed = 13
    sr.Steps = 50
    aborted = fetch(sr)
    algorithm.RemoveObserver(tag)
    algorithm.SetAbortExecute(0)
    # The pipeline itself reports 0 and 1 around each execution (and may execute more than once);
    # the sampler's own reports lie between, and must stop after its first step (1/50).
    steps = [p for p in reports if 0.0 < p < 1.0]
    check(aborted.GetNumberOfPoints() == 0 and steps and max(steps) <= 0.02 + 1e-9,
          "abort stops sampling after its first step (sampler progress %s), %d points"
          % (sorted(set(steps)), aborted.GetNumberOfPoints()))
    sr.Steps = 8

    # Cell data: the same field on cells gives the same samples on the fine grid's cells.
    cells_path = os.path.join(work, "coarse_cells.vti")
    write_image(cells_path, coarse, origin, spacing, cells=True)
    src = superres(Input=XMLImageDataReader(FileName=[cells_path]), ModelFile=superres_model, NumberOfSamples=3,
                   Steps=8, Seed=11, InputArray=["CELLS", "vorticity"])
    cells_out = fetch(src)
    cell_arrays = arrays(cells_out, cells=True)
    check(cells_out.GetExtent() == (0, 64, 0, 64, 0, 0) and "mean" in cell_arrays,
          "cell data in, cell data out on 64^2 cells (extent %s)" % (cells_out.GetExtent(),))
    check("mean" in cell_arrays and np.abs(cell_arrays["sample_0"] - got["sample_0"]).max() <= 1e-4 * scale,
          "cell data gives the point-data samples")

    # ParaView's Wavelet source, a 32^2 slice, super-resolved 2x.
    wavelet = Wavelet(WholeExtent=[0, 31, 0, 31, 0, 0])
    wave = fetch(wavelet)
    rt = as_grid(arrays(wave)["RTData"], 32)
    wsr = superres(Input=wavelet, ModelFile=superres_model, NumberOfSamples=2, Steps=8, Seed=3, UpscaleFactor=2,
                   InputArray=["POINTS", "RTData"])
    wout = fetch(wsr)
    check(wout.GetExtent() == (0, 63, 0, 63, 0, 0) and np.allclose(wout.GetSpacing(), (0.5, 0.5, 1.0)),
          "Wavelet 32^2 -> 64^2, spacing 0.5 (got %s, %s)" % (wout.GetExtent(), wout.GetSpacing()))
    werr = restriction_error(as_grid(arrays(wout)["mean"], 64), rt)
    check(werr <= 0.05, "Wavelet: mean restricts to the input: %.4f <= 0.05" % werr)

    # Conditioning Size: a held-out 32^2 field conditioned on its 16^2 restriction and super-resolved
    # 2x gives the samples of the 16^2 restriction itself super-resolved 4x with the same seed. Both
    # restrictions keep the modes |k| < 8 in double precision (the engine's sf_restrict, numpy here)
    # and round to float32, so the inputs differ by rounding and the samples by ~1e-6 of their range
    # (as against the CLI above); a wrong restriction or factor would differ by O(1): bound 1e-4.
    field32 = heldout(held, 32, 1)
    path32 = os.path.join(work, "coarse32.vti")
    write_image(path32, field32, origin, spacing)
    spectrum = np.fft.fft2(field32)
    k32 = np.fft.fftfreq(32, 1.0 / 32).astype(int)
    kept = k32[np.abs(k32) < 8]
    low = np.zeros((16, 16), complex)
    low[np.ix_(kept % 16, kept % 16)] = spectrum[np.ix_(kept % 32, kept % 32)]
    field16 = np.real(np.fft.ifft2(low)) * (16 * 16) / (32 * 32)
    path16 = os.path.join(work, "coarse16_restricted.vti")
    write_image(path16, field16, origin, (spacing[0] * 2, spacing[1] * 2, 1.0))
    conditioned = superres(Input=XMLImageDataReader(FileName=[path32]), ModelFile=superres_model, NumberOfSamples=2,
                           Steps=8, Seed=21, UpscaleFactor=2, ConditioningSize=16, InputArray=["POINTS", "vorticity"])
    cout = fetch(conditioned)
    direct = fetch(superres(Input=XMLImageDataReader(FileName=[path16]), ModelFile=superres_model, NumberOfSamples=2,
                            Steps=8, Seed=21, UpscaleFactor=4, InputArray=["POINTS", "vorticity"]))
    check(cout.GetExtent() == (0, 63, 0, 63, 0, 0) and np.allclose(cout.GetSpacing(), (0.125 / 2, 0.125 / 2, 1.0))
          and field_data(cout).get("conditioning_size") == 16,
          "Conditioning Size 16 on a 32^2 input: 64^2 output on the input's domain, recorded in the field data")
    ca, da = arrays(cout), arrays(direct)
    cdiff = max(np.abs(ca[name] - da[name]).max() for name in ca) / np.abs(da["sample_0"]).max()
    check(cdiff <= 1e-4, "Conditioning Size 16 equals super-resolving the 16^2 restriction (difference %.2g)" % cdiff)
    off = restriction_error(as_grid(ca["mean"], 64), field32)
    check(restriction_error(as_grid(ca["mean"], 64), field16) <= 0.05 and off > 1e-3,
          "the mean keeps the 16^2 restriction's modes and draws the input's modes 8..15 (%.3f off them)" % off)

    # Time series: every time step is super-resolved from its own coarse field.
    series = []
    for t in range(3):
        path = os.path.join(work, "series_%d.vti" % t)
        write_image(path, heldout(held, 16, t), origin, spacing)
        series.append(path)
    tsr = superres(Input=XMLImageDataReader(FileName=series), ModelFile=superres_model, NumberOfSamples=2, Steps=8,
                   Seed=5, InputArray=["POINTS", "vorticity"])
    check(list(tsr.TimestepValues) == [0.0, 1.0, 2.0], "time steps pass through (%s)" % list(tsr.TimestepValues))
    late = as_grid(arrays(fetch(tsr, 2.0))["mean"], 64)
    check(restriction_error(late, heldout(held, 16, 2)) <= 0.05 and restriction_error(late, coarse) > 0.2,
          "time 2 is super-resolved from the third file")

    # Generative Sample: an unconditional model on a grid of any size, extent and spacing.
    gen = ns["GenerativeSample"](ModelFile=os.path.join(models, "ns-unconditional-64.sfm"), Resolution=32,
                                 NumberOfSamples=2, Steps=8, Seed=4, Origin=[1.0, 2.0, 0.0], DomainSize=2 * math.pi)
    g = fetch(gen)
    garrays = arrays(g)
    check(g.GetExtent() == (0, 31, 0, 31, 0, 0) and np.allclose(g.GetSpacing()[:2], 2 * math.pi / 32)
          and np.allclose(g.GetOrigin(), (1.0, 2.0, 0.0)), "sample grid: 32^2, spacing 2pi/32, origin kept")
    check(sorted(garrays) == ["mean", "sample_0", "sample_1", "std"] and np.all(np.isfinite(garrays["sample_0"]))
          and garrays["sample_0"].std() > 0, "unconditional samples finite and not constant")

    # Conditional Sample from Observations: 5% of a held-out 64^2 field's points.
    truth = heldout(held, 64, 0)
    rng = np.random.default_rng(7)
    picked = rng.choice(64 * 64, size=205, replace=False)
    rows, cols = picked // 64, picked % 64
    points = vtkPoints()
    for r, c in zip(rows, cols):
        points.InsertNextPoint(c / 64.0, r / 64.0, 0.0)
    cloud = vtkPolyData()
    cloud.SetPoints(points)
    values = numpy_to_vtk(truth[rows, cols].astype(np.float32), deep=1)
    values.SetName("vorticity")
    cloud.GetPointData().AddArray(values)
    cloud_path = os.path.join(work, "observations.vtp")
    writer = vtkXMLPolyDataWriter()
    writer.SetDataModeToBinary()
    writer.SetFileName(cloud_path)
    writer.SetInputData(cloud)
    writer.Write()
    cond = ns["ConditionalSamplefromObservations"](Input=XMLPolyDataReader(FileName=[cloud_path]),
                                                   ModelFile=os.path.join(models, "ns-observations-64.sfm"),
                                                   Resolution=64, NumberOfSamples=2, Steps=8, Seed=9,
                                                   InputArray=["POINTS", "vorticity"])
    c = fetch(cond)
    carrays = arrays(c)
    mask = as_grid(carrays.get("observed_mask", np.zeros(64 * 64)), 64)
    check(c.GetExtent() == (0, 63, 0, 63, 0, 0) and np.allclose(c.GetSpacing()[:2], 1 / 64), "observation grid 64^2 on the unit square")
    check(mask.sum() == 205 and np.all(mask[rows, cols] == 1), "observed_mask marks exactly the 205 observed points")
    check(all(name in carrays for name in ("sample_0", "sample_1", "mean", "std")) and np.all(np.isfinite(carrays["mean"])),
          "conditional samples, mean and std written")

    print("all checks passed" if not failures else "FAILED: %d checks" % len(failures))
    return 1 if failures else 0


def bad_input(case, ns, models, work):
    """One bad input: the filter must report it (stderr) and leave an empty output, never crash."""
    superres = ns["GenerativeSuperResolution"]
    model = os.path.join(models, "ns-superres-64.sfm")
    coarse = XMLImageDataReader(FileName=[os.path.join(work, "coarse.vti")])
    if case == "missing_array":
        proxy = superres(Input=coarse, ModelFile=model, Steps=2, InputArray=["POINTS", "pressure"])
    elif case == "three_d":
        proxy = superres(Input=Wavelet(WholeExtent=[0, 15, 0, 15, 0, 15]), ModelFile=model, Steps=2)
    elif case == "non_square":
        proxy = superres(Input=Wavelet(WholeExtent=[0, 15, 0, 7, 0, 0]), ModelFile=model, Steps=2)
    elif case == "missing_model":
        proxy = superres(Input=coarse, ModelFile="/nonexistent/model.sfm", Steps=2)
    elif case == "unknown_model_name":
        proxy = superres(Input=coarse, ModelFile="nosuch.sfm", Steps=2)
    elif case == "wrong_task":
        proxy = superres(Input=coarse, ModelFile=os.path.join(models, "ns-unconditional-64.sfm"), Steps=2)
    elif case == "factor_too_large":
        proxy = superres(Input=coarse, ModelFile=model, Steps=2, UpscaleFactor=16)
    elif case == "nan_input":
        path = os.path.join(work, "nan.vti")
        field = np.zeros((16, 16))
        field[3, 4] = np.nan
        write_image(path, field, (0, 0, 0), (1, 1, 1))
        proxy = superres(Input=XMLImageDataReader(FileName=[path]), ModelFile=model, Steps=2)
    elif case == "conditioning_too_large":
        proxy = superres(Input=coarse, ModelFile=model, Steps=2, ConditioningSize=32)
    elif case == "tf32_on_cpu":
        proxy = superres(Input=coarse, ModelFile=model, Steps=2, Precision="TF32 (NVIDIA GPUs)")
    elif case == "sample_with_superres_model":
        proxy = ns["GenerativeSample"](ModelFile=model, Steps=2)
    else:
        raise SystemExit("unknown case " + case)
    proxy.UpdatePipeline()
    print("points=%d" % servermanager.Fetch(proxy).GetNumberOfPoints(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
