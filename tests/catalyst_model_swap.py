# script-version: 2.0
"""A Catalyst script for the model-under-fire test: in its first four steps the model file the
super-resolution filter reads (SCOREFIELD_MODEL) is, in turn, the good model, a truncated copy, a
model of the wrong task (SCOREFIELD_WRONG_MODEL) and the good model again (SCOREFIELD_GOOD_MODEL),
written in place by rank 0 between two barriers, as a user copying files would. Rank 0 prints what
every rank's piece of the super-resolved output holds (ParaView silences the other ranks' output),
so the test sees that each bad step failed on every rank without a hang and that the run went on
and recovered."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pipelines"))
import catalyst_settings as settings  # noqa: E402
from paraview import catalyst  # noqa: E402
from vtkmodules.vtkCommonCore import vtkIntArray  # noqa: E402
from vtkmodules.vtkParallelCore import vtkMultiProcessController  # noqa: E402

grid, fine = settings.superres_pipeline()
options = settings.catalyst_options(catalyst)
PHASES = ["good", "truncated", "wrong_task", "restored"]
calls = [0]


def put(phase):
    good, wrong = os.environ["SCOREFIELD_GOOD_MODEL"], os.environ["SCOREFIELD_WRONG_MODEL"]
    with open(wrong if phase == "wrong_task" else good, "rb") as f:
        data = f.read()
    with open(settings.MODEL, "wb") as f:
        f.write(data[: len(data) // 2] if phase == "truncated" else data)


def catalyst_execute(info):
    if calls[0] >= len(PHASES):
        return
    phase = PHASES[calls[0]]
    calls[0] += 1
    controller = vtkMultiProcessController.GetGlobalController()
    rank = controller.GetLocalProcessId() if controller else 0
    if rank == 0:
        put(phase)
    if controller:
        controller.Barrier()
    fine.UpdatePipeline(info.time)
    piece = fine.GetClientSideObject().GetOutputDataObject(0)
    mine, counts = vtkIntArray(), vtkIntArray()
    mine.InsertNextValue(piece.GetNumberOfCells())
    if controller and controller.GetNumberOfProcesses() > 1:
        controller.Gather(mine, counts, 0)
    else:
        counts = mine
    if rank == 0:
        for r in range(counts.GetNumberOfTuples()):
            print("catalyst: model %s on rank %d: %d cells" % (phase, r, counts.GetValue(r)), flush=True)
