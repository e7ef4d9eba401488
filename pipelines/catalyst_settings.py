"""Settings shared by the ScoreField Catalyst scripts (catalyst_*.py), from the environment, so that
one script serves any run:

  SCOREFIELD_MODEL     super-resolution model (default: data/models/ns-superres.sfm)
  SCOREFIELD_FACTOR    upscale factor (4)
  SCOREFIELD_CONDITIONING  condition on the simulation's field restricted to this many cells per side
                       (0, the default: on the field itself; the filter's Conditioning Size)
  SCOREFIELD_SAMPLES   ensemble size (4)
  SCOREFIELD_SAMPLER   ode (Heun, the default) or ode2m (multistep: one network evaluation per step)
  SCOREFIELD_STEPS     sampler steps (16)
  SCOREFIELD_START_SIGMA  start the sampler at this noise level from the noised coarse field (0: from
                       pure noise at the top level; the filter's Start Noise Level)
  SCOREFIELD_SEED      seed (0); every in-situ step uses it, as `scorefield superres --seed` does
  SCOREFIELD_PRECISION network arithmetic: FP32 (default), BF16, or TF32 on NVIDIA GPUs
  SCOREFIELD_DEVICE    CPU (default) or CUDA
  SCOREFIELD_EVERY     run every this many simulation steps (50)
  SCOREFIELD_OUTPUT    extracts directory (out/insitu)
  SCOREFIELD_PLUGIN    ScoreField.so, when PV_PLUGIN_PATH does not load it already

It also loads the ScoreField plugin and makes the Generative Super-Resolution filter on the
simulation's channel "input"."""
import glob
import os

from paraview import simple

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
env = os.environ
MODEL = env.get("SCOREFIELD_MODEL", os.path.join(ROOT, "data", "models", "ns-superres.sfm"))
FACTOR = int(env.get("SCOREFIELD_FACTOR", "4"))
CONDITIONING = int(env.get("SCOREFIELD_CONDITIONING", "0"))
SAMPLES = int(env.get("SCOREFIELD_SAMPLES", "4"))
STEPS = int(env.get("SCOREFIELD_STEPS", "16"))
START_SIGMA = float(env.get("SCOREFIELD_START_SIGMA", "0"))
SAMPLERS = {"ode": "Probability-flow ODE", "ode2m": "Multistep ODE"}
if env.get("SCOREFIELD_SAMPLER", "ode") not in SAMPLERS:
    raise ValueError("SCOREFIELD_SAMPLER must be ode or ode2m (got %r)" % env.get("SCOREFIELD_SAMPLER"))
SAMPLER = SAMPLERS[env.get("SCOREFIELD_SAMPLER", "ode")]
SEED = int(env.get("SCOREFIELD_SEED", "0"))
EVERY = int(env.get("SCOREFIELD_EVERY", "50"))
OUTPUT = env.get("SCOREFIELD_OUTPUT", os.path.join("out", "insitu"))
PRECISIONS = {"FP32": "FP32", "BF16": "BF16", "TF32": "TF32 (NVIDIA GPUs)"}
DEVICE = env.get("SCOREFIELD_DEVICE", "CPU").upper()
if env.get("SCOREFIELD_PRECISION", "FP32").upper() not in PRECISIONS or DEVICE not in ("CPU", "CUDA"):
    raise ValueError("SCOREFIELD_PRECISION must be FP32, BF16 or TF32 and SCOREFIELD_DEVICE CPU or CUDA "
                     "(got %r, %r)" % (env.get("SCOREFIELD_PRECISION"), env.get("SCOREFIELD_DEVICE")))
PRECISION = PRECISIONS[env.get("SCOREFIELD_PRECISION", "FP32").upper()]


