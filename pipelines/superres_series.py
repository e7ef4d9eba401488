"""Super-resolves a time series of 2-D .vti files with the ScoreField ParaView plugin (pvpython or
pvbatch), writing one .vti per input with sample_0..K-1, mean and std, and a .pvd collection that
ParaView opens as one time series.

  pvpython pipelines/superres_series.py --model data/models/ns-superres.sfm --array vorticity \\
      --factor 4 --samples 8 --out out/series coarse_*.vti

The plugin is taken from --plugin, else from PV_PLUGIN_PATH (already loaded), else from this
checkout's build tree. Each time step uses the same seed, so a step's result does not depend on
which other steps are in the run. Outputs are written to a temporary name and renamed, so an
interrupted run never leaves a half-written file.
"""
import argparse
import glob
import os
import sys
import time

import paraview.simple as simple
from paraview import servermanager

HERE = os.path.dirname(os.path.abspath(__file__))


def load_plugin(path):
    if hasattr(simple, "GenerativeSuperResolution"):
        return  # auto-loaded through PV_PLUGIN_PATH
    if path is None:
        found = glob.glob(os.path.join(HERE, "..", "build", "lib", "paraview-*", "plugins", "ScoreField", "ScoreField.so"))
        if not found:
            sys.exit("error: the ScoreField plugin is not loaded; build it (bash scripts/build.sh), pass --plugin "
                     "PATH/ScoreField.so, or set PV_PLUGIN_PATH to its folder")
        path = found[0]
    simple.LoadPlugin(path, remote=False)  # adds the filters to paraview.simple


def write_atomically(proxy, path):
    tmp = path + ".part.vti"
    # Inline binary data: this platform's VTK cannot read back appended data over 4 KiB.
    simple.SaveData(tmp, proxy=proxy, DataMode="Binary", CompressorType="None")
    os.replace(tmp, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("inputs", nargs="+", help="coarse .vti files, in time order")
    parser.add_argument("--model", required=True, help="a model trained with task \"superres\"")
    parser.add_argument("--array", required=True, help="the point array to super-resolve")
    parser.add_argument("--factor", type=int, default=4)
    parser.add_argument("--samples", type=int, default=8)
    parser.add_argument("--sampler", default="Probability-flow ODE",
                        choices=["Annealed Langevin", "Reverse SDE", "Probability-flow ODE", "Multistep ODE"])
    parser.add_argument("--steps", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--plugin", help="ScoreField.so (default: PV_PLUGIN_PATH, then this checkout's build)")
    args = parser.parse_args()
    for path in args.inputs:
        if not os.path.isfile(path):
            sys.exit("error: input '%s' does not exist" % path)
    if not os.path.isfile(args.model):
        sys.exit("error: model '%s' does not exist" % args.model)
    load_plugin(args.plugin)
    os.makedirs(args.out, exist_ok=True)

    reader = simple.XMLImageDataReader(FileName=args.inputs)
    superres = simple.GenerativeSuperResolution(Input=reader, ModelFile=os.path.abspath(args.model),
                                                InputArray=["POINTS", args.array], UpscaleFactor=args.factor,
                                                NumberOfSamples=args.samples, Sampler=args.sampler,
                                                Steps=args.steps, Seed=args.seed)
    times = list(reader.TimestepValues) if len(args.inputs) > 1 else [0.0]
    entries = []
    start = time.time()
    for i, (path, t) in enumerate(zip(args.inputs, times)):
        superres.UpdatePipeline(t)
        out = servermanager.Fetch(superres)
        if out.GetNumberOfPoints() == 0:
            sys.exit("error: super-resolving '%s' failed (see the messages above)" % path)
        name = os.path.splitext(os.path.basename(path))[0] + "_superres.vti"
        write_atomically(superres, os.path.join(args.out, name))
        entries.append((t, name))
        print("[%d/%d] %s -> %s (%.1f s)" % (i + 1, len(args.inputs), path, name, time.time() - start), flush=True)

    collection = os.path.join(args.out, "superres.pvd")
    with open(collection + ".part", "w") as f:
        f.write('<?xml version="1.0"?>\n<VTKFile type="Collection" version="0.1">\n  <Collection>\n')
        for t, name in entries:
            f.write('    <DataSet timestep="%.17g" file="%s"/>\n' % (t, name))
        f.write("  </Collection>\n</VTKFile>\n")
    os.replace(collection + ".part", collection)
    print("wrote %d super-resolved steps and %s" % (len(entries), collection))


if __name__ == "__main__":
    main()