def load_plugin():
    if hasattr(simple, "GenerativeSuperResolution"):
        return
    path = env.get("SCOREFIELD_PLUGIN")
    if not path:
        found = glob.glob(os.path.join(ROOT, "build", "lib", "paraview-*", "plugins", "ScoreField", "ScoreField.so"))
        if not found:
            raise RuntimeError("the ScoreField plugin is not loaded: set SCOREFIELD_PLUGIN or PV_PLUGIN_PATH")
        path = found[0]
    simple.LoadPlugin(path, remote=False)


def superres_pipeline():
    """The simulation's grid (channel "input") and its super-resolution. Scripts loaded together
    share them (found by name), so the ensemble is drawn once per step, whatever each script
    then does with it."""
    load_plugin()
    grid = simple.FindSource("input") or simple.TrivialProducer(registrationName="input")
    fine = simple.FindSource("superres") or simple.GenerativeSuperResolution(
        registrationName="superres", Input=grid, ModelFile=MODEL,
                                            InputArray=["CELLS", "vorticity"], UpscaleFactor=FACTOR,
                                            ConditioningSize=CONDITIONING,
                                            NumberOfSamples=SAMPLES, Sampler=SAMPLER, Steps=STEPS, StartNoiseLevel=START_SIGMA,
                                            Seed=SEED, Precision=PRECISION, Device=DEVICE)
    return grid, fine


def gather_cells(source, names, time, first_cell=None):
    """The whole grid of `source`'s output at `time` on rank 0, assembled from every rank's piece: a dict of
    cell array name -> [rows, columns] numpy array on rank 0, None on other ranks. Collective.
    A list passed as `first_cell` receives, on rank 0, the (x, y) index of the grid's first cell."""
    import numpy as np
    from vtkmodules.util.numpy_support import numpy_to_vtk, vtk_to_numpy
    from vtkmodules.vtkCommonCore import vtkDoubleArray, vtkIntArray
    from vtkmodules.vtkParallelCore import vtkMultiProcessController

    source.UpdatePipeline(time)
    piece = source.GetClientSideObject().GetOutputDataObject(0)
    extent = piece.GetExtent()
    controller = vtkMultiProcessController.GetGlobalController()
    ranks = controller.GetNumberOfProcesses() if controller else 1
    mine_extent = vtkIntArray()
    for e in extent:
        mine_extent.InsertNextValue(e)
    all_extents = vtkIntArray()
    values = {}
    if ranks > 1:
        controller.GatherV(mine_extent, all_extents, 0)
    else:
        all_extents.DeepCopy(mine_extent)
    for name in names:
        local = numpy_to_vtk(vtk_to_numpy(piece.GetCellData().GetArray(name)).astype(np.float64), deep=1)
        gathered = vtkDoubleArray()
        if ranks > 1:
            controller.GatherV(local, gathered, 0)
        else:
            gathered.DeepCopy(local)
        values[name] = vtk_to_numpy(gathered)
    if ranks > 1 and controller.GetLocalProcessId() != 0:
        return None
    extents = vtk_to_numpy(all_extents).reshape(-1, 6)
    # Cells: one fewer than points on each axis of the plane (x, y).
    columns = extents[:, 1].max() - extents[:, 0].min()
    rows = extents[:, 3].max() - extents[:, 2].min()
    x0, y0 = extents[:, 0].min(), extents[:, 2].min()
    if first_cell is not None:
        first_cell[:] = [int(x0), int(y0)]
    result = {}
    for name in names:
        field = np.zeros((rows, columns))
        offset = 0
        for e in extents:
            width, height = e[1] - e[0], e[3] - e[2]
            field[e[2] - y0:e[3] - y0, e[0] - x0:e[1] - x0] = values[name][offset:offset + width * height].reshape(height, width)
            offset += width * height
        result[name] = field
    return result


def catalyst_options(catalyst):
    """The standard Catalyst options: output directory and frequency."""
    options = catalyst.Options()
    options.ExtractsOutputDirectory = OUTPUT
    options.GlobalTrigger = "TimeStep"
    options.GlobalTrigger.Frequency = EVERY
    return options
